// `paperbot start` (npm start): reads .env and the config, then runs the bot in Socket Mode, HTTP mode or the local console.
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from '../../config.ts';
import { createLog, scrubSecrets } from '../../log.ts';
import { startBot, type Bot } from '../../slack/bot.ts';
import { SqliteEventDedupe } from '../../slack/shared-event-dedupe.ts';
import { openDatabase, type Db } from '../../store/database.ts';
import { createDigestService, type DigestService } from '../../digests/index.ts';
import type { CliCommand } from '../io.ts';

export const run: CliCommand = async (_args, io) => {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n(see .env.example)\n`);
      return 1;
    }
    throw err;
  }
  // In the console, stdout belongs to the conversation: log lines go to stderr, warnings and up only.
  const consoleMode = config.mode === 'console';
  const log = createLog(consoleMode && config.logLevel === 'info' ? 'warn' : config.logLevel, consoleMode ? process.stderr : undefined);
  process.on('unhandledRejection', (reason) => log.error({ event: 'unhandled_rejection' }, scrubSecrets(String((reason as Error)?.stack ?? reason))));
  process.on('uncaughtException', (err) => log.error({ event: 'uncaught_exception' }, scrubSecrets(String(err?.stack ?? err))));

  let exitCode = 0;
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  let db: Db;
  try {
    db = openDatabase(config.databasePath);
  } catch (err) {
    io.stderr.write(`paperbot could not open its database ${config.databasePath}: ${(err as Error)?.message ?? err}\n`);
    return 1;
  }
  // The digest service reads the bot's index (and its papers) lazily: it is swapped in once the corpus is indexed.
  let digests!: DigestService;
  let bot: Bot;
  try {
    bot = await startBot({
      config,
      log,
      input: process.stdin,
      output: io.stdout,
      exit: (code) => exit(code),
      // Replicas on one DATABASE_PATH share the seen event_ids, so a Slack retry sent to another one is still dropped.
      ...(config.mode === 'console' ? {} : { dedupe: new SqliteEventDedupe(db, { log }) }),
      digests: (services) =>
        (digests = createDigestService({
          db,
          index: () => services.index,
          papers: () => [...services.index.all()],
          log,
          config,
          // In the console, digests post to the loopback Web API like every other answer.
          ...(config.mode === 'console' ? { client: () => bot.app.client } : {}),
        })),
    });
  } catch (err) {
    db.close();
    io.stderr.write(`paperbot could not start: ${scrubSecrets(String((err as Error)?.message ?? err))}\n`);
    return 1;
  }
  // Order matters: stop the digests (finish sends in flight) before the database closes.
  bot.shutdown.add('digests', () => digests.stop()).add('database', () => db.close());
  bot.ready.then(() => digests.start()).catch((err) => log.error({ event: 'digests_failed' }, scrubSecrets(String(err?.message ?? err))));
  bot.shutdown.listen();
  bot.ready.catch((err) => {
    log.error({ event: 'corpus_failed' }, scrubSecrets(String(err?.message ?? err)));
    exitCode = 1;
    void bot.shutdown.run('corpus_failed');
  });
  if (bot.console) void bot.console.ended.then(() => bot.shutdown.run('end of input'));
  const code = Math.max(await exited, exitCode);
  // Everything is closed; if a stray handle (a reconnect timer, a half-open socket) would keep Node alive, leave anyway.
  setTimeout(() => process.exit(code), 1000).unref();
  return code;
};
