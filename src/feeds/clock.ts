// Time as the feeds and the digest scheduler see it: injectable, so tests can set "now" and skip waits.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Waits `ms` milliseconds (tests pass one that returns at once and records the wait). */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());
