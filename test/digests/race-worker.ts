// A second "bot process" for the race test: its own connection to the db file, runs due digests at agreed moments.
// usage: node bin/run-ts.js test/digests/race-worker.ts <db-path> <slack-api-url> <go-at-ms> <day ISO>...
import { openDatabase } from '../../src/store/database.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { createLog } from '../../src/log.ts';
import { createDigestService } from '../../src/digests/index.ts';
import { digestWebClient } from '../../src/digests/slack-post.ts';
import { PAPERS } from './papers.ts';

const [dbPath, apiUrl, goAt, ...days] = process.argv.slice(2);
const db = openDatabase(dbPath);
let now = new Date(days[0]);
const service = createDigestService({
  db,
  index: new SearchIndex(PAPERS),
  papers: PAPERS,
  log: createLog('error'),
  clock: { now: () => now },
  sleep: async () => {},
  client: digestWebClient('xoxb-test', apiUrl),
  config: { digest: { timezone: 'UTC' }, arxiv: { categories: [], apiUrl: 'http://127.0.0.1:9/' }, papersPath: [], slack: {} },
  watchCorpus: false,
});
const outcomes = [];
for (const [i, day] of days.entries()) {
  now = new Date(day);
  // Both processes wake at the same wall-clock moment, then race for the claim.
  const wait = Number(goAt) + i * 300 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  outcomes.push(...(await service.runDue()));
}
await service.stop();
db.close();
process.stdout.write(JSON.stringify(outcomes));
