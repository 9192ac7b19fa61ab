// Prints what the bot posts (via the loopback Web API) as readable text, and remembers the buttons to click.
import { messageToConsole, type ConsoleButton } from '../blocks/index.ts';
import type { LoopbackWebApi, PostedMessage } from './loopback-web-api.ts';

/** A button on screen, with where its message lives (a click's payload needs both). */
export interface ShownButton extends ConsoleButton {
  posted: PostedMessage;
}

export interface ConsolePrinterOptions {
  /** Bold and italic as ANSI escapes (only when the output is a terminal); plain words otherwise. Default false. */
  ansi?: boolean;
  /** Words for the console's own ids: its user → "you", its channel → "this console". */
  names?: Readonly<Record<string, string>>;
}

export class ConsolePrinter {
  /** Buttons of the latest message that had any; typing their number clicks them. */
  buttons: ShownButton[] = [];
  private readonly onPost = (posted: PostedMessage) => this.print(posted);

  constructor(
    private readonly web: LoopbackWebApi,
    private readonly out: NodeJS.WritableStream,
    private readonly opts: ConsolePrinterOptions = {},
  ) {
    web.on('post', this.onPost);
  }

  detach(): void {
    this.web.off('post', this.onPost);
  }

  /** The terminal's width, read at each message so a resized window gets lines that fit; 80 when piped. */
  private get width(): number {
    return (this.out as { columns?: number }).columns || 80;
  }

  print(posted: PostedMessage): void {
    const names = this.opts.names ?? {};
    const view = messageToConsole(posted.message, { emphasis: this.opts.ansi ? 'ansi' : 'plain', width: this.width, names });
    const where = posted.replaceOriginal
      ? 'updated in place'
      : [posted.ephemeral ? 'only visible to you' : `in ${names[posted.channel] ?? posted.channel}`, posted.threadTs ? 'in thread' : ''].filter(Boolean).join(', ');
    this.out.write(`\n── paperbot (${where}) ──\n${view.text}\n`);
    if (view.buttons.length) {
      this.buttons = view.buttons.map((b) => ({ ...b, posted }));
      this.out.write(`(type a number to press a button)\n`);
    }
  }

  /** Writes a line of our own (errors, notes). */
  note(text: string): void {
    this.out.write(`${text}\n`);
  }
}
