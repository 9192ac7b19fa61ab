// `paperbot corpus enrich` and `corpus check` text: one line per looked-up paper, and the totals.
import type { EnrichReport } from '../links/enrich.ts';

interface OutcomeLike {
  title: string;
  status: string;
  detail: string;
}

const MARK: Record<string, string> = { enriched: '+', matched: '=', ambiguous: '?', unmatched: '-', failed: '!' };

/** `+ enriched   Title…: year, authors from arXiv 2007.08489`. */
export function enrichmentLines(outcomes: readonly OutcomeLike[]): string[] {
  return outcomes.map((o) => {
    const title = o.title.replace(/\s+/g, ' ');
    const shown = title.length > 70 ? `${title.slice(0, 69)}…` : title;
    return `${MARK[o.status] ?? ' '} ${o.status.padEnd(9)}  ${shown}: ${o.detail}`;
  });
}

/** The totals, and what to do about failures. */
export function enrichReportText(r: EnrichReport): string {
  const lines = [
    `owner: ${r.owner}`,
    `${r.considered} papers lacked an arXiv id, DOI, year or co-authors; ${r.skipped} already looked up (--again to ask again)`,
    `${r.enriched} enriched, ${r.matched} found with nothing to add, ${r.ambiguous} ambiguous (not applied), ${r.unmatched} not found, ${r.failed} failed`,
  ];
  if (r.failed) lines.push('Lookups that failed are not recorded: run paperbot corpus enrich again later.');
  if (r.enriched) lines.push('The bot applies what was found at its next start.');
  return `${lines.join('\n')}\n`;
}
