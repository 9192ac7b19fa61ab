// /paper trends: counting (search, buckets, authors, words) and the Chart.js PNG render, on the shipped library and
// on the 74.7k-paper arXiv corpus when ../shared is present. Prints milliseconds; not a test.
import { existsSync } from 'node:fs';
import { loadCorpus } from '../src/papers/corpus.ts';
import { SearchIndex } from '../src/search/search-index.ts';
import { renderTrendChart } from '../src/trends/chart.ts';
import { computeTrend } from '../src/trends/trend.ts';

const ARXIV = '../shared/data/external/arxiv-daily-cs';

async function run(label: string, paths: string[], queries: string[]): Promise<void> {
  const corpus = await loadCorpus(paths);
  const index = new SearchIndex(corpus.papers);
  console.log(`\n${label}: ${index.size} papers`);
  for (const q of queries) {
    const t0 = performance.now();
    const trend = computeTrend(index, q);
    const t1 = performance.now();
    const png = await renderTrendChart(trend);
    const t2 = performance.now();
    const runs = 10;
    for (let i = 0; i < runs; i++) await renderTrendChart(trend);
    const t3 = performance.now();
    console.log(`  ${q.padEnd(22)} ${String(trend.matched).padStart(6)} matches, ${trend.labels.length} ${trend.unit}s · count ${(t1 - t0).toFixed(0)} ms · first render ${(t2 - t1).toFixed(0)} ms · render ${((t3 - t2) / runs).toFixed(0)} ms · PNG ${(png.length / 1024).toFixed(0)} KiB`);
  }
}

await run('shipped library (data/papers)', ['data/papers'], ['robustness', 'learning']);
if (existsSync(ARXIV)) await run('arXiv cs (../shared)', [ARXIV], ['robustness', 'large language models', 'diffusion']);
else console.log(`\n${ARXIV} absent: skipped the 74.7k-paper run`);
