// A second "bot process" for the race test: its own connection to the db file; runs due digests when told "go".
// usage: node bin/run-ts.js test/digests/race-worker.ts <db-path | postgres://url> <slack-api-url> <day ISO>...
// Protocol: prints "ready", then for each day waits for a line on stdin, runs, prints "done"; finally one JSON line.
import { createInterface } from 'node:readline';
import { connectStore } from '../../src/store/index.ts';
import { Library } from '../../src/library/library.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { createLog } from '../../src/log.ts';
import { createDigestService } from '../../src/digests/index.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import { PAPERS } from './papers.ts';

const [dbPath, apiUrl, ...days] = process.argv.slice(2);
const store = await connectStore(dbPath.startsWith('postgres') ? { databasePath: '', databaseUrl: dbPath } : { databasePath: dbPath });
let now = new Date(days[0]);
const clock = { now: () => now };
const library = new Library(store.papers, clock);
await library.open(new SearchIndex(PAPERS));
// RACE_COMPOSE_MS: composing takes this long (a busy wait, as a slow compose at 75k papers would), so two processes
// composing for one channel overlap for sure and pick the same paper; the reservation's re-check then sends one back.
const slowMs = Number(process.env.RACE_COMPOSE_MS ?? 0);
if (slowMs > 0) {
  const firstSeen = library.firstSeen.bind(library);
  library.firstSeen = () => {
    const until = Date.now() + slowMs;
    while (Date.now() < until);
    return firstSeen();
  };
}
// RACE_RESERVE_MS: the reservation's re-check of the ledger takes this long, so the other process tries to reserve
// meanwhile: only the reservation's write transaction makes the re-check and the insert one step for it.
const reserveMs = Number(process.env.RACE_RESERVE_MS ?? 0);
if (reserveMs > 0 && store.kind === 'sqlite') {
  // The SQLite ledger's re-check inside reserve's write transaction (private: reached here only to slow it down).
  const ledger = store.ledger as unknown as { taken: (ch: unknown, ids: string[]) => string[] };
  const taken = ledger.taken.bind(ledger);
  ledger.taken = (ch, ids) => {
    const found = taken(ch, ids);
    const until = Date.now() + reserveMs;
    while (Date.now() < until);
    return found;
  };
}
const service = createDigestService({
  store,
  library,
  log: createLog('error', process.stderr),
  clock,
  sleep: async () => {},
  client: digestWebClient('xoxb-test', apiUrl),
  config: { digest: { timezone: 'UTC' }, slack: {} },
});
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const outcomes = [];
process.stdout.write('ready\n');
for (const day of days) {
  await lines.next(); // both processes are released at once, then race for the claims
  now = new Date(day);
  outcomes.push(...(await service.runDue()));
  process.stdout.write('done\n');
}
await service.stop();
await store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
