// A bot process for the PostgreSQL dedupe race: its own pool; claims ids ev0..ev<n-1> from a start time it is given.
// usage: node bin/run-ts.js test/store/dedupe-race-worker-pg.ts <postgres-url> <id-count>
// Protocol as dedupe-race-worker.ts: prints "ready", reads a start time (epoch ms), prints the ids it found new.
import { createInterface } from 'node:readline';
import { createLog } from '../../src/log.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';

const [url, count] = process.argv.slice(2);
const store = await openPostgresStore(url, { log: createLog('warn', process.stderr) });
const dedupe = store.seenEvents({ log: createLog('warn', process.stderr) });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
// Open the pool's connections before the start: a worker that connects during the race falls behind the other by
// the connection setup and may never reach an id first, which proves nothing about the dedupe.
await Promise.all(Array.from({ length: 8 }, (_, k) => dedupe.isDuplicate(`warm-${process.pid}-${k}`)));
process.stdout.write('ready\n');
const startAt = Number((await lines.next()).value);
while (Date.now() < startAt);
const fresh: string[] = [];
// Eight claims in flight at a time, as concurrent Slack deliveries would be. Batch k starts at start + SLOT_MS · k in
// both processes (as in dedupe-race-worker.ts): each batch is a fresh head-to-head race, instead of one process
// running ahead of the other for good after a stall (on a busy machine one then won every id, proving nothing).
const SLOT_MS = 5;
for (let i = 0; i < Number(count); i += 8) {
  while (Date.now() < startAt + (i / 8) * SLOT_MS); // spin to the batch's start (no wait for a process behind it)
  const ids = Array.from({ length: Math.min(8, Number(count) - i) }, (_, k) => `ev${i + k}`);
  const dup = await Promise.all(ids.map((id) => dedupe.isDuplicate(id)));
  ids.forEach((id, k) => dup[k] || fresh.push(id));
}
await store.close();
process.stdout.write(`${JSON.stringify(fresh)}\n`);
process.exit(0);
