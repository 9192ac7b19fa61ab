// Stored enrichment (`paperbot corpus enrich`) applied to the library at start: missing fields filled, none overwritten.
import type { Paper } from '../papers/paper.ts';
import { SearchIndex } from '../search/search-index.ts';
import type { FieldValue } from '../store/enrichments.ts';

/**
 * The paper with the stored fields it lacks filled in (a copy; the original is untouched), or undefined when nothing
 * applies. Authors replace a list of at most one name (a profile export's owner) and only by a longer list.
 */
export function enrichedPaper(paper: Paper, fields: readonly FieldValue[]): Paper | undefined {
  const out: Paper = { ...paper };
  let changed = false;
  for (const f of fields) {
    if (f.field === 'authors') {
      if (Array.isArray(f.value) && paper.authors.length <= 1 && f.value.length > paper.authors.length) {
        out.authors = f.value.filter((a): a is string => typeof a === 'string');
        changed = true;
      }
      continue;
    }
    if (f.field === 'year') {
      if (paper.year === undefined && typeof f.value === 'number') ((out.year = f.value), (changed = true));
      continue;
    }
    if (paper[f.field] === undefined && typeof f.value === 'string') {
      out[f.field] = f.value;
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/**
 * The index with stored enrichment applied. The index's own lookups (arXiv id, DOI, year filters, author words) are
 * built from the papers it was given, so a library with enriched papers is indexed again from the filled-in papers;
 * with nothing to apply the same index comes back. Enrichment is for lab libraries (hundreds of papers, ~0.1 s).
 */
export function withEnrichment(index: SearchIndex, fields: ReadonlyMap<string, readonly FieldValue[]>): { index: SearchIndex; enriched: number } {
  if (fields.size === 0) return { index, enriched: 0 };
  // Rows for papers of another corpus: nothing to apply, and no record needs reading.
  if (![...fields.keys()].some((id) => index.doc(id) !== undefined)) return { index, enriched: 0 };
  let enriched = 0;
  const papers = index.all().map((p) => {
    const filled = fields.has(p.id) ? enrichedPaper(p, fields.get(p.id)!) : undefined;
    if (filled) enriched++;
    return filled ?? p;
  });
  return enriched ? { index: new SearchIndex(papers), enriched } : { index, enriched: 0 };
}
