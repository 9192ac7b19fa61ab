// Builds the receiver for each way of reaching Slack, and the WebClient options every mode shares.
import { SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import { boltLogger, type Log } from '../log.ts';
import type { Health } from './health.ts';
import { SlackHttpReceiver } from './http-receiver.ts';
import type { ReceiverOAuthOptions } from './oauth.ts';

/**
 * WebClient options: `slackApiUrl` for tests and the console; bounded retries (the default retries for
 * ~30 minutes, which would hold a user's answer and a test hostage); 429s rejected at once so the user
 * hears "Slack is rate-limiting me" instead of waiting out Retry-After silently.
 */
export function webClientOptions(apiUrl?: string): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}

/**
 * HTTP mode: commands, events and interactivity all POST to /slack/events, and GET /healthz on the same port.
 * Bolt's HTTPReceiver behind our server (http-receiver.ts): a forged, stale or future-dated request gets 401, a body
 * Bolt cannot handle 400, and a stop answers every request that arrived.
 */
export function httpReceiver(config: Config, log: Log, health: Health, oauth?: ReceiverOAuthOptions): SlackHttpReceiver {
  return new SlackHttpReceiver({ signingSecret: config.slack.signingSecret ?? '', port: config.port, customRoutes: [health.route()], log, oauth });
}

/**
 * Socket Mode: events arrive over a WebSocket opened with the app token; /healthz is served on `port`
 * (Bolt's Socket Mode receiver starts an HTTP server for custom routes on installerOptions.port).
 */
export function socketReceiver(config: Config, log: Log, health: Health): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: config.slack.appToken ?? '',
    logger: boltLogger(log),
    customRoutes: [health.route()],
    installerOptions: { port: config.port, clientOptions: webClientOptions(config.slack.apiUrl) },
  });
}
