// `npm run bench:scale`: raw MiniSearch against paperbot's index on the 74.7k arXiv records, each in its own process.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { haveArxiv } from './scale-queries.ts';

if (!haveArxiv()) {
  console.log('arXiv records not found under ../shared/data/external/arxiv-daily-cs; skipping the scale benchmark.');
  process.exit(0);
}

type Row = Record<string, number | string | undefined>;
const CACHE = 'data/.cache/bench';

/** Runs one side in a fresh Node process (its own heap and peak RSS) and reads its JSON line. */
function run(script: string, ...args: string[]): Row {
  const out = execFileSync(process.execPath, ['--expose-gc', 'bin/run-ts.js', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const baseline = run('bench/scale-baseline.ts');
console.log('baseline', JSON.stringify(baseline));
rmSync(CACHE, { recursive: true, force: true });
const build = run('bench/scale-ours.ts', 'build', CACHE);
console.log('build   ', JSON.stringify(build));
const start = run('bench/scale-ours.ts', 'start', CACHE);
console.log('start   ', JSON.stringify(start));
rmSync(CACHE, { recursive: true, force: true });
// Relevance must not pay for speed: the same index on SciFact (the relevance benchmark, test split).
const relevance = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/relevance.ts'], { encoding: 'utf8' });
const scifactTest = Number(/\| test \| \d+ \| ([0-9.]+) \|/.exec(relevance)?.[1]);

const f = (v: unknown, digits = 1) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const ratio = (ours: unknown, base: unknown) => (typeof ours === 'number' && typeof base === 'number' && ours > 0 ? `${(base / ours).toFixed(1)}× better` : '');
const rows: Array<[string, unknown, unknown, string]> = [
  ['index build (s)', (baseline.buildMs as number) / 1000, (build.buildMs as number) / 1000, '<= 15'],
  ['corpus load, 133 MB JSONL (s)', undefined, (build.loadMs as number) / 1000, ''],
  ['heap after build (MiB)', baseline.heapMiB, build.heapMiB, ''],
  ['query p50 (ms)', baseline.p50, start.p50, '<= 5'],
  ['query p99 (ms)', baseline.p99, start.p99, '<= 30'],
  ['first query after start (ms)', undefined, start.firstQueryMs, ''],
  ['save (s)', (baseline.saveMs as number) / 1000, (build.saveMs as number) / 1000, ''],
  ['load saved index (s)', (baseline.loadMs as number) / 1000, (start.snapshotMs as number) / 1000, ''],
  ['start-to-ready from a saved index (s)', undefined, (start.readyMs as number) / 1000, '<= 3'],
  ['peak RSS, build process (MiB)', baseline.peakRssMiB, build.peakRssMiB, '<= 1536'],
  ['peak RSS, start process (MiB)', undefined, start.peakRssMiB, '<= 1536'],
  ['SciFact test nDCG@10 (bench:relevance)', undefined, scifactTest, '>= 0.70'],
];
console.log(`\n${build.docs} papers; queries: 12 short keyword queries × 5 rounds, a page of 10 with snippets (paperbot) / top 10 (MiniSearch).\n`);
console.log('| measure | raw MiniSearch | paperbot | target | ratio |\n|---|---|---|---|---|');
for (const [name, base, ours, target] of rows) {
  const digits = name.startsWith('SciFact') ? 3 : 2;
  console.log(`| ${name} | ${f(base, digits)} | ${f(ours, digits)} | ${target} | ${name.startsWith('SciFact') ? '' : ratio(ours, base)} |`);
}
