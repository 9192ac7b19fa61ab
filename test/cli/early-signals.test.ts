// Stop signals caught while the CLI's modules loaded (bin/paperbot.js): a command other than `start` gives the
// signal back to its default action before it runs, and one that came already ends it before it begins.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

// No index snapshot: nothing is written, least of all under data/.
beforeAll(() => vi.stubEnv('INDEX_CACHE_PATH', 'off'));
afterAll(() => vi.unstubAllEnvs());

async function withEarly(received: NodeJS.Signals[], ...argv: string[]) {
  let released = 0;
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (d) => (out += d));
  const code = await main(argv, { stdout, stderr: new PassThrough(), early: { received, release: () => void released++ } });
  return { code, released, out };
}

describe('signals caught before a command runs', () => {
  it('releases the catcher and runs the command when none came', async () => {
    const r = await withEarly([], 'search', 'backdoor', '--papers', 'data/papers', '--limit', '1');
    expect(r).toMatchObject({ code: 0, released: 1 });
    expect(r.out).toMatch(/backdoor/i);
  });

  it('ends the command before it begins when one came: 0 for SIGTERM, 130 for SIGINT', async () => {
    for (const [signal, code] of [['SIGTERM', 0], ['SIGINT', 130]] as const) {
      const r = await withEarly([signal], 'search', 'backdoor', '--papers', 'data/papers', '--limit', '1');
      expect(r).toMatchObject({ code, released: 1, out: '' });
    }
  });
});
