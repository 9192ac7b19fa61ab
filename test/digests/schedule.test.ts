import { describe, expect, it } from 'vitest';
import { canonicalZone, dateLabel, latestRunAtOrBefore, localDate, nextRunAfter } from '../../src/digests/schedule.ts';

const iso = (d: Date | undefined) => d?.toISOString();

describe('schedule', () => {
  it('skips weekends for weekday digests, in the subscription zone', () => {
    const t = { time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays' as const };
    // Friday 2026-03-06 10:00 Berlin: next is Monday 09:00 CET.
    expect(iso(nextRunAfter(t, new Date('2026-03-06T09:00:00Z')))).toBe('2026-03-09T08:00:00.000Z');
    expect(iso(nextRunAfter({ ...t, days: 'daily' }, new Date('2026-03-06T09:00:00Z')))).toBe('2026-03-07T08:00:00.000Z');
  });

  it('keeps 09:00 local across the America/New_York spring-forward (2026-03-08)', () => {
    const t = { time: '09:00', timezone: 'America/New_York', days: 'daily' as const };
    const sat = nextRunAfter(t, new Date('2026-03-07T12:00:00Z'));
    const sun = nextRunAfter(t, sat);
    expect(iso(sat)).toBe('2026-03-07T14:00:00.000Z'); // EST, UTC-5
    expect(iso(sun)).toBe('2026-03-08T13:00:00.000Z'); // EDT, UTC-4
    expect(sun.getTime() - sat.getTime()).toBe(23 * 3600_000);
  });

  it('runs a time inside the skipped hour once, right after the gap', () => {
    const t = { time: '02:30', timezone: 'America/New_York', days: 'daily' as const };
    const onGapDay = nextRunAfter(t, new Date('2026-03-08T05:00:00Z'));
    expect(iso(onGapDay)).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(localDate(onGapDay, t.timezone)).toBe('2026-03-08');
    expect(iso(nextRunAfter(t, onGapDay))).toBe('2026-03-09T06:30:00.000Z');
  });

  it('keeps 09:00 local across the Europe/Berlin fall-back (2026-10-25) and runs the repeated hour once', () => {
    const nine = { time: '09:00', timezone: 'Europe/Berlin', days: 'daily' as const };
    const sat = nextRunAfter(nine, new Date('2026-10-24T00:00:00Z'));
    const sun = nextRunAfter(nine, sat);
    expect(iso(sat)).toBe('2026-10-24T07:00:00.000Z'); // CEST, UTC+2
    expect(iso(sun)).toBe('2026-10-25T08:00:00.000Z'); // CET, UTC+1
    const early = { time: '02:30', timezone: 'Europe/Berlin', days: 'daily' as const };
    const first = nextRunAfter(early, new Date('2026-10-24T12:00:00Z'));
    expect(iso(first)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(nextRunAfter(early, first))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('finds the latest run at or before an instant (catch-up)', () => {
    const t = { time: '09:00', timezone: 'UTC', days: 'weekdays' as const };
    expect(iso(latestRunAtOrBefore(t, new Date('2026-03-09T09:00:00Z')))).toBe('2026-03-09T09:00:00.000Z');
    expect(iso(latestRunAtOrBefore(t, new Date('2026-03-09T08:59:00Z')))).toBe('2026-03-06T09:00:00.000Z');
    // Less than a second before the run is still before it.
    expect(iso(latestRunAtOrBefore(t, new Date('2026-03-09T08:59:59.800Z')))).toBe('2026-03-06T09:00:00.000Z');
  });

  it('names local days and zones', () => {
    const d = new Date('2026-11-24T03:00:00Z');
    expect(localDate(d, 'UTC')).toBe('2026-11-24');
    expect(localDate(d, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(dateLabel(d, 'UTC')).toBe('Tue 24 Nov');
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
    expect(canonicalZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalZone('')).toBeUndefined();
  });
});
