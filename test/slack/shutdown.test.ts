import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLog } from '../../src/log.ts';
import { InFlight } from '../../src/slack/in-flight.ts';
import { Shutdown } from '../../src/slack/shutdown.ts';

describe('Shutdown', () => {
  it('stops receiving, waits for in-flight work, runs hooks in order, exits once', async () => {
    const steps: string[] = [];
    const inflight = new InFlight();
    const exits: number[] = [];
    const s = new Shutdown({ stopReceiving: async () => void steps.push('stop'), inflight, log: createLog('error', new PassThrough()), exit: (c) => exits.push(c) });
    s.add('db', () => steps.push('db')).add('digests', async () => void steps.push('digests'));
    let finish!: () => void;
    const work = inflight.run(() => new Promise<void>((r) => (finish = r)).then(() => void steps.push('work')));
    const first = s.run('SIGTERM');
    const second = s.run('SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    expect(steps).toEqual(['stop']);
    finish();
    await work;
    expect(await first).toBe(0);
    expect(await second).toBe(0);
    expect(steps).toEqual(['stop', 'work', 'db', 'digests']);
    expect(exits).toEqual([0]);
  });

  it('gives up waiting after the grace period and reports a failed hook with exit code 1', async () => {
    const inflight = new InFlight();
    void inflight.run(() => new Promise(() => {}));
    const exits: number[] = [];
    const s = new Shutdown({ stopReceiving: async () => {}, inflight, log: createLog('error', new PassThrough()), graceMs: 30, exit: (c) => exits.push(c) });
    s.add('db', () => {
      throw new Error('locked');
    });
    expect(await s.run('SIGTERM')).toBe(1);
    expect(exits).toEqual([1]);
  });

  it('bounds the whole shutdown: a hook that never settles is not waited for past the grace, the store still closes, exit 0', async () => {
    const steps: string[] = [];
    const exits: number[] = [];
    const lines: string[] = [];
    const out = new PassThrough();
    out.on('data', (c) => lines.push(String(c)));
    const s = new Shutdown({ stopReceiving: () => new Promise(() => {}), inflight: new InFlight(), log: createLog('info', out), graceMs: 200, exit: (c) => exits.push(c) });
    s.add('digests', () => new Promise(() => {})).add('store', () => steps.push('store'));
    const t0 = Date.now();
    expect(await s.run('SIGTERM')).toBe(0);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1000);
    expect(steps).toEqual(['store']);
    expect(exits).toEqual([0]);
    expect(lines.join('')).toMatch(/"grace_exceeded":true.*"msg":"stopped"/);
  });
});
