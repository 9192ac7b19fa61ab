// A Bolt Receiver for the local console: typed lines become slash commands, mentions, DMs and button clicks.
//
// Like Bolt's HTTP and Socket Mode receivers, it only builds Slack's payloads and hands them to
// app.processEvent with an ack; the same listeners answer, through the loopback Web API, which prints.
// Payload shapes follow Slack's docs: slash commands (https://docs.slack.dev/interactivity/implementing-slash-commands),
// Events API event_callback envelopes with app_mention / message.im, and block_actions. Clicks on ephemeral
// messages carry no `message` (as in Slack), so listeners must work from the button's value.
import { createInterface, type Interface } from 'node:readline';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { wrap } from '../blocks/console.ts';
import { ConsolePrinter } from './console-printer.ts';
import type { LoopbackWebApi } from './loopback-web-api.ts';

export interface ConsoleReceiverOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The loopback Web API the app's client points at; its posts are printed and it mints response URLs. */
  web: LoopbackWebApi;
  /** Who is typing. Default `UCONSOLE`. */
  userId?: string;
  /** The channel commands and mentions happen in. Default `CCONSOLE`. */
  channelId?: string;
  /** The DM channel plain lines go to. Default `DCONSOLE`. */
  dmChannelId?: string;
  /** Print the banner with examples on start. Default true. */
  banner?: boolean;
  /** ANSI bold and italics, and a prompt. Default: when output is a TTY. */
  interactive?: boolean;
}

export const CONSOLE_BANNER = `paperbot local console — no Slack needed; this runs the same listeners as the real bot.
  /paper robustness            search (only you see the answer)
  /paper like 2007.08489       papers like one (its arXiv id, arXiv link or DOI)
  /paper help                  everything /paper can do
  @paperbot backdoor attacks   a mention, answered in a thread
  backdoor attacks             a direct message to the bot
  3                            press button [3] of the last answer
  Ctrl-D or "quit" ends.
`;

export class ConsoleReceiver implements Receiver {
  private app?: App;
  private rl?: Interface;
  private printer?: ConsolePrinter;
  private counter = 0;
  private finished!: () => void;
  /** Resolves once input has ended (EOF or "quit") and every typed line has been answered. */
  readonly ended: Promise<void> = new Promise((resolve) => (this.finished = resolve));

  /** Set once the output failed (its reader went away, as in `npm start | head -1`): nothing more is written. */
  private outputClosed = false;

  constructor(private readonly opts: ConsoleReceiverOptions) {
    // Without a listener an EPIPE is an uncaught exception: the bot logged it and kept waiting for input (or, with
    // stderr closed as well, logged the failure to log it, at 100% CPU). With no reader there is no conversation:
    // end it the way EOF does, so the bot shuts down and exits 0. Listening from the start also covers text written
    // to the output before start() (the empty-library note).
    opts.output.on('error', () => this.closeOutput());
  }

  get userId(): string {
    return this.opts.userId ?? 'UCONSOLE';
  }
  get channelId(): string {
    return this.opts.channelId ?? 'CCONSOLE';
  }
  get dmChannelId(): string {
    return this.opts.dmChannelId ?? 'DCONSOLE';
  }

  init(app: App): void {
    this.app = app;
  }

  /** Prints the banner and starts reading lines; each line is answered before the next is read. */
  async start(): Promise<void> {
    const { input, output } = this.opts;
    if (this.outputClosed) return this.finished();
    const interactive = this.opts.interactive ?? Boolean((output as { isTTY?: boolean }).isTTY);
    // The ids are the console's own: shown as who and where they are, not as UCONSOLE / CCONSOLE.
    const names = { [this.userId]: 'you', [this.channelId]: 'this console', [this.dmChannelId]: 'a direct message' };
    this.printer = new ConsolePrinter(this.opts.web, output, { ansi: interactive, names });
    if (this.opts.banner ?? true) output.write(wrap(CONSOLE_BANNER, (output as { columns?: number }).columns || 80));
    this.rl = createInterface({ input, terminal: false });
    void this.readLines(interactive);
  }

  async stop(): Promise<void> {
    this.rl?.close();
    this.printer?.detach();
  }

  /** The output is gone: print nothing more, read nothing more, and let `ended` resolve (the bot then shuts down). */
  private closeOutput(): void {
    if (this.outputClosed) return;
    this.outputClosed = true;
    this.printer?.detach();
    if (this.rl) this.rl.close();
    else this.finished();
  }

  /** Runs one typed line through the app (exported for tests that drive the console without a stream). */
  async handleLine(line: string): Promise<void> {
    const text = line.trim();
    if (!text) return;
    const printer = this.printer!;
    if (/^\d+$/.test(text)) {
      const button = printer.buttons.find((b) => b.n === Number(text));
      if (!button) return printer.note(printer.buttons.length ? `There is no button [${text}] on the last answer.` : 'No buttons to press yet.');
      return this.dispatch(this.blockActions(button));
    }
    const command = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
    if (command) {
      if (command[1] !== '/paper') return printer.note(`${command[1]} is not a command here; try /paper help.`);
      return this.dispatch(this.slashCommand(command[2]));
    }
    const mention = /^@paperbot\b:?\s*([\s\S]*)$/i.exec(text);
    if (mention) return this.dispatch(this.appMention(mention[1]));
    return this.dispatch(this.directMessage(text));
  }

  private async readLines(interactive: boolean): Promise<void> {
    const prompt = () => interactive && !this.outputClosed && this.opts.output.write('> ');
    prompt();
    try {
      for await (const line of this.rl!) {
        if (this.outputClosed || /^(quit|exit)$/i.test(line.trim())) break;
        await this.handleLine(line);
        prompt();
      }
    } finally {
      this.rl?.close();
      this.finished();
    }
  }

  private async dispatch(body: Record<string, unknown>): Promise<void> {
    const event: ReceiverEvent = {
      body,
      // The console has no HTTP response: an ack body (rare; we respond via response_url) is printed like a post.
      ack: async (response?: unknown) => {
        if (response && typeof response === 'object') {
          this.printer?.print({ via: 'ack', channel: this.channelId, user: this.userId, ts: this.nextTs(), ephemeral: true, replaceOriginal: false, message: response as never });
        }
      },
    };
    try {
      await this.app!.processEvent(event);
    } catch (err) {
      this.printer?.note(`(error: ${String(err)})`);
    }
  }

  private nextTs(): string {
    this.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }

  private common() {
    return { team_id: this.opts.web.teamId, api_app_id: 'ALOCAL', trigger_id: `local.${this.counter}` };
  }

  private slashCommand(text: string): Record<string, unknown> {
    return {
      ...this.common(),
      token: 'local-verification-token',
      command: '/paper',
      text,
      user_id: this.userId,
      user_name: 'you',
      channel_id: this.channelId,
      channel_name: 'console',
      team_domain: 'local',
      response_url: this.opts.web.responseUrl(this.channelId, this.userId),
    };
  }

  private envelope(event: Record<string, unknown>): Record<string, unknown> {
    return { ...this.common(), type: 'event_callback', event_id: `EvLOCAL${this.counter}`, event_time: Math.floor(Date.now() / 1000), event };
  }

  private appMention(query: string): Record<string, unknown> {
    const ts = this.nextTs();
    const text = `<@${this.opts.web.botUserId}> ${query}`.trim();
    return this.envelope({ type: 'app_mention', user: this.userId, text, ts, channel: this.channelId, event_ts: ts });
  }

  private directMessage(text: string): Record<string, unknown> {
    const ts = this.nextTs();
    return this.envelope({ type: 'message', channel_type: 'im', user: this.userId, text, ts, channel: this.dmChannelId, event_ts: ts });
  }

  private blockActions(button: { actionId: string; blockId: string; value: string; label: string; posted: { channel: string; ts: string; ephemeral: boolean; message: unknown } }): Record<string, unknown> {
    const { posted } = button;
    const ts = this.nextTs();
    return {
      type: 'block_actions',
      ...this.common(),
      team: { id: this.opts.web.teamId, domain: 'local' },
      user: { id: this.userId, username: 'you', team_id: this.opts.web.teamId },
      channel: { id: posted.channel, name: 'console' },
      container: { type: 'message', message_ts: posted.ts, channel_id: posted.channel, is_ephemeral: posted.ephemeral },
      // Slack sends `message` only for non-ephemeral messages.
      ...(posted.ephemeral ? {} : { message: { type: 'message', ts: posted.ts, ...(posted.message as object) } }),
      response_url: this.opts.web.responseUrl(posted.channel, this.userId),
      actions: [{ type: 'button', action_id: button.actionId, block_id: button.blockId, value: button.value, text: { type: 'plain_text', text: button.label }, action_ts: ts }],
    };
  }
}
