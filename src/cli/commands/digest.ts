// `paperbot digest send|preview <channel-id>`: a channel's digests now, through the scheduler's own code path.
import { messageToConsole } from '../../blocks/console.ts';
import type { Config } from '../../config.ts';
import { describeSubscription } from '../../blocks/digest-replies.ts';
import { createDigestService } from '../../digests/index.ts';
import { systemClock } from '../../feeds/clock.ts';
import { digestWebClient } from '../../digests/slack-post.ts';
import { workspaceClients } from '../../slack/oauth.ts';
import { TokenCipher } from '../../slack/token-crypto.ts';
import { withEnrichment } from '../../library/enriched.ts';
import { Library } from '../../library/library.ts';
import { createLog } from '../../log.ts';
import { openIndex } from '../../search/snapshot.ts';
import { connectStore } from '../../store/index.ts';
import { CliError, parseOptions, requireConfig, type CliCommand } from '../io.ts';

const USAGE = 'usage: paperbot digest send <channel-id>      post the channel\'s digests now (needs SLACK_BOT_TOKEN)\n       paperbot digest preview <channel-id>   print them without posting or recording';

const WHAT: Record<string, string> = {
  sent: 'sent',
  empty: 'nothing new (nothing posted)',
  skipped: 'already sent today (once per local day)',
  failed: 'FAILED',
  paused: 'PAUSED',
  deferred: 'NOT SENT YET (Slack asked to wait; recorded, sent by the bot or the next `digest send` within the catch-up window)',
};

/**
 * The CLI only calls the Web API, so what only receiving needs is not asked for: Socket Mode's app token
 * and HTTP mode's signing secret. Everything else goes through the one config parser.
 */
function cliConfig(): Config {
  const env: NodeJS.ProcessEnv = { ...process.env, SLACK_APP_TOKEN: '' };
  if (env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) env.SLACK_SIGNING_SECRET = 'not-needed-by-the-cli';
  return requireConfig(env);
}

export const run: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [action, channel, ...extra] = positionals;
  if ((action !== 'send' && action !== 'preview') || !channel || extra.length) throw new CliError(USAGE);
  if (!/^[CGD][A-Z0-9]+$/.test(channel)) throw new CliError(`"${channel}" is not a channel id (like C0123ABCD): in Slack, open the channel's details to copy it.`);
  const config = cliConfig();
  if (action === 'send' && !config.slack.botToken && !config.slack.oauth) throw new CliError('digest send posts through the Slack Web API: set SLACK_BOT_TOKEN (xoxb-…), or the OAuth settings of an app installed in workspaces, and SLACK_API_URL for a local fake.', 1);

  const log = createLog(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr);
  // The same snapshot as the bot's: unchanged corpus files are not indexed again.
  const { index, issues } = await openIndex({ paths: config.papersPath, cacheDir: config.indexCachePath, log });
  if (issues.length) io.stderr.write(`(${issues.length} bad corpus records skipped; see \`paperbot corpus check\`)\n`);
  const store = await connectStore(config);
  const library = new Library(store.papers, systemClock, log);
  // The library the bot composes from: the corpus with its stored enrichment, and the papers arXiv polls fetched and
  // people shared links to (as src/app.ts opens it).
  await library.open(withEnrichment(index, await store.enrichments.fields()).index, (await store.papers.fetchedAfter(0)).papers);
  // Installed through OAuth: each workspace's digests post with its own stored token, as the bot does.
  const oauth = config.slack.oauth;
  const client = oauth && !config.slack.botToken ? workspaceClients(store.installations(new TokenCipher(oauth.tokenKey)), (token) => digestWebClient(token, config.slack.apiUrl)) : undefined;
  const service = createDigestService({ store, library, log, config, ...(client ? { client } : {}) });
  try {
    if (action === 'preview') {
      const previews = await service.previewChannel(channel);
      if (!previews.length) io.stdout.write(`No digests in ${channel}.\n`);
      for (const p of previews) {
        io.stdout.write(`#${p.subscription.id} ${messageToConsole({ text: describeSubscription(p.subscription) }).text}${p.subscription.status === 'paused' ? ` (paused: ${p.subscription.pauseReason})` : ''}\n`);
        // Buttons cannot be pressed in a terminal's output, so they are left out rather than numbered.
        io.stdout.write(`${messageToConsole(p.message, { buttons: false }).text}\n\n`);
      }
      return 0;
    }
    const outcomes = await service.sendChannel(channel);
    if (!outcomes.length) io.stdout.write(`No active digests in ${channel}.\n`);
    for (const o of outcomes) {
      const papers = o.status === 'sent' ? ` (${o.papers} ${o.papers === 1 ? 'paper' : 'papers'})` : '';
      io.stdout.write(`#${o.subscriptionId} ${o.localDate}: ${WHAT[o.status]}${papers}${o.error ? `: ${o.error}` : ''}\n`);
    }
    return outcomes.some((o) => o.status === 'failed' || o.status === 'paused' || o.status === 'deferred') ? 1 : 0;
  } finally {
    await service.stop();
    await library.settled();
    await store.close();
  }
};
