// `paperbot corpus check [--json] [PATH ...]`: per-file counts, duplicates, bad records and stored enrichment; `corpus enrich`.
import { isAbsolute, relative } from 'node:path';
import { DEFAULT_CORPUS_PATHS, loadCorpus, type Corpus, type CorpusDuplicate } from '../../papers/corpus.ts';
import type { Paper } from '../../papers/paper.ts';
import { CliError, configIfValid, parseOptions, type CliCommand } from '../io.ts';
import { ENRICH_USAGE, runEnrich, storedEnrichment } from './corpus-enrich.ts';

const USAGE = 'usage: paperbot corpus check [--json] [PATH ...]   (default: PAPERS_PATH, else data/papers)';

const REASONS = { arxiv: 'same arXiv id', doi: 'same DOI', title: 'same title' } as const;

/** Paths under the working directory are shown relative to it, as the user would type them. */
function shown(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function where(p: { file: string; line?: number; record?: number }): string {
  if (p.line !== undefined) return `${shown(p.file)}:${p.line}`;
  if (p.record !== undefined) return `${shown(p.file)} record ${p.record}`;
  return shown(p.file);
}

/** PAPERS_PATH through the one config parser; a Slack misconfiguration must not stop a corpus check. */
function defaultPaths(): string[] {
  return configIfValid()?.papersPath ?? DEFAULT_CORPUS_PATHS;
}


const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Per file: the duplicates dropped from it (a file's own repeats count too). */
function mergedPerFile(corpus: Corpus): Map<string, number> {
  const merged = new Map<string, number>();
  for (const d of corpus.duplicates) merged.set(d.file, (merged.get(d.file) ?? 0) + 1);
  return merged;
}

/**
 * One duplicate in words: which copy was dropped, of which paper, why, and where the kept copy is, e.g.
 * `data/b.jsonl:12 is a copy of "Title" (same arXiv id 2007.08489), merged into the first one at data/a.jsonl:3`.
 * Ids would say nothing here: a title-slug id repeats the title, and two copies often share the id.
 */
function describeDuplicate(d: CorpusDuplicate, kept: Paper | undefined): string {
  const title = kept ? kept.title.replace(/\s+/g, ' ') : d.kept;
  const shownTitle = title.length > 80 ? `${title.slice(0, 79)}…` : title;
  const value = d.reason === 'arxiv' ? kept?.arxivId : d.reason === 'doi' ? kept?.doi : undefined;
  const reason = value ? `${REASONS[d.reason]} ${value}` : REASONS[d.reason];
  const into = kept ? `the first one at ${where(kept.source)}` : 'the first one';
  return `${where(d)} is a copy of "${shownTitle}" (${reason}), merged into ${into}`;
}

/**
 * Counts say what was merged: a file row counts the records read from it ("371 records, 70 merged as
 * duplicates"), and the total counts papers once merged ("301 papers (371 records, 70 duplicates merged)").
 */
export function formatReport(corpus: Corpus): string {
  const lines: string[] = [];
  const merged = mergedPerFile(corpus);
  const records = corpus.papers.length + corpus.duplicates.length;
  const dups = corpus.duplicates.length ? ` (${plural(records, 'record')}, ${plural(corpus.duplicates.length, 'duplicate')} merged)` : '';
  lines.push(`${plural(corpus.files.length, 'file')}, ${plural(corpus.papers.length, 'paper')}${dups}, ${plural(corpus.issues.length, 'issue')}`);
  if (corpus.files.length) {
    const width = Math.max(...corpus.files.map((f) => shown(f.file).length));
    const digits = Math.max(...corpus.files.map((f) => String(f.papers).length));
    lines.push('');
    for (const f of corpus.files) {
      const m = merged.get(f.file) ?? 0;
      const parts = [`${String(f.papers).padStart(digits)} record${f.papers === 1 ? '' : 's'}`];
      if (m) parts.push(`${m} merged as duplicate${m === 1 ? '' : 's'}`);
      if (f.issues) parts.push(plural(f.issues, 'issue'));
      lines.push(`${shown(f.file).padEnd(width)}  ${f.format.padEnd(7)}  ${parts.join(', ')}`);
    }
  }
  if (corpus.duplicates.length) {
    const byId = new Map(corpus.papers.map((p) => [p.id, p]));
    lines.push('', `duplicates (${corpus.duplicates.length}):`);
    for (const d of corpus.duplicates) lines.push(`  ${describeDuplicate(d, byId.get(d.kept))}`);
  }
  if (corpus.issues.length) {
    lines.push('', `issues (${corpus.issues.length}):`);
    for (const i of corpus.issues) lines.push(`  ${where(i)}: ${i.message}`);
  }
  if (corpus.skipped.length) {
    lines.push('', `skipped (${corpus.skipped.length}):`);
    for (const s of corpus.skipped) lines.push(`  ${shown(s.file)}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `--json`: the report as it always was (`papers` is the merged count, each file's `papers` the records read
 * from it), plus `records` (read in all) and each file's `merged` (copies dropped from it as duplicates).
 */
export function jsonReport(corpus: Corpus) {
  const merged = mergedPerFile(corpus);
  return {
    ok: corpus.issues.length === 0,
    papers: corpus.papers.length,
    records: corpus.papers.length + corpus.duplicates.length,
    issues: corpus.issues,
    files: corpus.files.map((f) => ({ ...f, merged: merged.get(f.file) ?? 0 })),
    duplicates: corpus.duplicates,
    skipped: corpus.skipped,
  };
}

/** Exit 0 when every record loaded, 1 when there were issues; 2 (CliError) for a usage mistake. */
export const run: CliCommand = async (args, io) => {
  if (args[0] === 'enrich') return runEnrich(args.slice(1), io);
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [sub, ...paths] = positionals;
  if (sub !== 'check') throw new CliError(sub ? `unknown subcommand "${sub}"\n${USAGE}\n${ENRICH_USAGE}` : `${USAGE}\n${ENRICH_USAGE}`);
  const corpus = await loadCorpus(paths.length ? paths : defaultPaths());
  if (values.json) {
    io.stdout.write(`${JSON.stringify(jsonReport(corpus), null, 2)}\n`);
  } else {
    io.stdout.write(formatReport(corpus));
    await storedEnrichment(corpus.papers, configIfValid(), io);
  }
  return corpus.issues.length ? 1 : 0;
};
