// A second "bot process" for the shared-dedupe race test: its own connection to the db file, claims ids from a start time it is given.
// usage: node bin/run-ts.js test/store/dedupe-race-worker.ts <db-path> <id-count> <now-ms>
// Protocol: prints "ready", reads one line on stdin (a start time in epoch ms), calls isDuplicate for ev0..ev<n-1>
// and prints the ids it found new as one JSON line. Ids go in batches of 50, batch k starting at start + 4k ms in
// both processes: each batch is a fresh head-to-head race, instead of one process running ahead of the other.
import { createInterface } from 'node:readline';
import { createLog } from '../../src/log.ts';
import { SqliteEventDedupe } from '../../src/store/shared-seen-events.ts';
import { openDatabase } from '../../src/store/database.ts';

const [dbPath, count, nowMs] = process.argv.slice(2);
const db = openDatabase(dbPath);
// What is raced here is the claim's atomicity, so each claim may wait for the other process's lock as long as it needs
// (the bot's default is a 20 ms blip, then memory: see the lock test in shared-seen-events.test.ts).
const dedupe = new SqliteEventDedupe(db, { log: createLog('warn', process.stderr), now: () => Number(nowMs), busyTimeoutMs: 5000 });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
const startAt = Number((await lines.next()).value);
const fresh: string[] = [];
for (let i = 0; i < Number(count); i++) {
  if (i % 50 === 0) while (Date.now() < startAt + (i / 50) * 4); // spin to the batch's start (bounded by the slot)
  if (!dedupe.isDuplicate(`ev${i}`)) fresh.push(`ev${i}`);
}
db.close();
process.stdout.write(`${JSON.stringify(fresh)}\n`);
process.exit(0);
