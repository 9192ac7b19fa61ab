// Where a card's title links to: the papers stage's `paperUrl`, wrapped so rendering has one place to change it.
import type { Paper } from '../papers/paper.ts';
import { paperUrl } from '../papers/links.ts';

/** Title characters sent to the title search: plenty to find a paper, and the URL stays short. */
const SEARCH_TITLE = 200;

/** The paper's landing page, else its DOI or arXiv page, else its PDF, else a Google Scholar title search. */
export function cardUrl(paper: Paper): string {
  return paperUrl({ ...paper, title: (paper.title ?? '').slice(0, SEARCH_TITLE) });
}
