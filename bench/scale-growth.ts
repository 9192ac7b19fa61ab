// Scale benchmark, growth side: `build N dir` indexes N papers (the 74,728 arXiv records replicated) and saves a
// snapshot; `start N dir` times a cold start from it, queries and peak RSS. Run by bench/scale.ts, one process each.
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../src/papers/corpus.ts';
import type { Paper } from '../src/papers/paper.ts';
import { SearchIndex } from '../src/search/search-index.ts';
import { readSnapshot, writeSnapshot } from '../src/search/snapshot-file.ts';
import { ARXIV_FILE, QUERIES, WARM_UP, percentile } from './scale-queries.ts';

const [mode = 'build', sizeArg = '250000', dir = join(tmpdir(), 'paperbot-bench-growth')] = process.argv.slice(2);
const size = Number(sizeArg);
const file = join(dir, `growth-${size}.pbix`);
const key = `growth-${size}`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMiB = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
/**
 * CPU time of this process so far (ms, every thread: GC helpers and the TypeScript loader's thread included). On a
 * busy machine it moves less than the wall time; per query it says little (background compilation lands in it).
 */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The machine's load average over the last minute, when the step starts (other sessions share its 2 cores). */
const load = loadavg()[0];

/**
 * Copy `c` of a real record: a distinct id and the copy number after the title, no arXiv id, links or DOI (so no
 * duplicate merging could fold it back), the same abstract and authors: real text and real term statistics.
 * Copy 0 is the record itself. Strings are copied so that no two papers share one on the heap.
 */
function copyOf(p: Paper, c: number): Paper {
  if (c === 0) return p;
  const fresh = (s: string) => Buffer.from(s).toString();
  return {
    id: `${p.id}~${c}`,
    title: `${p.title} ${c}`,
    authors: p.authors.map(fresh),
    abstract: fresh(p.abstract),
    venue: p.venue === undefined ? undefined : fresh(p.venue),
    year: p.year,
    date: p.date,
    links: [],
    source: { file: p.source.file, line: p.source.line },
  };
}

/**
 * Full pipeline queries (parse, score, rerank, snippets for a page of 10): the first one after the start alone, then
 * the warm-up queries (untimed, WARM_UP), then 5 timed rounds; with the slowest time of "model".
 */
function timeQueries(index: SearchIndex) {
  let t = performance.now();
  index.search(QUERIES[0], { limit: 10 });
  const firstQueryMs = performance.now() - t;
  for (let round = 0; round < 2; round++) for (const q of WARM_UP) index.search(q, { limit: 10 });
  const times: number[] = [];
  const cpu: number[] = [];
  const worst: Record<string, number> = {};
  for (let round = 0; round < 5; round++) {
    for (const q of QUERIES) {
      t = performance.now();
      const c = cpuMs();
      index.search(q, { limit: 10 });
      const ms = performance.now() - t;
      cpu.push(cpuMs() - c);
      times.push(ms);
      worst[q] = Math.max(worst[q] ?? 0, ms);
    }
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { firstQueryMs, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1], model: worst.model, cpuP50: percentile(cpu, 50), cpuP99: percentile(cpu, 99) };
}

if (mode === 'build') {
  const { papers } = await loadCorpus([ARXIV_FILE]);
  const heap0 = heapMiB();
  const t = performance.now();
  const c = cpuMs();
  // Papers go to a spill file as they are indexed (SearchIndexOptions.spillDir): the index keeps what scoring needs.
  const index = new SearchIndex([], { spillDir: dir });
  const BATCH = 5000;
  for (let c = 0, added = 0; added < size; c++) {
    for (let i = 0; i < papers.length && added < size; i += BATCH) {
      const batch = papers.slice(i, Math.min(papers.length, i + BATCH, i + size - added)).map((p) => copyOf(p, c));
      added += index.add(batch);
    }
  }
  const buildMs = performance.now() - t;
  const buildCpuMs = cpuMs() - c;
  const heap = heapMiB() - heap0;
  const s = performance.now();
  await writeSnapshot(file, key, index, []);
  const saveMs = performance.now() - s;
  console.log(JSON.stringify({ mode, load, docs: index.size, buildMs, buildCpuMs, saveMs, heapMiB: heap, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() }));
} else {
  const t = performance.now();
  const { index } = await readSnapshot(file, key);
  const snapshotMs = performance.now() - t;
  // process.uptime() counts from the process's own start: Node boot, TypeScript loader, imports, snapshot read.
  const readyMs = process.uptime() * 1000;
  const readyCpuMs = cpuMs();
  const heap = heapMiB();
  const queries = timeQueries(index);
  console.log(JSON.stringify({ mode, load, docs: index.size, snapshotMs, readyMs, readyCpuMs, heapMiB: heap, rssMiB: rssMiB(), ...queries, peakRssMiB: peakRssMiB() }));
}
