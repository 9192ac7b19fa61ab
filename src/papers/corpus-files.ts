// Corpus files: walking folders, choosing each file's format, and reading it (gzip streamed through zlib).
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import type { CorpusIssue } from './paper.ts';
import { parseArxivAtom } from './formats/arxiv-atom.ts';
import { loadJsonLines, parseJsonText } from './formats/json-records.ts';
import type { CorpusFormat, LoadedFile } from './formats/loaded-file.ts';
import { parseProfileText } from './formats/profile-text.ts';

/** Extension -> format; `sniff` means the extension does not say (.txt holds profile exports, but may hold anything). */
const EXTENSIONS: Record<string, CorpusFormat | 'sniff'> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.xml': 'atom',
  '.atom': 'atom',
  '.txt': 'sniff',
};

/** The format a file name promises (".gz" looked through), or undefined for an extension we do not read. */
export function formatFromName(file: string): CorpusFormat | 'sniff' | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  return EXTENSIONS[extname(name)];
}

/** The format of a file's first bytes: BibTeX "@type{", XML "<", JSON "[" or "{", else profile-export text. */
export function sniffFormat(head: string): CorpusFormat {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (/^@\s*[a-z]+\s*[{(]/i.test(t) || /^%.*\n\s*@\s*[a-z]+\s*[{(]/i.test(t)) return 'bibtex';
  if (t.startsWith('<')) return 'atom';
  if (t.startsWith('[')) return 'json';
  // One object per line ends its first line with "}"; a pretty-printed object does not.
  if (t.startsWith('{')) return t.split('\n', 1)[0].trimEnd().endsWith('}') ? 'jsonl' : 'json';
  return 'profile';
}

/** Told how many bytes of a file (as stored, so compressed for .gz) have been read so far. */
export type OnBytesRead = (bytesRead: number) => void;

/**
 * A file's bytes as a stream, gunzipped when its name ends in .gz; read errors surface on the returned stream.
 * `bytesRead` counts the file's bytes as stored (compressed for .gz), for progress.
 */
function openStream(file: string): { stream: NodeJS.ReadableStream; bytesRead: () => number } {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const bytesRead = () => raw.bytesRead;
  if (!file.toLowerCase().endsWith('.gz')) return { stream: raw.setEncoding('utf8'), bytesRead };
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  // pipe() does not close the source when the gunzip side fails or is abandoned: close it here (no fd leak).
  gunzip.on('close', () => raw.destroy());
  return { stream: raw.pipe(gunzip).setEncoding('utf8'), bytesRead };
}

/** The whole (decompressed) text of a file. */
export async function readText(file: string, onRead?: OnBytesRead): Promise<string> {
  const { stream, bytesRead } = openStream(file);
  let text = '';
  for await (const chunk of stream) {
    text += chunk as string;
    onRead?.(bytesRead());
  }
  return text;
}

/** Lines without their line ending, streamed: memory stays flat whatever the file's size. */
export async function* readLines(file: string, onRead?: OnBytesRead): AsyncGenerator<string> {
  const { stream, bytesRead } = openStream(file);
  let rest = '';
  for await (const chunk of stream) {
    onRead?.(bytesRead());
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest) yield rest;
}

/** The first few KB of a (decompressed) file, for sniffing. */
async function readHead(file: string): Promise<string> {
  const handle = await open(file);
  let head: Buffer;
  try {
    const buf = Buffer.alloc(16384);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  // A partial gzip member inflates fine with a sync flush; a file that is not gzip throws (reported by the caller).
  if (file.toLowerCase().endsWith('.gz')) head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  return head.subarray(0, 4096).toString('utf8');
}

/** Resolves a file's format: from its name, else from its first bytes. */
export async function detectFormat(file: string): Promise<CorpusFormat> {
  const byName = formatFromName(file);
  return byName && byName !== 'sniff' ? byName : sniffFormat(await readHead(file));
}

/**
 * Loads one file with the loader for its format. Throws only when the file cannot be read (or gunzipped).
 * `onRead` follows the bytes read, for progress.
 */
export async function loadFile(file: string, format: CorpusFormat, onRead?: OnBytesRead): Promise<LoadedFile> {
  switch (format) {
    case 'jsonl':
      return loadJsonLines(readLines(file, onRead), file);
    case 'json':
      return parseJsonText(await readText(file, onRead), file);
    case 'bibtex': {
      // Loaded on demand: the BibTeX parser and its LaTeX tables take ~250 ms to import, and most corpora have no .bib.
      const { parseBibtex } = await import('./formats/bibtex.ts');
      return parseBibtex(await readText(file, onRead), file);
    }
    case 'atom':
      return parseArxivAtom(await readText(file, onRead), file);
    case 'profile':
      return parseProfileText(await readText(file, onRead), file);
  }
}

/** What a walk over the corpus paths found. */
export interface CorpusListing {
  /** Files to load, in a stable order (paths as given, folder entries sorted by name). */
  files: string[];
  /** Paths that do not exist or cannot be listed. */
  issues: CorpusIssue[];
  /** Files inside folders that were passed over (unknown extension). Not a problem, so not an issue. */
  skipped: { file: string; reason: string }[];
}

/**
 * Files and folders, folders read recursively. Dotfiles and dot-folders are skipped silently (.git, .DS_Store);
 * files with an extension no loader reads are listed in `skipped`. A file named directly is always loaded,
 * its format sniffed when its extension does not say.
 */
export async function listCorpusFiles(paths: string[]): Promise<CorpusListing> {
  const listing: CorpusListing = { files: [], issues: [], skipped: [] };
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (!entry.isFile()) continue;
      else if (formatFromName(entry.name)) listing.files.push(path);
      else listing.skipped.push({ file: path, reason: `unknown file type "${extname(entry.name) || basename(entry.name)}"` });
    }
  };
  for (const path of paths) {
    try {
      const s = await stat(path);
      if (s.isDirectory()) await walk(path);
      else listing.files.push(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      listing.issues.push({ file: path, message: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(err as Error).message}` });
    }
  }
  return listing;
}
