// A second "bot process" for the race test: its own connection to the db file; runs due digests when told "go".
// usage: node bin/run-ts.js test/digests/race-worker.ts <db-path> <slack-api-url> <day ISO>...
// Protocol: prints "ready", then for each day waits for a line on stdin, runs, prints "done"; finally one JSON line.
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/store/database.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { createLog } from '../../src/log.ts';
import { createDigestService } from '../../src/digests/index.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import { PAPERS } from './papers.ts';

const [dbPath, apiUrl, ...days] = process.argv.slice(2);
const db = openDatabase(dbPath);
let now = new Date(days[0]);
const service = createDigestService({
  db,
  index: new SearchIndex(PAPERS),
  papers: PAPERS,
  log: createLog('error', process.stderr),
  clock: { now: () => now },
  sleep: async () => {},
  client: digestWebClient('xoxb-test', apiUrl),
  config: { digest: { timezone: 'UTC' }, arxiv: { categories: [], apiUrl: 'http://127.0.0.1:9/' }, papersPath: [], slack: {} },
  watchCorpus: false,
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
db.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
