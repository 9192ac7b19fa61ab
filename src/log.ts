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

/**
 * True when `value` looks like a credential: a Slack token, one of the `known` secrets (or part of a value holding
 * one), a hex string of 32+ digits (a signing secret), or a long run of mixed letters and digits. Such a value is
 * never echoed, even in an error about the variable it was pasted into by mistake.
 */
export function looksLikeSecret(value: string, known: ReadonlyArray<string | undefined> = []): boolean {
  if (known.some((k) => k && k.length >= 8 && value.includes(k))) return true;
  if (/xox[a-z]-|xapp-/i.test(value) || /[0-9a-f]{32,}/i.test(value)) return true;
  return (value.match(/[A-Za-z0-9_-]{24,}/g) ?? []).some((run) => /[A-Za-z]/.test(run) && /\d/.test(run));
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
