// Two "bot processes" (test/digests/race-worker.ts) racing on one database: released at once for each day.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { expect } from 'vitest';

/** A worker process and the lines it has printed so far. */
function worker(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['bin/run-ts.js', 'test/digests/race-worker.ts', ...args], { env: { ...process.env, ...env } });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (c) => {
    buf += c;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, lines, exited, stderr: () => err };
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Runs two workers on `database` (a SQLite path or a postgres:// URL) over `days`, releasing both at once for each
 * day; both must exit 0. Returns each one's digest outcomes.
 */
export async function race(database: string, apiUrl: string, days: string[], env: Record<string, string> = {}) {
  const ws = [worker([database, apiUrl, ...days], env), worker([database, apiUrl, ...days], env)];
  await until(() => ws.every((w) => w.lines.includes('ready')), 'both workers to start');
  for (let i = 1; i <= days.length; i++) {
    for (const w of ws) w.child.stdin.write('go\n');
    await until(() => ws.every((w) => w.lines.filter((l) => l === 'done').length === i), `day ${i}`);
  }
  const codes = await Promise.all(ws.map((w) => w.exited));
  expect(codes, ws.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
  return ws.map((w) => JSON.parse(w.lines.at(-1)!) as Array<{ localDate: string; status: string }>);
}
