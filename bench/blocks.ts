// Rendering cost of Block Kit messages on the seed papers: a normal page, and the worst case the builders clamp.
// Run: node bin/run-ts.js bench/blocks.ts   (prints numbers; no assertions)
import { loadCorpus } from '../src/papers/index.ts';
import { SearchIndex } from '../src/search/search-index.ts';
import { checkMessage, messageToConsole, searchMessage } from '../src/blocks/index.ts';
import type { Hit } from '../src/search/results.ts';

const corpus = await loadCorpus(['../shared/seed']);
const index = new SearchIndex(corpus.papers);
const queries = ['robust', 'adversarial examples', 'backdoor attacks', 'datamodels', 'transfer learning', 'diffusion'];

function time(label: string, runs: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(runs, 50); i++) fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const us = Number(process.hrtime.bigint() - start) / 1000 / runs;
  console.log(`${label.padEnd(48)} ${us.toFixed(1).padStart(8)} µs/op  (${runs} runs)`);
}

const pages = queries.map((q) => index.search(q, { limit: 5, offset: 0 }));
let i = 0;
time('searchMessage, 5 seed hits', 5000, () => searchMessage(pages[i++ % pages.length], { limit: 5 }));
time('searchMessage + checkMessage, 5 seed hits', 5000, () => checkMessage(searchMessage(pages[i++ % pages.length], { limit: 5 })));
time('messageToConsole, 5 seed hits', 5000, () => messageToConsole(searchMessage(pages[i++ % pages.length], { limit: 5 })));

const evil = '<!channel> & <@U1> *x* '.repeat(900); // ~20k characters
const base = pages[0].hits[0];
const worst: Hit[] = Array.from({ length: 60 }, (_, n) => ({ ...base, paper: { ...base.paper, id: `w${n}`, title: evil.slice(0, 2000), abstract: evil } }));
const worstResults = { query: evil.repeat(5), total: 1000, offset: 0, hits: worst, suggestions: [] };
time('searchMessage, 60 hostile hits, 100k query', 200, () => searchMessage(worstResults, { limit: 60, expandedId: 'w0' }));
const m = searchMessage(worstResults, { limit: 60, expandedId: 'w0' });
console.log(`worst case: ${m.blocks?.length} blocks, ${JSON.stringify(m).length} JSON characters, violations: ${checkMessage(m).length}`);
