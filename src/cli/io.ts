// What every CLI subcommand shares: its signature, its output streams and the error for user mistakes.

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A subcommand: takes its arguments (after the command name) and returns the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** A user mistake (bad flag, missing file): printed as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
