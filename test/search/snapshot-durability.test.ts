// A snapshot reaches the disk before its name does: the file is fsynced before the rename, the folder after it.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** File-system calls that matter for durability, in the order they happened (names only). */
const ops: string[] = [];

// The real node:fs/promises, with open()'s handles reporting sync() and rename() reported: a power cut cannot be
// staged in a test, but the order of these calls is what decides what survives one.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const name = basename(String(args[0]));
      const sync = handle.sync.bind(handle);
      const close = handle.close.bind(handle);
      handle.sync = async () => (ops.push(`sync ${name}`), sync());
      handle.close = async () => (ops.push(`close ${name}`), close());
      return handle;
    },
    rename: async (from: string, to: string) => (ops.push(`rename ${basename(from)} ${basename(to)}`), real.rename(from, to)),
  };
});

const { openIndex } = await import('../../src/search/snapshot.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-durable-'));
  mkdirSync(join(dir, 'papers'));
  copyFileSync('data/papers/madry-profile.txt', join(dir, 'papers', 'madry-profile.txt'));
  ops.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writing a snapshot', () => {
  it('fsyncs the file before renaming it into place, then fsyncs the folder', async () => {
    const cacheDir = join(dir, 'cache');
    const { key } = await openIndex({ paths: [join(dir, 'papers')], cacheDir });
    const name = `index-${key}.pbix`;
    const partial = `${name}.${process.pid}.partial`;
    expect(readdirSync(cacheDir)).toEqual([name]);
    const at = (op: string) => {
      const i = ops.indexOf(op);
      expect(i, `${op} in ${JSON.stringify(ops)}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const renamed = at(`rename ${partial} ${name}`);
    expect(at(`sync ${partial}`)).toBeLessThan(at(`close ${partial}`));
    expect(at(`close ${partial}`)).toBeLessThan(renamed);
    expect(ops.indexOf('sync cache', renamed)).toBeGreaterThan(renamed);
  });
});
