// When a subscription is due: its local time of day in its own zone, DST handled by croner.
import { Cron } from 'croner';
import type { SubscriptionSettings } from '../store/subscriptions.ts';

type Timing = Pick<SubscriptionSettings, 'time' | 'timezone' | 'days'>;

/**
 * Cron pattern for a subscription, read in its zone. Croner follows Vixie cron at DST changes:
 * a time inside the spring-forward gap (02:30 on 2026-03-08 in New York) runs at the first valid
 * minute after it (03:00), and a time in the repeated fall-back hour runs once (the first one).
 */
export function cronPattern(t: Timing): string {
  const [hh, mm] = t.time.split(':').map(Number);
  return `${mm} ${hh} * * ${t.days === 'weekdays' ? '1-5' : '*'}`;
}

const crons = new Map<string, Cron>();
function cronFor(t: Timing): Cron {
  const key = `${cronPattern(t)}|${t.timezone}`;
  let c = crons.get(key);
  if (!c) {
    c = new Cron(cronPattern(t), { timezone: t.timezone });
    crons.set(key, c);
  }
  return c;
}

/** The first scheduled instant strictly after `after`. */
export function nextRunAfter(t: Timing, after: Date): Date {
  const next = cronFor(t).nextRun(after);
  if (!next) throw new Error(`no next run for ${cronPattern(t)} in ${t.timezone}`);
  return next;
}

/**
 * The latest scheduled instant at or before `at`. Croner's previousRuns excludes its reference and works
 * in whole seconds, so ask from one second later and drop a run that is still ahead of `at`.
 */
export function latestRunAtOrBefore(t: Timing, at: Date): Date | undefined {
  return cronFor(t)
    .previousRuns(2, new Date(at.getTime() + 1000))
    .find((d) => d.getTime() <= at.getTime());
}

/** The calendar date (YYYY-MM-DD) of `instant` in `zone`: the key for "once per local day". */
export function localDate(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "Tue 24 Nov", as the digest header shows the day. */
export function dateLabel(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}`;
}

/** "Tue 24 Nov 09:00", for "next run" lines. */
export function localDateTime(instant: Date, zone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${dateLabel(instant, zone)} ${time}`;
}

/** The zone with its IANA capitalisation ("america/new_york" -> "America/New_York"), or undefined if unknown. */
export function canonicalZone(zone: string): string | undefined {
  if (!zone || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // Keep what was typed when ICU maps it to another name (e.g. "EST" -> "America/Panama"); fix only the case.
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return undefined;
  }
}
