// A tiny Slack Web API on 127.0.0.1: the console's "Slack". Tests extend it into a recording, failing fake
// (test/slack/fake-slack.ts); nothing test-only lives here.
//
// It answers the methods paperbot calls in the shapes Slack documents (https://docs.slack.dev/reference/methods),
// serves response_url posts (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses), and
// hands every call ('call' event) and every posted message ('post' event) to listeners. It keeps no list of calls,
// so a long console session does not grow.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message } from '../blocks/message.ts';

/** One request the fake received. `method` is a Web API method name, or `response_url` for respond() posts. */
export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  /** For response_url posts: the context the URL was minted for. */
  responseUrl?: ResponseUrlContext;
  /** What the fake answered: HTTP status and Slack error code (undefined when ok). */
  status: number;
  error?: string;
  /** Set when the call showed a message to someone. */
  posted?: PostedMessage;
}

/** Where a response_url's messages go. */
export interface ResponseUrlContext {
  id: string;
  channel: string;
  user: string;
}

/** A message that reached "Slack", normalised over chat.postMessage/postEphemeral/update and response_url. */
export interface PostedMessage {
  via: string;
  channel: string;
  /** The user an ephemeral message is shown to. */
  user?: string;
  threadTs?: string;
  ts: string;
  ephemeral: boolean;
  /** response_url with replace_original: true (an in-place edit). */
  replaceOriginal: boolean;
  message: Message;
}

export interface LoopbackWebApiOptions {
  /** The bot's own user id (auth.test user_id). Default `UPAPERBOT`. */
  botUserId?: string;
  /** Default `BPAPERBOT`. */
  botId?: string;
  /** Default `TLOCAL`. */
  teamId?: string;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode tests). */
  socketUrl?: string;
  /** users.info answers; unknown users get a generic profile in `defaultTimezone`. */
  users?: Record<string, { name: string; tz?: string }>;
  /** Default `UTC`. */
  defaultTimezone?: string;
}

export class LoopbackWebApi extends EventEmitter {
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  socketUrl?: string;
  private server?: Server;
  private base = '';
  private tsCounter = 0;
  private responseUrls = new Map<string, ResponseUrlContext>();
  /** Files uploaded through files.getUploadURLExternal + the upload URL + files.completeUploadExternal, by file id. */
  readonly uploads = new Map<string, UploadedFile>();
  /** Views by id (views.publish / open / update), latest version. */
  readonly views = new Map<string, Record<string, any>>();

  constructor(private readonly opts: LoopbackWebApiOptions = {}) {
    super();
    this.botUserId = opts.botUserId ?? 'UPAPERBOT';
    this.botId = opts.botId ?? 'BPAPERBOT';
    this.teamId = opts.teamId ?? 'TLOCAL';
    this.socketUrl = opts.socketUrl;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port). */
  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Bolt's `clientOptions.slackApiUrl` (ends with '/', as the WebClient requires). */
  get apiUrl(): string {
    return `${this.base}api/`;
  }

  /** A fresh response_url whose posts go to `channel`, visible to `user` when ephemeral. */
  responseUrl(channel: string, user: string): string {
    const id = String(this.responseUrls.size + 1);
    this.responseUrls.set(id, { id, channel, user });
    return `${this.base}response/${id}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A subclass may answer (or not answer) a call itself and return true; the tests' fake Slack does, to fail or hang
   * a method on purpose (test/slack/fake-slack.ts). The bot's console never does.
   */
  protected intercept(_call: RecordedCall, _res: ServerResponse): boolean {
    return false;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const upload = /^\/upload\/(\w+)$/.exec(url.pathname);
    const args = upload ? { file_id: upload[1], length: raw.length } : parseBody(raw.toString('utf8'), contentType);
    if (upload) await this.receiveUpload(upload[1], raw, contentType);
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const resp = /^\/response\/(\w+)$/.exec(url.pathname);
    const method = api ? api[1] : resp ? 'response_url' : upload ? 'upload' : '';
    const call: RecordedCall = { method: method || url.pathname, args, status: 200 };
    if (resp) call.responseUrl = this.responseUrls.get(resp[1]);
    this.emit('call', call);
    if (this.intercept(call, res)) return;
    if (resp && !call.responseUrl) {
      call.status = 404;
      call.error = 'expired_url';
      return sendJson(res, 404, { ok: false, error: 'expired_url' });
    }
    if (api && !/^Bearer \S+/.test(String(req.headers.authorization ?? '')) && !args.token) {
      call.error = 'not_authed';
      return sendJson(res, 200, { ok: false, error: 'not_authed' });
    }
    const ts = this.nextTs();
    const answer = method ? this.answer(method, args, ts) : undefined;
    if (!answer) {
      call.status = 404;
      call.error = 'unknown_method';
      return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    }
    if (answer.ok === false) call.error = String(answer.error);
    else {
      call.posted = toPosted(call, ts);
      if (call.posted) this.emit('post', call.posted);
    }
    sendJson(res, 200, answer);
  }

  /** Bytes posted to an upload URL: raw, or (as the WebClient sends them) the one file part of a multipart form. */
  private async receiveUpload(id: string, raw: Buffer, contentType: string): Promise<void> {
    const file = this.uploads.get(id);
    if (!file) return;
    if (!contentType.includes('multipart/form-data')) {
      file.bytes = raw;
      return;
    }
    const form = await new Request('http://upload/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    for (const value of form.values()) if (typeof value !== 'string') file.bytes = Buffer.from(await value.arrayBuffer());
  }

  /** views.publish / open / push / update: https://docs.slack.dev/reference/methods/views.publish and siblings. */
  private view(method: string, args: Record<string, any>): Record<string, unknown> {
    const view = args.view;
    if (!view || typeof view !== 'object' || !Array.isArray(view.blocks)) return { ok: false, error: 'invalid_arguments' };
    if (method === 'views.publish' && !args.user_id) return { ok: false, error: 'invalid_arguments' };
    if ((method === 'views.open' || method === 'views.push') && !args.trigger_id) return { ok: false, error: 'invalid_arguments' };
    let id: string;
    if (method === 'views.update') {
      id = String(args.view_id ?? '');
      if (!this.views.has(id)) return { ok: false, error: 'not_found' };
    } else if (method === 'views.publish') id = `VHOME${String(args.user_id)}`;
    else id = `V${String(this.views.size + 1).padStart(6, '0')}`;
    const stored = { ...view, id, hash: `h${this.nextTs()}`, ...(method === 'views.publish' ? { user_id: args.user_id } : {}) };
    this.views.set(id, stored);
    return { ok: true, view: stored };
  }

  /** The documented success shape of each method the bot uses. */
  private answer(method: string, args: Record<string, any>, ts: string): Record<string, unknown> | undefined {
    const user = (id: string) => {
      const known = this.opts.users?.[id];
      const tz = known?.tz ?? this.opts.defaultTimezone ?? 'UTC';
      const name = known?.name ?? id.toLowerCase();
      return { id, team_id: this.teamId, name, real_name: name, tz, tz_label: tz, tz_offset: 0, is_bot: id === this.botUserId, deleted: false, profile: { real_name: name, display_name: name } };
    };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://paperbot-local.slack.com/', team: 'local', user: 'paperbot', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false };
      case 'chat.postMessage':
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        return { ok: true, channel: args.channel, ts, message: { type: 'message', user: this.botUserId, bot_id: this.botId, text: args.text, blocks: args.blocks, ts, thread_ts: args.thread_ts } };
      case 'chat.postEphemeral':
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        if (!args.user) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: ts };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.unfurl':
        // https://docs.slack.dev/reference/methods/chat.unfurl: channel + ts, or unfurl_id + source, and `unfurls`
        // (a JSON map of URL -> { blocks }); the answer is just { ok: true }.
        if (!((args.channel && args.ts) || (args.unfurl_id && args.source))) return { ok: false, error: 'invalid_arguments' };
        if (!args.unfurls || typeof args.unfurls !== 'object') return { ok: false, error: 'invalid_unfurls' };
        return { ok: true };
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: `https://paperbot-local.slack.com/archives/${args.channel}/p${String(args.message_ts ?? '').replace('.', '')}` };
      case 'users.info':
        return args.user ? { ok: true, user: user(String(args.user)) } : { ok: false, error: 'user_not_found' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X').replace(/^U/, '')}` } };
      case 'conversations.info':
        return { ok: true, channel: { id: args.channel, name: String(args.channel).toLowerCase(), is_channel: true, is_member: true } };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'response_url':
        return { ok: true };
      case 'views.publish':
      case 'views.open':
      case 'views.push':
      case 'views.update':
        return this.view(method, args);
      case 'files.getUploadURLExternal': {
        // https://docs.slack.dev/reference/methods/files.getUploadURLExternal
        if (!args.filename || !Number(args.length)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(this.uploads.size + 1).padStart(6, '0')}`;
        this.uploads.set(id, { id, filename: String(args.filename), bytes: Buffer.alloc(0), completed: false });
        return { ok: true, upload_url: `${this.base}upload/${id}`, file_id: id };
      }
      case 'upload':
        return this.uploads.has(String(args.file_id)) ? { ok: true } : { ok: false, error: 'file_not_found' };
      case 'files.completeUploadExternal': {
        // https://docs.slack.dev/reference/methods/files.completeUploadExternal: `files` is [{id, title}].
        const files = Array.isArray(args.files) ? (args.files as Array<{ id: string; title?: string }>) : [];
        const known = files.map((f) => this.uploads.get(f.id));
        if (!files.length || known.some((f) => !f || f.bytes.length === 0)) return { ok: false, error: 'file_not_found' };
        for (const [i, f] of known.entries()) Object.assign(f!, { completed: true, title: files[i].title, channel: args.channel_id, initialComment: args.initial_comment, threadTs: args.thread_ts });
        return { ok: true, files: known.map((f) => ({ id: f!.id, name: f!.filename, title: f!.title ?? f!.filename, size: f!.bytes.length })) };
      }
      default:
        return undefined;
    }
  }
}

/** A file a test can read back: what the bot uploaded, and where it completed the upload to. */
export interface UploadedFile {
  id: string;
  filename: string;
  bytes: Buffer;
  completed: boolean;
  title?: string;
  /** files.completeUploadExternal's channel_id (absent: uploaded privately). */
  channel?: string;
  initialComment?: string;
  threadTs?: string;
}

/** The message a successful call showed to someone, or undefined for calls that post nothing. */
function toPosted(call: RecordedCall, ts: string): PostedMessage | undefined {
  const a = call.args;
  const message: Message = { text: String(a.text ?? ''), ...(a.blocks ? { blocks: a.blocks } : {}) };
  switch (call.method) {
    case 'chat.postMessage':
      return { via: call.method, channel: a.channel, threadTs: a.thread_ts, ts, ephemeral: false, replaceOriginal: false, message };
    case 'chat.postEphemeral':
      return { via: call.method, channel: a.channel, user: a.user, threadTs: a.thread_ts, ts, ephemeral: true, replaceOriginal: false, message };
    case 'chat.update':
      return { via: call.method, channel: a.channel, ts: a.ts, ephemeral: false, replaceOriginal: true, message };
    case 'response_url': {
      if (!call.responseUrl || a.delete_original) return undefined;
      // Slack: response_type defaults to ephemeral; replace_original edits the message the button sat on.
      const ephemeral = a.response_type !== 'in_channel';
      return { via: call.method, channel: call.responseUrl.channel, user: ephemeral ? call.responseUrl.user : undefined, ts, ephemeral, replaceOriginal: a.replace_original === true || a.replace_original === 'true', message };
    }
    default:
      return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The WebClient posts form-encoded arguments with nested values as JSON strings; respond() posts JSON. */
function parseBody(raw: string, contentType: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return { _raw: raw };
    }
  }
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  delete out.token; // never keep a token in the record
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
