// What every CLI subcommand shares: its signature, its output streams, its argument parser and the error for user mistakes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stop signals caught while the modules loaded (`bin/paperbot.js`), before a command could listen for them. */
  early?: EarlySignals;
}

/** SIGTERM or SIGINT received so far by a catcher installed first thing, and how to remove that catcher. */
export interface EarlySignals {
  received: NodeJS.Signals[];
  /** Removes the catcher: later signals take their default action, or the command's own handlers. */
  release(): void;
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

/** The flags a subcommand accepts, in node:util parseArgs' form. */
export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * The one argument parser of every subcommand: node:util parseArgs (strict, positionals allowed; a positional
 * starting with "-" goes after "--"). Its mistakes come out as one line in paperbot's words, which main()
 * prefixes with the command: `paperbot search: unknown option --foo (see paperbot help)`.
 */
export function parseOptions<O extends CliOptions>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code?.startsWith('ERR_PARSE_ARGS_')) throw err;
    throw new CliError(`${optionMistake(code, (err as Error).message)} (see paperbot help)`);
  }
}

/**
 * Node's parser explains its errors at length ("Unknown option '--foo'. To specify a positional argument
 * starting with a '-', …"); the option it names is all the user needs. Its codes are stable, its wording is
 * not, so an unrecognised wording falls back to its first sentence.
 */
function optionMistake(code: string, message: string): string {
  // Node quotes the option as '--foo', '-n, --limit <value>' or '--limit <value>': the long name is the one to show.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const name = /--[^\s,=<]+/.exec(quoted)?.[0] ?? /-[^\s,=<]+/.exec(quoted)?.[0];
  if (name && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${name}`;
  if (name && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/i.test(message)) return `${name} takes no value`;
    return `${name} needs a value`;
  }
  const first = message.split(/(?<=\.)\s|\n/)[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/**
 * The configuration when the environment parses, else undefined: a command that only reads papers (search, check)
 * must not stop at a setting it does not use (a bad PORT, a Slack token missing its partner).
 */
export function configIfValid(env: NodeJS.ProcessEnv = process.env): Config | undefined {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return undefined;
    throw err;
  }
}

/** The configuration, or one line saying what to set (exit code 1) for a command that needs it. */
export function requireConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 1);
    throw err;
  }
}
