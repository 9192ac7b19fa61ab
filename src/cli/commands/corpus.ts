// `paperbot corpus check [--json] [PATH ...]`: loads the corpus and reports per-file counts, duplicates and bad records.
import { isAbsolute, relative } from 'node:path';
import { ConfigError, loadConfig } from '../../config.ts';
import { DEFAULT_CORPUS_PATHS, loadCorpus, type Corpus } from '../../papers/corpus.ts';
import { CliError, type CliCommand } from '../io.ts';

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
  try {
    return loadConfig(process.env).papersPath;
  } catch (err) {
    if (err instanceof ConfigError) return DEFAULT_CORPUS_PATHS;
    throw err;
  }
}

export function formatReport(corpus: Corpus): string {
  const lines: string[] = [];
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  lines.push(
    `${n(corpus.files.length, 'file')}, ${n(corpus.papers.length, 'paper')} (${n(corpus.duplicates.length, 'duplicate')} merged), ${n(corpus.issues.length, 'issue')}`,
  );
  if (corpus.files.length) {
    const width = Math.max(4, ...corpus.files.map((f) => shown(f.file).length));
    lines.push('', `${'file'.padEnd(width)}  format   papers  issues`);
    for (const f of corpus.files) {
      lines.push(`${shown(f.file).padEnd(width)}  ${f.format.padEnd(7)}  ${String(f.papers).padStart(6)}  ${String(f.issues).padStart(6)}`);
    }
  }
  if (corpus.duplicates.length) {
    lines.push('', `duplicates (${corpus.duplicates.length}):`);
    for (const d of corpus.duplicates) lines.push(`  ${where(d)}  "${d.dropped}" merged into "${d.kept}" (${REASONS[d.reason]})`);
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

/** Exit 0 when every record loaded, 1 when there were issues; 2 (CliError) for a usage mistake. */
export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'check') throw new CliError(sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE);
  const json = rest.includes('--json');
  const unknown = rest.find((a) => a.startsWith('-') && a !== '--json');
  if (unknown) throw new CliError(`unknown option "${unknown}"\n${USAGE}`);
  const paths = rest.filter((a) => a !== '--json');
  const corpus = await loadCorpus(paths.length ? paths : defaultPaths());
  if (json) {
    const { papers, ...report } = corpus;
    io.stdout.write(`${JSON.stringify({ ok: corpus.issues.length === 0, papers: papers.length, ...report }, null, 2)}\n`);
  } else {
    io.stdout.write(formatReport(corpus));
  }
  return corpus.issues.length ? 1 : 0;
};
