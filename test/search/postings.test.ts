import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import MiniSearch from 'minisearch';
import { PostingStore, type TermQuery } from '../../src/search/postings.ts';
import { terms } from '../../src/search/analyzer.ts';

const FIELDS = ['title', 'abstract'];
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const DOCS = [
  { id: 'a', title: 'Adversarial robustness of image models', abstract: 'We study robust training against adversarial examples in vision.' },
  { id: 'b', title: 'Backdoor attacks on neural networks', abstract: 'Poisoned training data plants a backdoor; spectral signatures detect the attack.' },
  { id: 'c', title: 'Robust transfer learning', abstract: 'Adversarially robust models transfer better to downstream image tasks.' },
  { id: 'd', title: 'Language models', abstract: 'Large language models learn from text; robustness to typos is limited.' },
  { id: 'e', title: 'Datamodels', abstract: 'Predicting predictions from training data with linear models of the training set.' },
];

/** MiniSearch over the same analyzed terms: the reference the store must reproduce. */
function reference(docs: Array<{ id: string; title: string; abstract: string }>) {
  const mini = new MiniSearch<{ id: string; title: string; abstract: string }>({
    fields: FIELDS,
    tokenize: (t) => t.split(' ').filter(Boolean),
    processTerm: (t) => t || null,
  });
  const store = new PostingStore(FIELDS);
  for (const d of docs) {
    const f = [terms(d.title), terms(d.abstract)];
    store.add(f);
    mini.add({ id: d.id, title: f[0].join(' '), abstract: f[1].join(' ') });
  }
  return { mini, store };
}

const queriesFor = (text: string): TermQuery[] => [...new Set(terms(text))].map((term, source) => ({ term, source, weight: 1 }));

describe('PostingStore', () => {
  it('scores and orders exactly as MiniSearch does (BM25+, field boosts, coverage)', () => {
    const { mini, store } = reference(DOCS);
    for (const q of ['robust models', 'backdoor', 'training data', 'image transfer robustness', 'nothing-here']) {
      const expected = mini.search(terms(q).join(' '), { boost: { title: 2, abstract: 1 }, bm25: BM25 });
      const got = store.score(queriesFor(q), { boosts: [2, 1], bm25: BM25, coverage: 1, top: 10 });
      expect(got.total).toBe(expected.length);
      expect(got.top.map((h) => DOCS[h.doc].id)).toEqual(expected.map((r) => r.id));
      got.top.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 9));
    }
  });

  it('keeps only the best `top`, counts every match, and honours required sources and accept()', () => {
    const { store } = reference(DOCS);
    const all = store.score(queriesFor('robust models'), { boosts: [1, 1], bm25: BM25, coverage: 1, top: 10 });
    const two = store.score(queriesFor('robust models'), { boosts: [1, 1], bm25: BM25, coverage: 1, top: 2 });
    expect(two.total).toBe(all.total);
    expect(two.top).toEqual(all.top.slice(0, 2));
    const both = store.score(queriesFor('robust models'), { boosts: [1, 1], bm25: BM25, coverage: 1, top: 10, requiredSources: 0b11 });
    expect(both.top.every((h) => h.sources === 0b11)).toBe(true);
    expect(both.total).toBeLessThan(all.total);
    const noC = store.score(queriesFor('robust models'), { boosts: [1, 1], bm25: BM25, coverage: 1, top: 10, accept: (d) => DOCS[d].id !== 'c' });
    expect(noC.top.map((h) => DOCS[h.doc].id)).not.toContain('c');
    expect(noC.total).toBe(all.total - 1);
  });

  it('round-trips through serialize/deserialize and keeps accepting new documents', () => {
    const { store } = reference(DOCS.slice(0, 3));
    const loaded = PostingStore.deserialize(store.serialize());
    const q = queriesFor('robust backdoor');
    expect(loaded.score(q, { boosts: [1, 1], bm25: BM25, coverage: 1, top: 5 })).toEqual(store.score(q, { boosts: [1, 1], bm25: BM25, coverage: 1, top: 5 }));
    // Adding the rest after loading must give what indexing everything at once gives.
    for (const d of DOCS.slice(3)) loaded.add([terms(d.title), terms(d.abstract)]);
    const { store: full } = reference(DOCS);
    const q2 = queriesFor('language models robustness');
    expect(loaded.score(q2, { boosts: [1, 1], bm25: BM25, coverage: 1, top: 5 })).toEqual(full.score(q2, { boosts: [1, 1], bm25: BM25, coverage: 1, top: 5 }));
    expect(loaded.termFrequency('model', 1, 4)).toBe(full.termFrequency('model', 1, 4));
    expect(loaded.termFrequency('model', 1, 4)).toBeGreaterThan(0);
  });

  it('folds pending postings a logarithmic number of times when papers come in batches (a build in batches stays linear)', () => {
    const store = new PostingStore(['abstract']);
    const ids = Array.from({ length: 5000 }, (_v, i) => store.termId(`w${i}`));
    const compact = vi.spyOn(store, 'compact');
    // 200 batches of 100 papers × 250 terms: 25,000 postings a batch, each batch settled as SearchIndex.add does.
    for (let batch = 0; batch < 200; batch++) {
      for (let p = 0; p < 100; p++) {
        const doc = batch * 100 + p;
        const mine = Array.from({ length: 250 }, (_v, j) => ids[(doc * 31 + j * 7) % 5000]);
        store.addTermIds([{ ids: [...new Set(mine)], tfs: [...new Set(mine)].map(() => 1) }]);
      }
      store.settle();
    }
    // Folding after every batch would be 200 folds, each copying everything folded so far.
    expect(compact.mock.calls.length).toBeLessThan(60);
    expect(store.size).toBe(20_000);
    expect(store.docFreq('w0')).toBeGreaterThan(0);
  });

  const scifact = '../shared/data/external/beir-scifact/corpus.jsonl';
  describe.skipIf(!existsSync(scifact))('on SciFact', () => {
    it('returns MiniSearch’s top 10 for 100 real queries', () => {
      const docs = readFileSync(scifact, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((d) => ({ id: d._id, title: d.title, abstract: d.text }));
      const { mini, store } = reference(docs);
      const queries = readFileSync('../shared/data/external/beir-scifact/queries.jsonl', 'utf8').trim().split('\n').slice(0, 100).map((l) => JSON.parse(l).text as string);
      for (const q of queries) {
        const expected = mini.search([...new Set(terms(q))].join(' '), { boost: { title: 1.5, abstract: 1 }, bm25: BM25 }).slice(0, 10);
        const got = store.score(queriesFor(q), { boosts: [1.5, 1], bm25: BM25, coverage: 1, top: 10 });
        expect(got.top.map((h) => docs[h.doc].id)).toEqual(expected.map((r) => r.id));
      }
    });
  });
});
