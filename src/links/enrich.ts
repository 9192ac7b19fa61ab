// `paperbot corpus enrich`: real metadata for library papers that lack an arXiv id, DOI, year or co-authors.
import type { ArxivClient } from '../feeds/arxiv-client.ts';
import type { Clock } from '../feeds/clock.ts';
import { titleKey } from '../papers/paper-id.ts';
import type { Paper } from '../papers/paper.ts';
import type { EnrichmentOutcome, EnrichmentStore, FieldValue } from '../store/enrichments.ts';
import { arxivByIds, arxivByTitle } from './arxiv-lookup.ts';
import type { CrossrefClient } from './crossref.ts';
import { LookupError } from './http-json.ts';

/** A candidate's title must be at least this close to the paper's (1 - edit distance / length, on normalised titles). */
export const TITLE_SIMILARITY = 0.95;

export interface EnrichOptions {
  papers: readonly Paper[];
  /** The profile owner ("Aleksander Madry"): a match must list them. Default: inferred with `profileOwner`. */
  owner?: string;
  arxiv: ArxivClient;
  crossref: CrossrefClient;
  store: EnrichmentStore;
  clock: Clock;
  /** Ask again about papers already looked up (any outcome). Default false: each paper is looked up once. */
  again?: boolean;
  /** Told after each paper. */
  onPaper?: (outcome: EnrichmentOutcome | { paperId: string; title: string; status: 'failed'; detail: string }) => void;
}

export interface EnrichReport {
  owner: string;
  /** Papers that lacked something. */
  considered: number;
  /** Already looked up by an earlier run (skipped). */
  skipped: number;
  enriched: number;
  matched: number;
  ambiguous: number;
  unmatched: number;
  /** Lookups that failed (network, timeouts): not recorded, so the next run asks again. */
  failed: number;
}

/** What a paper lacks that enrichment can fill. */
export function lacks(p: Paper): boolean {
  return !p.arxivId || !p.doi || p.year === undefined || p.authors.length <= 1;
}

/** Looks each paper up once, records what it found (and what was ambiguous), never overwriting a given field. */
export async function enrichLibrary(o: EnrichOptions): Promise<EnrichReport> {
  const owner = o.owner?.trim() || profileOwner(o.papers);
  if (!owner) throw new Error('no profile owner: the library has no author common to its papers; name one with --owner "First Last"');
  const done = o.again ? new Map() : await o.store.outcomes();
  const report: EnrichReport = { owner, considered: 0, skipped: 0, enriched: 0, matched: 0, ambiguous: 0, unmatched: 0, failed: 0 };
  for (const paper of o.papers) {
    if (!lacks(paper)) continue;
    report.considered++;
    if (done.has(paper.id)) {
      report.skipped++;
      continue;
    }
    let found: { outcome: EnrichmentOutcome; fields: FieldValue[] };
    try {
      found = await enrichOne(paper, owner, o);
    } catch (err) {
      if (!(err instanceof LookupError)) throw err;
      report.failed++;
      o.onPaper?.({ paperId: paper.id, title: paper.title, status: 'failed', detail: err.message });
      continue;
    }
    await o.store.save(found.outcome, found.fields);
    report[found.outcome.status]++;
    o.onPaper?.(found.outcome);
  }
  return report;
}

async function enrichOne(paper: Paper, owner: string, o: EnrichOptions): Promise<{ outcome: EnrichmentOutcome; fields: FieldValue[] }> {
  const exact = !!(paper.arxivId || paper.doi);
  const fromArxiv = paper.arxivId ? await arxivByIds(o.arxiv, [paper.arxivId]) : exact ? [] : await arxivByTitle(o.arxiv, paper.title);
  const fromCrossref = paper.doi ? [(await o.crossref.work(paper.doi)) ?? []].flat() : exact ? [] : await o.crossref.search(paper.title);
  const fits = (c: Paper) => titleSimilarity(paper.title, c.title) >= TITLE_SIMILARITY && hasAuthor(c.authors, owner);
  const arxiv = distinct(fromArxiv.filter(fits), (c) => c.arxivId ?? c.id);
  const crossref = distinct(fromCrossref.filter(fits), (c) => c.doi ?? c.id);
  const base = { paperId: paper.id, title: paper.title, at: o.clock.now() };
  if (arxiv.length > 1 || crossref.length > 1) {
    const names = [...arxiv.map((c) => `arXiv ${c.arxivId}`), ...crossref.map((c) => `DOI ${c.doi}`)];
    return { outcome: { ...base, status: 'ambiguous', detail: `${names.length} works fit: ${names.join(', ')}` }, fields: [] };
  }
  if (!arxiv.length && !crossref.length) {
    const near = [...fromArxiv, ...fromCrossref].map((c) => ({ c, s: titleSimilarity(paper.title, c.title) })).sort((a, b) => b.s - a.s)[0];
    const detail = near ? `closest: "${near.c.title.slice(0, 80)}" (title ${near.s.toFixed(2)}${hasAuthor(near.c.authors, owner) ? '' : `, without ${owner}`})` : 'no candidates';
    return { outcome: { ...base, status: 'unmatched', detail }, fields: [] };
  }
  const fields = fillable(paper, arxiv[0], crossref[0]);
  const sources = [arxiv[0] && `arXiv ${arxiv[0].arxivId}`, crossref[0] && `DOI ${crossref[0].doi}`].filter(Boolean).join(' and ');
  return fields.length
    ? { outcome: { ...base, status: 'enriched', detail: `${fields.map((f) => f.field).join(', ')} from ${sources}` }, fields }
    : { outcome: { ...base, status: 'matched', detail: `nothing missing that ${sources} gives` }, fields };
}

/**
 * The missing fields the matches give, arXiv first (its first version's date and author order, as in
 * data/papers/SOURCE.md), then Crossref (the DOI and the published venue). A field the paper has is never touched;
 * authors count as missing when the paper names at most its owner (a profile export).
 */
export function fillable(paper: Paper, arxiv: Paper | undefined, crossref: Paper | undefined): FieldValue[] {
  const out: FieldValue[] = [];
  const has = new Set<string>();
  const put = (field: FieldValue['field'], value: FieldValue['value'] | undefined, source: string) => {
    if (value === undefined || has.has(field)) return;
    has.add(field);
    out.push({ field, value, source });
  };
  const arxivSource = arxiv && `arxiv:${arxiv.arxivId}`;
  const crossrefSource = crossref && `crossref:${crossref.doi}`;
  for (const [c, source] of [[arxiv, arxivSource], [crossref, crossrefSource]] as const) {
    if (!c || !source) continue;
    if (!paper.arxivId) put('arxivId', c.arxivId, source);
    if (!paper.doi) put('doi', c.doi, source);
    if (paper.year === undefined) put('year', c.year, source);
    if (paper.date === undefined && paper.year === undefined) put('date', c.date, source);
    if (paper.authors.length <= 1 && c.authors.length > paper.authors.length) put('authors', c.authors, source);
    // An arXiv record's venue is its journal_ref or only its category; Crossref's container title is a real venue.
    if (!paper.venue && c === crossref) put('venue', c.venue, source);
  }
  return out;
}

/** 1 - edit distance / longer length, on titles normalised by titleKey (case, accents, punctuation ignored). */
export function titleSimilarity(a: string, b: string): number {
  const x = titleKey(a);
  const y = titleKey(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  return 1 - editDistance(x, y) / Math.max(x.length, y.length);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** A name as surname and first initial, accents folded: "Madry, Aleksander", "Aleksander Mądry" and "A. Madry" agree. */
function nameKey(name: string): { surname: string; initial: string } {
  const flipped = name.includes(',') ? name.split(',').reverse().join(' ') : name;
  const words = titleKey(flipped).split(' ').filter(Boolean);
  return { surname: words[words.length - 1] ?? '', initial: words.length > 1 ? words[0][0] : '' };
}

/** Whether `owner` is among `authors` (same surname, and the same first initial when both give one). */
export function hasAuthor(authors: readonly string[], owner: string): boolean {
  const o = nameKey(owner);
  if (!o.surname) return false;
  return authors.some((a) => {
    const k = nameKey(a);
    return k.surname === o.surname && (!k.initial || !o.initial || k.initial === o.initial);
  });
}

/**
 * The library's profile owner: the author most papers list (a scholar-profile export names only its owner), when
 * at least half of the papers list them. Undefined otherwise (then `--owner` must say).
 */
export function profileOwner(papers: readonly Paper[]): string | undefined {
  const counts = new Map<string, { name: string; n: number }>();
  for (const p of papers) {
    const seen = new Set<string>();
    for (const a of p.authors) {
      const k = nameKey(a);
      const key = `${k.surname}|${k.initial}`;
      if (!k.surname || seen.has(key)) continue;
      seen.add(key);
      const c = counts.get(key) ?? { name: a, n: 0 };
      c.n++;
      counts.set(key, c);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && best.n * 2 >= papers.length ? best.name : undefined;
}

function distinct(papers: Paper[], key: (p: Paper) => string): Paper[] {
  const seen = new Set<string>();
  return papers.filter((p) => (seen.has(key(p)) ? false : (seen.add(key(p)), true)));
}
