// `paperbot recommend --batch PROFILES.jsonl`: one JSON line of ranked paper ids per lab profile (liked, disliked, since).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from '../../papers/corpus.ts';
import type { Paper } from '../../papers/paper.ts';
import { publishedSince, Recommender, type Candidates } from '../../recommend/index.ts';
import { CliError, configIfValid, parseOptions, type CliCommand, type CliIO } from '../io.ts';
import { intFlag } from './search.ts';

const USAGE = `usage: paperbot recommend --batch PROFILES.jsonl [--limit N] [--json] [--papers PATH ...]
Each line of PROFILES.jsonl: {"_id", "liked": [paper ids], "disliked": [paper ids, optional], "since": "YYYY-MM-DD", optional}
Each line out: {"id", "results": [paper ids, best first], "took_ms"}`;

const OPTIONS = {
  batch: { type: 'string' },
  limit: { type: 'string', short: 'n' },
  json: { type: 'boolean' },
  papers: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One batch line, checked. */
interface BatchProfile {
  id: unknown;
  liked: string[];
  disliked: string[];
  since?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** The line as a profile, or what is wrong with it. */
function readProfile(line: string): BatchProfile | string {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'expected a JSON object';
  if (v._id === undefined) return 'missing "_id"';
  if (!isIdList(v.liked)) return '"liked" must be a list of paper ids';
  if (v.disliked !== undefined && !isIdList(v.disliked)) return '"disliked" must be a list of paper ids';
  if (v.since !== undefined && (typeof v.since !== 'string' || !ISO_DATE.test(v.since))) return '"since" must be a date, YYYY-MM-DD';
  return { id: v._id, liked: v.liked, disliked: (v.disliked as string[] | undefined) ?? [], since: v.since as string | undefined };
}

/**
 * The papers to rank from: --papers, else PAPERS_PATH, else data/papers (as `paperbot search` picks them). Read
 * with the corpus loader directly: ranking needs the papers, not a search index.
 */
async function loadPapers(papers: string[] | undefined, io: CliIO): Promise<Paper[]> {
  let paths = papers?.length ? papers.map((p) => resolve(p)) : undefined;
  paths ??= configIfValid()?.papersPath ?? ['data/papers'];
  const corpus = await loadCorpus(paths);
  if (corpus.papers.length === 0) {
    const why = corpus.issues[0] ? `: ${corpus.issues[0].message}` : '';
    throw new CliError(`no papers found in ${paths.join(', ')}${why}`, 1);
  }
  if (corpus.issues.length) io.stderr.write(`note: ${corpus.issues.length} record(s) could not be loaded; see \`paperbot corpus check\`\n`);
  return corpus.papers;
}

async function readBatch(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
}

export const run: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (!values.batch) throw new CliError(`missing --batch PROFILES.jsonl\n${USAGE}`);
  const limit = intFlag(values.limit, 'limit', 10, 1, 1000);
  const text = await readBatch(values.batch);
  const recommender = new Recommender(await loadPapers(values.papers, io));
  const filters = new Map<string, Candidates>();
  let bad = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const profile = readProfile(line);
    if (typeof profile === 'string') {
      io.stderr.write(`${values.batch}:${i + 1}: ${profile}; line skipped\n`);
      bad++;
      return;
    }
    const since = profile.since ?? '';
    if (!filters.has(since)) filters.set(since, since ? publishedSince(since) : () => true);
    const t0 = performance.now();
    const ranked = recommender.rank(profile, filters.get(since)!, limit);
    const took = performance.now() - t0;
    if (ranked === null) io.stderr.write(`${values.batch}:${i + 1}: none of the liked papers is in the corpus (cold start); no results\n`);
    io.stdout.write(`${JSON.stringify({ id: profile.id, results: (ranked ?? []).map((r) => r.id), took_ms: took })}\n`);
  });
  return bad ? 1 : 0;
};
