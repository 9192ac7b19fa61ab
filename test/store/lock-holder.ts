// Another process holding the database file's write lock, as `paperbot digest send` or a second replica can.
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Spawns a process that takes the write lock on `dbPath` (BEGIN IMMEDIATE), holds it `ms` milliseconds, then commits
 * and exits. Resolves once the lock is held.
 */
export async function holdWriteLock(dbPath: string, ms: number): Promise<{ proc: ChildProcess; released: Promise<void> }> {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const proc = spawn(process.execPath, ['-e', script, dbPath, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    proc.on('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
  });
  return { proc, released };
}
