// `paperbot search <query>`: ranked papers as text or JSON, or one JSON line per query with --batch.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ParseArgsConfig } from 'node:util';
import { resultsText } from '../../blocks/cli-text.ts';
import { progressReporter } from '../../progress.ts';
import { openIndex } from '../../search/snapshot.ts';
import { SearchIndex, type SearchResults } from '../../search/index.ts';
import { CliError, configIfValid, parseOptions, type CliCommand, type CliIO } from '../io.ts';

const USAGE = `usage: paperbot search <query> [--limit N] [--offset N] [--json] [--papers PATH ...]
       paperbot search --batch QUERIES.jsonl [--limit N] [--papers PATH ...]
A query starting with "-" goes after "--":  paperbot search -- -survey robustness`;

/** Flags shared by `search` and `similar`. */
export const COMMON_OPTIONS = {
  limit: { type: 'string', short: 'n' },
  offset: { type: 'string' },
  json: { type: 'boolean' },
  papers: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** A whole number within [min, max]; `fallback` when the flag was not given. */
export function intFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * Loads the corpus (--papers, else PAPERS_PATH, else data/papers) and indexes it, through the snapshot folder
 * (INDEX_CACHE_PATH): the bot's corpus and each --papers corpus keep their own snapshot there, so a search of a
 * 75k-paper library starts in seconds from the second time on. A first build shows its progress on stderr.
 * No papers is a user mistake.
 */
export async function loadIndex(papers: string[] | undefined, io: CliIO): Promise<SearchIndex> {
  // Resolved as config resolves PAPERS_PATH, so `--papers data/papers` shares the bot's snapshot (the key hashes paths).
  let paths = papers?.length ? papers.map((p) => resolve(p)) : undefined;
  // A setting the search does not use may be invalid (a bad PORT): then search the default library, uncached.
  const config = configIfValid();
  paths ??= config?.papersPath ?? ['data/papers'];
  const cacheDir = config?.indexCachePath;
  // Searching needs only the papers a page shows: from a snapshot they stay in the file (docs/scaling.md).
  const { index, issues } = await openIndex({ paths, cacheDir, onProgress: progressReporter({ stream: io.stderr }) });
  if (index.size === 0) {
    const why = issues[0] ? `: ${issues[0].message}` : '';
    throw new CliError(`no papers found in ${paths.join(', ')}${why}`, 1);
  }
  if (issues.length) io.stderr.write(`note: ${issues.length} record(s) could not be loaded; see \`paperbot corpus check\`\n`);
  return index;
}


/** --batch: one JSON line in ({"_id", "text"}) gives one line out ({"id", "results": [paper ids], "took_ms"}). */
async function runBatch(file: string, index: SearchIndex, limit: number, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
  let bad = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let q: { _id?: unknown; text?: unknown };
    try {
      q = JSON.parse(line);
    } catch {
      q = {};
    }
    if (q === null || typeof q !== 'object' || typeof q.text !== 'string' || q._id === undefined) {
      io.stderr.write(`${file}:${i + 1}: expected a JSON object with "_id" and "text"; line skipped\n`);
      bad++;
      return;
    }
    const t0 = performance.now();
    const res = index.search(q.text, { limit });
    const took = performance.now() - t0;
    io.stdout.write(`${JSON.stringify({ id: q._id, results: res.hits.map((h) => h.paper.id), took_ms: took })}\n`);
  });
  return bad ? 1 : 0;
}

export const run: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { ...COMMON_OPTIONS, batch: { type: 'string' } });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = intFlag(values.limit, 'limit', values.batch ? 10 : 5, 1, 1000);
  const offset = intFlag(values.offset, 'offset', 0, 0, 1_000_000);
  const query = positionals.join(' ').trim();
  if (values.batch && query) throw new CliError(`give either a query or --batch, not both\n${USAGE}`);
  if (!values.batch && !query) throw new CliError(`missing query\n${USAGE}`);
  const index = await loadIndex(values.papers, io);
  if (values.batch) return runBatch(values.batch, index, limit, io);
  printResults(index.search(query, { limit, offset }), io, values.json ?? false);
  return 0;
};

/** Prints a page of results (src/blocks/cli-text.ts renders it). */
export function printResults(results: SearchResults, io: CliIO, json: boolean): void {
  io.stdout.write(resultsText(results, { json, tty: Boolean((io.stdout as { isTTY?: boolean }).isTTY) }));
}
