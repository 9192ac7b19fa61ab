// Vitest global setup: fails the run when any test created, changed or removed anything under data/ (the user's
// database, index snapshots and shipped papers); tests must use temp folders.
//
// It runs once in the main vitest process, around every worker (tests run in forked processes and spawn real
// `paperbot` processes, so a hook inside a test file could not see their writes). Reads cannot be seen in a listing
// (unless they touch an mtime, as the snapshot cache's LRU does): tests that start the bot or the CLI set
// DATABASE_PATH and INDEX_CACHE_PATH to temp folders, and the environment below makes that the default.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const WATCHED = 'data';

/** Path → "size mtime" for every file and folder under `root` (folders too: a file made and removed changes its folder's mtime). */
export function listing(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // no data/ at all is a valid starting state; creating one is then a change
    }
    out.set(relative(root, dir) || '.', stamp(dir));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else out.set(relative(root, path), stamp(path));
    }
  };
  walk(root);
  return out;
}

function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size} bytes, modified ${s.mtime.toISOString()}`;
  } catch {
    return 'gone while listing';
  }
}

/** What differs between two listings, one line per path. */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now === undefined) lines.push(`removed ${path} (${was})`);
    else if (now !== was) lines.push(`changed ${path}: ${was} → ${now}`);
  }
  for (const [path, now] of after) if (!before.has(path)) lines.push(`created ${path} (${now})`);
  return lines;
}

export default function setup(): () => void {
  const root = join(process.cwd(), WATCHED);
  const before = listing(root);
  // Safe by default: a test that reads the configuration from process.env (the CLI), and every process it spawns
  // with that environment, gets a database and index cache in a temp folder for this run, never data/ nor paths
  // from the user's shell or .env (dotenv never overrides a variable already set). Workers inherit this environment.
  const scratch = mkdtempSync(join(tmpdir(), 'paperbot-test-run-'));
  process.env.DATABASE_PATH = join(scratch, 'paperbot.db');
  process.env.INDEX_CACHE_PATH = join(scratch, 'cache');
  return () => {
    rmSync(scratch, { recursive: true, force: true });
    const diff = changes(before, listing(root));
    if (diff.length) {
      // Vitest only logs an error thrown here ("error during close") and keeps exit code 0: set it ourselves.
      process.exitCode = 1;
      throw new Error(`The tests touched ${WATCHED}/ (the user's files; use a temp folder, e.g. DATABASE_PATH and INDEX_CACHE_PATH):\n  ${diff.join('\n  ')}`);
    }
  };
}
