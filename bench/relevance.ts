// Relevance benchmark: nDCG@10 of SearchIndex on BEIR SciFact (train and test), plus query timings. `--tune` grids on train only.
import { performance } from 'node:perf_hooks';
import { SearchIndex, type SearchIndexOptions } from '../src/search/index.ts';
import { loadSciFact, ndcgAt, percentile, scifactPresent, SCIFACT_DIR, type SciFact, type Split } from './scifact.ts';
import { TUNING_GRID } from './relevance-grid.ts';
import { loadCorpus } from '../src/papers/corpus.ts';

interface Score {
  ndcg: number;
  queries: number;
  p50: number;
  p99: number;
}

/** Mean nDCG@10 over the split's judged queries, and per-query search time (ms). */
export function evaluate(index: SearchIndex, data: SciFact, split: Split): Score {
  const times: number[] = [];
  let sum = 0;
  for (const [qid, relevant] of data.qrels[split]) {
    const text = data.queries.get(qid) ?? '';
    const t0 = performance.now();
    const res = index.search(text, { limit: 11 });
    times.push(performance.now() - t0);
    // BEIR drops a retrieved doc whose id equals the query id (ignore_identical_ids); do the same.
    const ranked = res.hits.map((h) => h.paper.id).filter((id) => id !== qid);
    sum += ndcgAt(10, ranked, relevant);
  }
  times.sort((a, b) => a - b);
  const n = data.qrels[split].size;
  return { ndcg: sum / n, queries: n, p50: percentile(times, 50), p99: percentile(times, 99) };
}

function build(data: SciFact, options: SearchIndexOptions = {}): { index: SearchIndex; ms: number } {
  const t0 = performance.now();
  const index = new SearchIndex(data.papers, options);
  return { index, ms: performance.now() - t0 };
}

/** Query timings on the seed corpus (data/papers) for the kinds of query people type, 50 runs each. */
async function seedTimings(): Promise<void> {
  const { papers } = await loadCorpus(['data/papers']);
  const index = new SearchIndex(papers);
  const queries = ['robustness', 'backdoor attacks', 'robustnes', '"adversarially robust" -imagenet', 'author:madry year:2020', '2006.14651', 'xqzvv'];
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      index.search(q, { limit: 5 });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`seed corpus (${index.size} papers): ${times.length} queries, p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`);
}

async function main(): Promise<void> {
  await seedTimings();
  if (!scifactPresent()) {
    console.log(`SciFact not found at ${SCIFACT_DIR}; skipping the relevance benchmark.`);
    return;
  }
  const t0 = performance.now();
  const data = await loadSciFact();
  console.log(`SciFact: ${data.papers.length} papers loaded through loadCorpus in ${(performance.now() - t0).toFixed(0)} ms`);

  if (process.argv.includes('--tune')) {
    // Settings are chosen on train only; test is never looked at here.
    console.log('| setting | train nDCG@10 |\n|---|---|');
    for (const [name, options] of TUNING_GRID) {
      const { index } = build(data, options);
      console.log(`| ${name} | ${evaluate(index, data, 'train').ndcg.toFixed(4)} |`);
    }
    return;
  }

  const { index, ms } = build(data);
  console.log(`index built in ${ms.toFixed(0)} ms (${index.size} papers, ${index.vocabulary.size} distinct terms)`);
  console.log('| split | queries | nDCG@10 | query p50 ms | query p99 ms |\n|---|---|---|---|---|');
  for (const split of ['train', 'test'] as const) {
    const s = evaluate(index, data, split);
    console.log(`| ${split} | ${s.queries} | ${s.ndcg.toFixed(4)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} |`);
  }
}

await main();
