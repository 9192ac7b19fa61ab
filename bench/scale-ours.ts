// Scale benchmark, paperbot side: `build` indexes the arXiv records and saves a snapshot; `start` measures a cold
// process start from that snapshot to ready. Run by bench/scale.ts, one process each. Prints one JSON line.
import { openIndex } from '../src/search/snapshot.ts';
import type { SearchIndex } from '../src/search/search-index.ts';
import { ARXIV_FILE, QUERIES, percentile } from './scale-queries.ts';

const [mode = 'build', cacheDir = 'data/.cache/bench'] = process.argv.slice(2);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMiB = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);

/** Full pipeline queries (parse, score, rerank, snippets for a page of 10): the first one alone, then 5 rounds. */
function timeQueries(index: SearchIndex) {
  let t = performance.now();
  index.search(QUERIES[0], { limit: 10 });
  const firstMs = performance.now() - t;
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of QUERIES) {
      t = performance.now();
      index.search(q, { limit: 10 });
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { firstQueryMs: firstMs, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] };
}

const heap0 = mode === 'build' ? heapMiB() : 0;
const opened = await openIndex({ paths: [ARXIV_FILE], cacheDir });
// process.uptime() counts from the process's own start: Node boot, TypeScript loader, imports, snapshot read.
const readyMs = process.uptime() * 1000;
if (mode === 'build' && opened.source !== 'built') throw new Error('expected a fresh build: clear the cache folder first');
if (mode === 'start' && opened.source !== 'snapshot') throw new Error('expected to start from a snapshot: run build first');
const heapAfter = heapMiB() - heap0;
const queries = timeQueries(opened.index);
console.log(
  JSON.stringify({
    system: `paperbot-${mode}`,
    docs: opened.index.size,
    ...opened.timings,
    readyMs,
    heapMiB: heapAfter,
    ...queries,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
