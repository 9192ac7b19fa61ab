// Times loadCorpus on real data (the 74,728-record arXiv gz JSONL by default) and prints time and heap used.
// Run: node --expose-gc bin/run-ts.js bench/load.ts [PATH ...]
import { existsSync } from 'node:fs';
import { loadCorpus } from '../src/papers/corpus.ts';

const DEFAULT = '../shared/data/external/arxiv-daily-cs/arxiv_daily_2025-03-18_to_2026-07-01.dedup.jsonl.gz';
const paths = process.argv.slice(2).length ? process.argv.slice(2) : [DEFAULT];
if (!paths.every(existsSync)) {
  console.error(`bench/load: missing ${paths.filter((p) => !existsSync(p)).join(', ')} (shared data absent?)`);
  process.exit(1);
}
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;

gc?.();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const corpus = await loadCorpus(paths);
const ms = performance.now() - t0;
gc?.();
const after = process.memoryUsage();

console.log(`paths:       ${paths.join(', ')}`);
console.log(`papers:      ${corpus.papers.length} (files: ${corpus.files.map((f) => `${f.format} ${f.papers}`).join(', ')})`);
console.log(`duplicates:  ${corpus.duplicates.length} (${['arxiv', 'doi', 'title'].map((r) => `${r} ${corpus.duplicates.filter((d) => d.reason === r).length}`).join(', ')})`);
console.log(`issues:      ${corpus.issues.length}`);
console.log(`load time:   ${(ms / 1000).toFixed(2)} s (${Math.round(corpus.papers.length / (ms / 1000))} papers/s)`);
console.log(`heap used:   ${mb(after.heapUsed - before)} held by the corpus${gc ? '' : ' (run with --expose-gc for a settled number)'}; heap total ${mb(after.heapUsed)}, rss ${mb(after.rss)}`);
// Keep the corpus alive until the heap was measured.
if (corpus.papers.length < 0) console.log(corpus);
