// Where a card's title links to. One place, so the loaders' `paperUrl` from src/papers can replace it.
import type { Paper } from '../papers/paper.ts';

/** The paper's own landing page, else a Google Scholar search for its title (a link that always leads somewhere). */
export function cardUrl(paper: Paper): string {
  return paper.url ?? `https://scholar.google.com/scholar?q=${encodeURIComponent(paper.title)}`;
}
