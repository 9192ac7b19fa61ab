// Structured logging: one JSON line per event, with context, never with tokens.
import pino, { type Logger as Pino } from 'pino';
import { LogLevel as BoltLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { LogLevel } from './config.ts';

export type Log = Pino;

/** Field names whose values are never written, wherever they appear in a logged object. */
const REDACT = ['token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'headers.authorization', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization'];

/** Creates the process logger. `destination` is for tests that read the lines back. */
export function createLog(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Log {
  return pino(
    { level, base: { app: 'paperbot' }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    (destination as pino.DestinationStream | undefined) ?? pino.destination(1),
  );
}

/** Strips anything that looks like a Slack token from free text (error messages can quote request bodies). */
export function scrubSecrets(text: string): string {
  return text.replace(/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]').replace(/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]');
}

/** Adapts the pino logger to Bolt's Logger interface, so Bolt's own messages are structured lines too. */
export function boltLogger(log: Log): BoltLogger {
  let level: BoltLevel = BoltLevel.INFO;
  const text = (msg: unknown[]) => scrubSecrets(msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' '));
  return {
    debug: (...msg) => log.debug({ src: 'bolt' }, text(msg)),
    info: (...msg) => log.info({ src: 'bolt' }, text(msg)),
    warn: (...msg) => log.warn({ src: 'bolt' }, text(msg)),
    error: (...msg) => log.error({ src: 'bolt' }, text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
