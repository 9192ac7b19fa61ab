// Two dedupe worker processes (dedupe-race-worker*.ts) started together, released at one start time, raced on ids.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';

/** Runs `script` twice with `args`; both must exit 0. Returns the ids each found new. */
export async function raceDedupeWorkers(script: string, args: string[]): Promise<[string[], string[]]> {
  const workers = [0, 1].map(() => {
    const child = spawn(process.execPath, ['bin/run-ts.js', script, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, out: () => out, err: () => err, exited };
  });
  const end = Date.now() + 30_000;
  while (!workers.every((w) => w.out().startsWith('ready\n'))) {
    if (Date.now() > end) throw new Error(`workers did not start: ${workers.map((w) => w.err()).join('\n')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const startAt = Date.now() + 300;
  for (const w of workers) w.child.stdin.write(`${startAt}\n`);
  const codes = await Promise.all(workers.map((w) => w.exited));
  expect(codes, workers.map((w) => w.err()).join('\n')).toEqual([0, 0]);
  const [a, b] = workers.map((w) => JSON.parse(w.out().trim().split('\n').at(-1)!) as string[]);
  return [a, b];
}
