// `paperbot start` (npm start): reads the config, then runs the bot in Socket Mode, HTTP mode or the local console.
import { startPaperbot, LibraryError, type Paperbot } from '../../app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { createLog, scrubSecrets } from '../../log.ts';
import { StartError } from '../../slack/start-error.ts';
import { SchemaTooNewError } from '../../store/index.ts';
import { CliError, parseOptions, type CliCommand } from '../io.ts';

export const run: CliCommand = async (args, io) => {
  // `start` takes no options; a typo (`--port 4000`) must not be silently ignored.
  const { positionals } = parseOptions(args, {});
  if (positionals.length) throw new CliError(`start takes no arguments (got "${positionals[0]}"); settings come from the environment and .env (see .env.example)`);
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
  // A reader that went away (`npm start 2>&1 | head -1`) is not a crash: without a listener each failed write to
  // stderr is an uncaught exception whose log line fails again, a loop at 100% CPU. (stdout: the console ends itself.)
  process.stderr.on('error', () => {});
  process.on('unhandledRejection', (reason) => log.error({ event: 'unhandled_rejection' }, scrubSecrets(String((reason as Error)?.stack ?? reason))));
  process.on('uncaughtException', (err) => log.error({ event: 'uncaught_exception' }, scrubSecrets(String(err?.stack ?? err))));

  let exitCode = 0;
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  let bot: Paperbot;
  try {
    bot = await startPaperbot({ config, log, input: process.stdin, output: io.stdout, exit: (code) => exit(code) });
  } catch (err) {
    const known = err instanceof StartError || err instanceof LibraryError || err instanceof SchemaTooNewError;
    const what = scrubSecrets(String((err as Error)?.message ?? err));
    io.stderr.write(known ? `${what}\n` : `paperbot could not start: ${what}\n`);
    return 1;
  }
  bot.shutdown.listen();
  // A SIGTERM while the modules loaded or the bot started was caught (bin/paperbot.js) and is acted on now: stop at
  // once, close the database and exit 0, instead of dying by the signal with the database open.
  io.early?.release();
  const [early] = io.early?.received ?? [];
  if (early) void bot.shutdown.run(early);
  bot.ready.catch((err) => {
    const what = scrubSecrets(String(err?.message ?? err));
    log.error({ event: 'corpus_failed' }, what);
    if (err instanceof LibraryError) io.stderr.write(`${what}\n`);
    exitCode = 1;
    void bot.shutdown.run('corpus_failed');
  });
  if (bot.console) void bot.console.ended.then(() => bot.shutdown.run('end of input'));
  const code = Math.max(await exited, exitCode);
  // Everything is closed; if a stray handle (a reconnect timer, a half-open socket) would keep Node alive, leave anyway.
  setTimeout(() => process.exit(code), 1000).unref();
  return code;
};
