// `npm run bench:scale`: how build, start, queries and memory grow from 75k to 1M papers (the 74,728 real arXiv
// records replicated), each size built and started in its own processes; `--baseline` adds raw MiniSearch at 75k.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { haveArxiv } from './scale-queries.ts';

if (!haveArxiv()) {
  console.log('arXiv records not found under ../shared/data/external/arxiv-daily-cs; skipping the scale benchmark.');
  process.exit(0);
}

type Row = Record<string, number | string | undefined>;
// Snapshots of up to 2.5 GB each, in a temp folder (never the user's data/), removed as the run goes.
const CACHE = join(tmpdir(), `paperbot-bench-growth-${process.pid}`);
const args = process.argv.slice(2);
const sizeArg = args.find((a) => a.startsWith('--sizes='));
/** 74,728 is the real set; 971,464 is it 13 times. */
const SIZES = sizeArg ? sizeArg.slice(8).split(',').map(Number) : [74_728, 250_000, 500_000, 971_464];

/** Runs one step in a fresh Node process (its own heap and peak RSS) and reads its JSON line. */
function run(script: string, nodeArgs: string[], ...rest: string[]): Row {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeArgs, 'bin/run-ts.js', script, ...rest], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
if (args.includes('--baseline')) {
  console.log('baseline (raw MiniSearch, 74,728 papers)', JSON.stringify(run('bench/scale-baseline.ts', [])));
}

const rows: Array<{ build: Row; start: Row; bytes: number }> = [];
mkdirSync(CACHE, { recursive: true });
for (const size of SIZES) {
  // The build process holds every paper it indexes (1M of them: ~3 GB of heap); serving does not.
  const build = run('bench/scale-growth.ts', ['--max-old-space-size=8192'], 'build', String(size), CACHE);
  console.log('build', JSON.stringify(build));
  const start = run('bench/scale-growth.ts', [], 'start', String(size), CACHE);
  console.log('start', JSON.stringify(start));
  const file = join(CACHE, `growth-${size}.pbix`);
  rows.push({ build, start, bytes: statSync(file).size });
  // One snapshot on disk at a time (1M papers: 2.6 GB).
  rmSync(file, { force: true });
}
rmSync(CACHE, { recursive: true, force: true });

// Relevance must not pay for speed: the same index on SciFact (the relevance benchmark, test split).
const relevance = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/relevance.ts'], { encoding: 'utf8' });
const scifactTest = Number(/\| test \| \d+ \| ([0-9.]+) \|/.exec(relevance)?.[1]);

const n = (v: unknown, digits: number) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const measures: Array<[string, (r: (typeof rows)[number]) => number, number, string]> = [
  ['index build (s)', (r) => (r.build.buildMs as number) / 1000, 1, '<= 180 at 1M'],
  ['index build, CPU time (s)', (r) => (r.build.buildCpuMs as number) / 1000, 1, ''],
  ['save the snapshot (s)', (r) => (r.build.saveMs as number) / 1000, 1, ''],
  ['snapshot file (MiB)', (r) => r.bytes / 2 ** 20, 0, ''],
  ['start to ready from the snapshot (s)', (r) => (r.start.readyMs as number) / 1000, 2, '<= 1.5 at 75k, <= 10 at 1M'],
  ['start to ready, CPU time (s)', (r) => (r.start.readyCpuMs as number) / 1000, 2, ''],
  ['query p50 (ms)', (r) => r.start.p50 as number, 1, '<= 5'],
  ['query p99 (ms)', (r) => r.start.p99 as number, 1, '<= 50'],
  ['"model", slowest of 5 (ms)', (r) => r.start.model as number, 1, ''],
  ['first query after the start (ms)', (r) => r.start.firstQueryMs as number, 0, ''],
  ['heap serving (MiB)', (r) => r.start.heapMiB as number, 0, ''],
  ['peak RSS serving (MiB)', (r) => r.start.peakRssMiB as number, 0, '<= 3072'],
  ['peak RSS building (MiB)', (r) => r.build.peakRssMiB as number, 0, ''],
  ['load average when built', (r) => Number(r.build.load), 1, ''],
  ['load average when started', (r) => Number(r.start.load), 1, ''],
];
console.log(`\nPapers: the 74,728 arXiv records, replicated with distinct ids and numbered titles. Queries: 12 short keyword queries × 5 rounds after 52 untimed warm-up queries, a page of 10 with snippets.\n`);
console.log(`| measure | ${rows.map((r) => Number(r.build.docs).toLocaleString('en-US')).join(' | ')} | growth, ×${(Number(rows.at(-1)!.build.docs) / Number(rows[0].build.docs)).toFixed(1)} papers | target |`);
console.log(`|---|${rows.map(() => '---|').join('')}---|---|`);
for (const [name, get, digits, target] of measures) {
  const values = rows.map(get);
  const growth = values[0] > 0 ? `×${(values.at(-1)! / values[0]).toFixed(1)}` : '';
  console.log(`| ${name} | ${values.map((v) => n(v, digits)).join(' | ')} | ${growth} | ${target} |`);
}
console.log(`| SciFact test nDCG@10 (bench:relevance) | ${n(scifactTest, 4)} | | | >= 0.7007 |`);
