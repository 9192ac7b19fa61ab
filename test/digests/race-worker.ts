// A second "bot process" for the race test: its own connection to the db file; runs due digests when told "go".
// usage: node bin/run-ts.js test/digests/race-worker.ts <db-path> <slack-api-url> <day ISO>...
// Protocol: prints "ready", then for each day waits for a line on stdin, runs, prints "done"; finally one JSON line.
import { createInterface } from 'node:readline';
import { openStore } from '../../src/store/index.ts';
import { Library } from '../../src/library/library.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { createLog } from '../../src/log.ts';
import { createDigestService } from '../../src/digests/index.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import { PAPERS } from './papers.ts';

const [dbPath, apiUrl, ...days] = process.argv.slice(2);
const store = openStore(dbPath);
let now = new Date(days[0]);
const clock = { now: () => now };
const library = new Library(store.papers, clock);
library.open(new SearchIndex(PAPERS));
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
if (reserveMs > 0) {
  const taken = store.ledger.taken.bind(store.ledger);
  store.ledger.taken = (channel, ids) => {
    const found = taken(channel, ids);
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
store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
