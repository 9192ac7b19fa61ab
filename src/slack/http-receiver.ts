// HTTP mode's receiver: Bolt's HTTPReceiver behind our own server, which guards requests and drains them at shutdown.
//
// Bolt's HTTPReceiver.requestListener does the Slack work (verify, parse, ack, processEvent); this class owns the
// node:http server around it for two things Bolt does not do:
// - the request guard (request-guard.ts): future timestamps and bodies Bolt cannot handle are answered at once;
// - a stop that loses nothing: Bolt's stop is server.close(), which drops idle keep-alive sockets the moment it is
//   called, while clients are writing their next request on them (17–18 of 300 requests reset under load).
import { createServer, Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { HTTPModuleFunctions, HTTPReceiver, type App, type CustomRoute, type Receiver } from '@slack/bolt';
import { boltLogger, type Log } from '../log.ts';
import type { ReceiverOAuthOptions } from './oauth.ts';
import { checkRequest } from './request-guard.ts';

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  /** Default port for start(). */
  port: number;
  /** Extra GET routes (/healthz). */
  customRoutes?: CustomRoute[];
  log: Log;
  /** Where Slack posts commands, events and interactivity. Default `/slack/events`. */
  endpoint?: string;
  /** Now in epoch milliseconds, for the timestamp window. Default Date.now. */
  now?: () => number;
  /**
   * At stop: how long a socket that was idle when intake stopped may still bring the request its client was already
   * sending (it is answered with `Connection: close`). Default 250 ms.
   */
  lingerMs?: number;
  /** At stop: the longest wait for requests that arrived to be answered. Default 5 s (Bolt answers an un-acked one at 3 s). */
  drainMs?: number;
  /** OAuth installs (oauth.ts): Bolt then serves GET /slack/install and /slack/oauth_redirect. Default none. */
  oauth?: ReceiverOAuthOptions;
}

export class SlackHttpReceiver implements Receiver {
  /** Bolt's receiver, used for its request listener only (we own the server). */
  readonly bolt: HTTPReceiver;
  private server?: Server;
  private closing = false;
  /** Requests that arrived and are not answered yet. */
  private readonly pending = new Set<ServerResponse>();
  /** Requests and connections received so far (stop waits for loop turns that bring none). */
  private requests = 0;
  private connections = 0;
  private readonly endpoint: string;
  private readonly now: () => number;

  constructor(private readonly opts: SlackHttpReceiverOptions) {
    this.endpoint = opts.endpoint ?? '/slack/events';
    this.now = opts.now ?? Date.now;
    this.bolt = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      endpoints: this.endpoint,
      port: opts.port,
      customRoutes: opts.customRoutes ?? [],
      logger: boltLogger(opts.log),
      signatureVerification: true,
      ...opts.oauth,
    });
  }

  /**
   * Bolt's InstallProvider when OAuth is on. The App looks for `installer.authorize` on its receiver and, with no
   * token given, authorizes every request with the installation of the workspace it comes from.
   */
  get installer(): HTTPReceiver['installer'] {
    return this.bolt.installer;
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  /** Listens on `port` (default the one given at construction); resolves the server once it listens. */
  start(port: number = this.opts.port): Promise<Server> {
    if (this.server) return Promise.reject(new Error('the HTTP receiver is already started'));
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('connection', () => (this.connections += 1));
    this.server = server;
    this.closing = false;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => {
        this.server = undefined;
        server.close();
        reject(err);
      });
      server.listen(port, () => resolve(server));
    });
  }

  /**
   * Stops intake without dropping anything that arrived: the listening socket closes at once (new connections are
   * refused); every response from now on says `Connection: close`; sockets idle at this moment get `lingerMs` for the
   * request their client may already be sending; requests in progress get up to `drainMs` to be answered. Only then
   * are the remaining (idle) sockets closed. Handlers still running after their ack are shutdown's to wait for.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Connections the kernel has completed but the loop has not accepted yet wait in the listen backlog, and closing
    // the listener resets them, requests and all. The loop's poll phase accepts every one of them; setImmediate runs
    // right after it. So the listener closes after a turn that brought no new connection (at most 20 turns).
    for (let turn = 0, seen = -1; turn < 20 && seen !== this.connections; turn++) {
      seen = this.connections;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.closing = true;
    for (const res of this.pending) if (!res.headersSent) res.shouldKeepAlive = false;
    const closed = new Promise<void>((resolve) => {
      // net.Server's close, not http.Server's: the latter also destroys idle keep-alive sockets right now, which is
      // the reset this stop avoids. It calls back once every connection has ended.
      NetServer.prototype.close.call(server, () => resolve());
    });
    const started = Date.now();
    await sleep(this.opts.lingerMs ?? 250);
    const drainMs = this.opts.drainMs ?? 5000;
    for (;;) {
      // Timers run before the loop reads sockets: a busy loop can hold a request that already arrived unread, and a
      // socket closed with it unread resets the client. setImmediate runs after the read (poll) phase, so a socket
      // that brought a request since is now busy, and is answered before it closes.
      const seen = this.requests;
      await new Promise((resolve) => setImmediate(resolve));
      if ((this.pending.size === 0 && this.requests === seen) || Date.now() - started >= drainMs) break;
      await sleep(20);
    }
    if (this.pending.size > 0) this.opts.log.warn({ event: 'shutdown', step: 'drain', unanswered: this.pending.size }, 'requests still unanswered when the drain time ran out');
    server.closeIdleConnections();
    // A socket still open now is mid-request past the drain time: it goes too.
    const forced = setTimeout(() => server.closeAllConnections(), 1000);
    await closed;
    clearTimeout(forced);
    this.server = undefined;
    this.opts.log.info({ event: 'shutdown', step: 'http_closed', requests_received: this.requests, took_ms: Date.now() - started }, 'HTTP intake closed; every request received was answered');
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.requests += 1;
    this.pending.add(res);
    res.once('close', () => this.pending.delete(res));
    // A request on a kept-alive socket during stop is answered, and that socket then closes.
    if (this.closing) res.shouldKeepAlive = false;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === this.endpoint) void this.guarded(req, res);
    else this.dispatch(req, res);
  }

  /** Buffers the body (Bolt then reuses it), checks it, and hands it to Bolt or answers 400/401/413 at once. */
  private async guarded(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode?: number }).statusCode === 413;
      this.answer(res, tooLarge ? 413 : 400, tooLarge ? 'body over the size limit' : 'body could not be read');
      return;
    }
    const verdict = checkRequest({ headers: req.headers, body: raw.toString(), signingSecret: this.opts.signingSecret, nowMs: this.now() });
    if (!verdict.ok) {
      this.answer(res, verdict.status, verdict.reason);
      return;
    }
    this.dispatch(req, res);
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.bolt.requestListener(req, res);
    } catch (error) {
      // An unknown path (Bolt throws HTTPReceiverDeferredRequestError): 404, as Bolt's own server answers it.
      HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger: boltLogger(this.opts.log), request: req, response: res });
    }
  }

  private answer(res: ServerResponse, status: number, reason: string): void {
    this.opts.log.warn({ event: 'request_rejected', status, reason }, `Slack request refused (${status}): ${reason}`);
    if (!res.headersSent) res.writeHead(status);
    res.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
