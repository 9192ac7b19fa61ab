// A reading list as one .bib file: every entry, cite keys made unique (madry2018towards, madry2018towardsb, …).
import type { Paper } from '../papers/paper.ts';
import { citeKey, toBibtex } from './bibtex.ts';

export function toBibtexFile(papers: readonly Paper[]): string {
  const used = new Map<string, number>();
  const entries = papers.map((paper) => {
    const key = citeKey(paper);
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    const entry = toBibtex(paper);
    // The second paper with one key gets "b", the third "c", … (BibTeX refuses two entries with one key).
    return n === 1 ? entry : entry.replace(`{${key},`, `{${key}${suffix(n)},`);
  });
  return `% ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'} exported by paperbot\n\n${entries.join('\n\n')}\n`;
}

function suffix(n: number): string {
  return n <= 26 ? String.fromCharCode(96 + n) : `_${n}`;
}
