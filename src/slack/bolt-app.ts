// The Bolt App on a receiver: the shared error boundary first, then every listener (the composition root, src/app.ts, calls it).
import { App, type Receiver, type webApi } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import { registerListeners } from '../listeners/index.ts';
import type { Services } from '../listeners/services.ts';
import { boltLogger, scrubSecrets } from '../log.ts';
import { EventDedupe, type SeenEvents } from '../store/seen-events.ts';
import { errorBoundary } from './error-boundary.ts';
import { InFlight } from './in-flight.ts';

export interface SlackAppOptions {
  services: Services;
  /** HTTP, Socket Mode or console receiver (src/slack/receivers.ts, src/slack/console-receiver.ts). */
  receiver: Receiver;
  /**
   * The bot token (xoxb-…); in console mode any token the loopback accepts. Undefined with OAuth installs: the
   * receiver's installer then authorizes each request with its workspace's stored token.
   */
  token: string | undefined;
  /** Options for every WebClient the app makes; see `webClientOptions`. */
  clientOptions: webApi.WebClientOptions;
  /** Handlers running now; shared with shutdown. Default: a new tracker. */
  inflight?: InFlight;
  /** Seen event_ids. Default: a new 10-minute in-memory cache (this process only). */
  dedupe?: SeenEvents;
}

/**
 * Builds the app. Initialisation (auth.test) is deferred so that the caller can `await app.init()` and report a
 * bad token as one clear error instead of an unhandled rejection from Bolt's constructor.
 */
export function createSlackApp(opts: SlackAppOptions): App {
  const { services } = opts;
  const app = new App({
    token: opts.token,
    receiver: opts.receiver,
    logger: boltLogger(services.log),
    clientOptions: opts.clientOptions,
    deferInitialization: true,
    extendedErrorHandler: true,
  });
  app.use(errorBoundary({ log: services.log, inflight: opts.inflight ?? new InFlight(), dedupe: opts.dedupe ?? new EventDedupe() }));
  registerListeners(app, services);
  // Last resort for errors outside the boundary (authorization, middleware): log with context, never crash.
  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    const b = (body ?? {}) as Record<string, any>;
    services.log.error({ event: 'bolt_error', error: (error as { code?: string }).code ?? 'unknown', type: b.type ?? (b.command ? 'command' : undefined) }, scrubSecrets(String(error.message ?? error)));
  });
  return app;
}
