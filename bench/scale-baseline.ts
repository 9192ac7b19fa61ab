// Scale benchmark, baseline side: raw MiniSearch (title/abstract/authors, Porter stemming) on the arXiv records.
// Run by bench/scale.ts in its own process so its heap and peak RSS are its own. Prints one JSON line.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { ARXIV_FILE, QUERIES, percentile } from './scale-queries.ts';

interface Rec { id: string; title: string; summary: string; authors: string[] }

async function readRecords(limit: number): Promise<Rec[]> {
  const out: Rec[] = [];
  const rl = createInterface({ input: createReadStream(ARXIV_FILE).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const r = JSON.parse(line);
    out.push({ id: r.id, title: r.title, summary: r.summary, authors: r.authors });
    if (out.length >= limit) break;
  }
  rl.close();
  return out;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMiB = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);

const limit = Number(process.argv[2] ?? Infinity);
const records = await readRecords(limit);
const heap0 = heapMiB();
const options = {
  fields: ['title', 'summary', 'authors'],
  extractField: (d: Rec, f: string) => (f === 'authors' ? d.authors.join(' ') : (d as unknown as Record<string, string>)[f]),
  processTerm: (t: string) => stemmer(t.toLowerCase()),
};
let t = performance.now();
const mini = new MiniSearch<Rec>(options);
mini.addAll(records);
const buildMs = performance.now() - t;
const heapMiBIndex = heapMiB() - heap0;

const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const q of QUERIES) {
    t = performance.now();
    mini.search(q, { prefix: true }).slice(0, 10);
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);

let saveMs: number | undefined;
let loadMs: number | undefined;
if (records.length > 50_000) {
  const dir = mkdtempSync(join(tmpdir(), 'pb-base-'));
  t = performance.now();
  writeFileSync(join(dir, 'i.json'), JSON.stringify(mini));
  saveMs = performance.now() - t;
  t = performance.now();
  MiniSearch.loadJSON(readFileSync(join(dir, 'i.json'), 'utf8'), options);
  loadMs = performance.now() - t;
  rmSync(dir, { recursive: true });
}
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ system: 'baseline', docs: records.length, buildMs, heapMiB: heapMiBIndex, p50: percentile(times, 50), p99: percentile(times, 99), saveMs, loadMs, peakRssMiB }));
