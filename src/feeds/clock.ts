// Time as the feeds and the digest scheduler see it: injectable, so tests can set "now" and skip waits.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Waits `ms` milliseconds (tests pass one that returns at once and records the wait). When `signal` aborts, the
 * wait ends at once and the promise rejects with the signal's reason (shutdown cuts a retry backoff short).
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A real timer that keeps the process alive while it runs: a CLI whose only pending work is a Retry-After wait must
 * not exit in the middle of it (Node exits, code 13, when an awaited promise can never settle). The abort signal
 * clears the timer, so a stopped process is not held up by a wait nobody needs any more.
 */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
