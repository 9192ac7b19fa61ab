// SciFact (BEIR) for the relevance benchmark: corpus through the real loader, queries, qrels and nDCG@10.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCorpus } from '../src/papers/corpus.ts';
import type { Paper } from '../src/papers/paper.ts';

/** Where the shared copy lives, relative to the repo root (never copied into the repository). */
export const SCIFACT_DIR = resolve('../shared/data/external/beir-scifact');

export type Split = 'train' | 'test';

export interface SciFact {
  papers: Paper[];
  /** Query id -> claim text. */
  queries: Map<string, string>;
  /** Split -> query id -> relevant doc id -> grade. */
  qrels: Record<Split, Map<string, Map<string, number>>>;
}

export function scifactPresent(dir = SCIFACT_DIR): boolean {
  return existsSync(join(dir, 'corpus.jsonl')) && existsSync(join(dir, 'queries.jsonl'));
}

/** Loads the corpus with `loadCorpus` (the project's pipeline), keeping every record: BEIR judges by record id. */
export async function loadSciFact(dir = SCIFACT_DIR): Promise<SciFact> {
  const corpus = await loadCorpus([join(dir, 'corpus.jsonl')], { dedupe: false });
  if (corpus.issues.length) console.error(`scifact: ${corpus.issues.length} corpus issues, first: ${corpus.issues[0].message}`);
  const queries = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'queries.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = JSON.parse(line) as { _id: string; text: string };
    queries.set(String(q._id), q.text);
  }
  const qrels = { train: readQrels(join(dir, 'qrels/train.tsv')), test: readQrels(join(dir, 'qrels/test.tsv')) };
  return { papers: corpus.papers, queries, qrels };
}

function readQrels(file: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [qid, docId, score] = line.split('\t');
    if (!qid || !docId) continue;
    if (!out.has(qid)) out.set(qid, new Map());
    out.get(qid)!.set(docId, Number(score));
  }
  return out;
}

/** nDCG@k with linear gains, as pytrec_eval (BEIR's scorer) computes it. */
export function ndcgAt(k: number, ranked: string[], relevant: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += (relevant.get(id) ?? 0) / Math.log2(i + 2)));
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
