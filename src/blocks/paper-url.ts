// Where a card's title links to: the papers stage's `paperUrl`, wrapped so rendering has one place to change it.
import type { Paper } from '../papers/paper.ts';
import { paperUrl } from '../papers/links.ts';

/** The paper's landing page, else its DOI or arXiv page, else its PDF, else a Google Scholar title search. */
export function cardUrl(paper: Paper): string {
  return paperUrl(paper);
}
