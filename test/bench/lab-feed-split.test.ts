// The lab-feed benchmark's tuning split: the protocol's rule on other authors, drawn the same way on every machine.
import { describe, expect, it } from 'vitest';
import { devSplit } from '../../bench/lab-feed-split.ts';
import type { Paper } from '../../src/papers/paper.ts';

let n = 0;
function paper(date: string | undefined, authors: string[]): Paper {
  const id = `p${++n}`;
  return { id, title: id, abstract: '', authors, date, links: [], source: { file: 'lab-feed-split.test.ts' } };
}

/** `before` papers listed in 2025 and `after` papers from the cut-off day on, each by `name` (and a co-author). */
function author(name: string, before: number, after: number): Paper[] {
  return [
    ...Array.from({ length: before }, (_, i) => paper(`2025-0${1 + (i % 9)}-15`, [name, 'Co Author'])),
    ...Array.from({ length: after }, (_, i) => paper(i === 0 ? '2026-01-01' : `2026-0${1 + (i % 6)}-20`, [name])),
  ];
}

const SINCE = '2026-01-01';
const PAPERS: Paper[] = [
  ...['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal'].flatMap((name) => author(name, 5, 3)),
  ...author('Four Before', 4, 5),
  ...author('Two After', 9, 2),
  ...author('In The Benchmark', 8, 8),
  paper(undefined, ['Ada']),
];

describe('devSplit', () => {
  it("admits the authors with at least 5 papers before the date and 3 on or after it, the benchmark's left out", () => {
    const split = devSplit(PAPERS, new Set(['In The Benchmark']), 100, SINCE);
    // Co Author has dozens of papers before the date and none after: not admitted either.
    expect(split.eligible).toBe(8);
    expect(split.profiles.map((p) => p._id).sort()).toEqual(['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal']);
    const ada = split.profiles.find((p) => p._id === 'Ada')!;
    const adas = PAPERS.filter((p) => p.authors.includes('Ada') && p.date);
    expect(ada.liked).toEqual(adas.filter((p) => p.date! < SINCE).map((p) => p.id));
    expect(ada.since).toBe(SINCE);
    // The paper listed on the cut-off day is a later paper; the undated one is neither.
    expect([...split.qrels.get('Ada')!]).toEqual(adas.filter((p) => p.date! >= SINCE).map((p) => p.id));
    expect(split.qrels.get('Ada')!.size).toBe(3);
  });

  it('draws the same authors every time, and a skipped draw is disjoint from the first', () => {
    const exclude = new Set(['In The Benchmark']);
    const a = devSplit(PAPERS, exclude, 3, SINCE).profiles.map((p) => p._id);
    expect(devSplit(PAPERS, exclude, 3, SINCE).profiles.map((p) => p._id)).toEqual(a);
    const b = devSplit(PAPERS, exclude, 3, SINCE, 3).profiles.map((p) => p._id);
    const c = devSplit(PAPERS, exclude, 3, SINCE, 6).profiles.map((p) => p._id);
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    expect(c).toHaveLength(2);
    expect(new Set([...a, ...b, ...c]).size).toBe(8);
    // The draw is shuffled, not alphabetical, and another seed draws another order.
    const all = devSplit(PAPERS, exclude, 8, SINCE).profiles.map((p) => p._id);
    expect(all).not.toEqual([...all].sort());
    expect(devSplit(PAPERS, exclude, 8, SINCE, 0, 10).profiles.map((p) => p._id)).not.toEqual(all);
  });
});
