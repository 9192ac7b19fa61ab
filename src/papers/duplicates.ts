// Duplicate papers across (and within) files: the first one seen is kept and filled in from later copies.
// A curated metadata file (data/papers/madry-profile.verified.jsonl) relies on this to add arXiv ids, years and
// co-authors to the profile export it sorts after; the kept paper keeps its own id, title and abstract.
import { titleKey } from './paper-id.ts';
import type { CorpusIssue, Paper } from './paper.ts';

/** One merged copy: `dropped` (from `file`) was folded into `kept`. */
export interface CorpusDuplicate {
  kept: string;
  dropped: string;
  reason: 'arxiv' | 'doi' | 'title';
  /** File of the dropped copy, and its place there. */
  file: string;
  line?: number;
  record?: number;
}

/** Fields a later copy may fill in when the kept one lacks them. */
const FILLABLE = ['venue', 'year', 'date', 'url', 'pdf', 'doi', 'arxivId'] as const;

const differ = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;

/** Surname as compared across copies: last word, accents folded ("Aleksander Mądry" ~ "Madry, Aleksander"). */
function surname(name: string): string {
  const flipped = name.includes(',') ? name.split(',').reverse().join(' ') : name;
  return titleKey(flipped).split(' ').pop() ?? '';
}

/**
 * Whether `later` is a fuller list of the same authors: a profile export names only its owner, and a curated
 * or arXiv copy lists everyone. Only a kept list of at most one name is replaced, and only by a list that
 * includes that name, so two real author lists are never swapped for each other.
 */
function fullerAuthors(kept: string[], later: string[]): boolean {
  if (kept.length > 1 || later.length <= kept.length) return false;
  if (!kept.length) return true;
  const owner = surname(kept[0]);
  return later.some((name) => surname(name) === owner);
}

/**
 * A profile export's venue for a preprint ("arXiv.org Machine Learning") says only where it was listed; a
 * copy that names where it was published ("NeurIPS 2020") replaces it.
 */
const preprintVenue = (venue: string | undefined) => venue !== undefined && /^arxiv\b/i.test(venue);

/**
 * Whether two abstracts can belong to one paper: either is empty, or most words of the shorter one occur in the
 * longer (a truncated profile abstract against the full arXiv one). BEIR SciFact has distinct papers titled
 * "Summary" or "Corresponding author:"; their abstracts share few words, so they are not merged.
 */
function sameAbstract(a: string, b: string): boolean {
  if (!a || !b) return true;
  const wa = new Set(titleKey(a).split(' '));
  const wb = new Set(titleKey(b).split(' '));
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size >= 0.6;
}

/**
 * Papers keyed by arXiv id (no version), DOI and normalised title. Matching is tried in that order; a DOI match
 * is refused when the two arXiv ids differ, and a title match when arXiv ids or DOIs differ or the abstracts
 * disagree, so different papers that share a generic title ("Summary", "Introduction") stay apart.
 * Ids are kept unique: a different paper reusing an id is renamed "<id>-2" and reported.
 */
export class PaperSet {
  readonly papers: Paper[] = [];
  readonly duplicates: CorpusDuplicate[] = [];
  readonly issues: CorpusIssue[] = [];
  private readonly byArxiv = new Map<string, Paper>();
  private readonly byDoi = new Map<string, Paper>();
  private readonly byTitle = new Map<string, Paper>();
  private readonly byId = new Map<string, Paper>();

  constructor(private readonly dedupe = true) {}

  /** Adds a paper, or merges it into the copy already held. */
  add(paper: Paper): void {
    // Computed once per paper: NFKD folding is the costliest step of a 75k-paper load after JSON.parse.
    const key = titleKey(paper.title);
    const match = this.dedupe ? this.match(paper, key) : undefined;
    if (match) {
      const [kept, reason] = match;
      this.merge(kept, paper);
      const { file, line, record } = paper.source;
      this.duplicates.push({ kept: kept.id, dropped: paper.id, reason, file, ...(line ? { line } : {}), ...(record !== undefined ? { record } : {}) });
      return;
    }
    if (this.byId.has(paper.id)) {
      const taken = this.byId.get(paper.id)!;
      let n = 2;
      while (this.byId.has(`${paper.id}-${n}`)) n++;
      const { file, line, record } = paper.source;
      this.issues.push({
        file,
        line,
        record,
        message: `id "${paper.id}" is already used by "${taken.title.slice(0, 60)}" (${taken.source.file}); loaded as "${paper.id}-${n}"`,
      });
      paper.id = `${paper.id}-${n}`;
    }
    this.papers.push(paper);
    this.index(paper, key);
  }

  private match(p: Paper, key: string): [Paper, CorpusDuplicate['reason']] | undefined {
    const byArxiv = p.arxivId ? this.byArxiv.get(p.arxivId) : undefined;
    if (byArxiv) return [byArxiv, 'arxiv'];
    const byDoi = p.doi ? this.byDoi.get(p.doi) : undefined;
    if (byDoi && !differ(byDoi.arxivId, p.arxivId)) return [byDoi, 'doi'];
    const byTitle = key ? this.byTitle.get(key) : undefined;
    if (byTitle && !differ(byTitle.arxivId, p.arxivId) && !differ(byTitle.doi, p.doi) && sameAbstract(byTitle.abstract, p.abstract)) {
      return [byTitle, 'title'];
    }
    return undefined;
  }

  private index(p: Paper, key: string): void {
    this.byId.set(p.id, p);
    if (p.arxivId && !this.byArxiv.has(p.arxivId)) this.byArxiv.set(p.arxivId, p);
    if (p.doi && !this.byDoi.has(p.doi)) this.byDoi.set(p.doi, p);
    if (key && !this.byTitle.has(key)) this.byTitle.set(key, p);
  }

  private merge(kept: Paper, later: Paper): void {
    for (const field of FILLABLE) {
      if (kept[field] === undefined && later[field] !== undefined) (kept as unknown as Record<string, unknown>)[field] = later[field];
    }
    if (!kept.abstract && later.abstract) kept.abstract = later.abstract;
    if (fullerAuthors(kept.authors, later.authors)) kept.authors = later.authors;
    if (preprintVenue(kept.venue) && later.venue && !preprintVenue(later.venue)) kept.venue = later.venue;
    const urls = new Set(kept.links.map((l) => l.url));
    for (const link of later.links) if (!urls.has(link.url)) kept.links.push(link);
    // The kept paper may now carry an arXiv id or DOI it lacked: later copies must find it by those too.
    this.index(kept, titleKey(kept.title));
  }
}
