// Search results as the command line prints them: a readable ranked list (bold on a terminal), or JSON.
// Plain text for a terminal, not mrkdwn: nothing is escaped, and nothing reaches Slack.
import { paperLink, paperUrl } from '../papers/links.ts';
import type { Paper } from '../papers/paper.ts';
import type { Hit, SearchResults, Snippet } from '../search/results.ts';

/** The snippet as plain text with the matched words wrapped in `open`/`close` (e.g. ** and **). */
export function markSnippet(s: Snippet, open = '**', close = open): string {
  let out = '';
  let at = 0;
  for (const [start, end] of s.marks) {
    out += s.text.slice(at, start) + open + s.text.slice(start, end) + close;
    at = end;
  }
  return out + s.text.slice(at);
}

/** The JSON shape of one hit (missing venue/year/url are null so every result has every key). */
export function hitJson(h: Hit) {
  const p = h.paper;
  return {
    id: p.id,
    title: p.title,
    authors: p.authors,
    venue: p.venue ?? null,
    year: p.year ?? null,
    // JSON consumers get the paper's own link or null, never a search made up for it.
    url: paperLink(p) ?? null,
    score: h.score,
    snippet: markSnippet(h.snippet),
    matches: h.matches,
  };
}

function authorLine(p: Paper): string {
  const names = p.authors.length > 3 ? [...p.authors.slice(0, 3), 'et al.'] : p.authors;
  return [names.join(', '), p.venue, p.year].filter((x) => x !== undefined && x !== '').join(' · ');
}

/** Readable ranked list: rank, title, authors · venue · year, snippet (marked), url. Bold marks on a terminal. */
export function formatHits(results: SearchResults, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  return results.hits
    .map((h, i) => {
      const lines = [`${results.offset + i + 1}. ${h.paper.title}`, `   ${authorLine(h.paper)}`];
      if (h.snippet.text) lines.push(`   ${markSnippet(h.snippet, open, close)}`);
      const url = paperUrl(h.paper);
      if (url) lines.push(`   ${url}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** What `paperbot search` / `similar` print for a page of results. */
export function resultsText(results: SearchResults, opts: { json: boolean; tty: boolean }): string {
  if (opts.json) return `${JSON.stringify({ query: results.query, total: results.total, results: results.hits.map(hitJson) })}\n`;
  const note = (results.truncated ? ' (query cut to its first words)' : '') + (results.understoodAs ? ` (showing results for "${results.understoodAs}")` : '');
  if (results.total === 0) {
    const suggest = results.suggestions.length ? `Did you mean: ${results.suggestions.map((s) => `"${s}"`).join(' or ')}?\n` : '';
    return `No papers match "${results.query}"${note}.\n${suggest}`;
  }
  const shown = results.hits.length ? `, showing ${results.offset + 1}-${results.offset + results.hits.length}` : '';
  return `${results.total} paper${results.total === 1 ? '' : 's'} for "${results.query}"${note}${shown}\n\n${formatHits(results, opts.tty)}\n`;
}
