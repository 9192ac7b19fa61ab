// Lab-feed benchmark: author-held-out recommendation on the 74,728 arXiv records (nDCG@10, R@100, MAP) and timings.
// Tuning: `--set name=value` overrides an option; `--try '{json}'` (repeatable) compares scoring variants on one build.
// `--dev N` scores N other authors instead (a tuning split drawn from the corpus; see `devSplit`); `--dev-skip K`
// takes the N after the first K of the same draw (a second, disjoint split); `--dev-out DIR` writes the split and stops.
// `--daily` ranks each listing day alone, as a digest does, and reads its top 3 and 10.
// `--vs-score` compares the learned re-ranking with the score alone, author by author.
// `--sliced` also times the time-sliced build (`addSliced`, as the bot runs it): total, CPU and the longest slice.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from '../src/papers/corpus.ts';
import type { Paper } from '../src/papers/paper.ts';
import { TASTE_LIBRARY_MAX } from '../src/library/library.ts';
import { publishedSince, Recommender, type RecommenderOptions, type ScoringOptions } from '../src/recommend/index.ts';
import { LAB_CANDIDATES } from '../src/library/lab-feed.ts';
import { devSplit } from './lab-feed-split.ts';
import { percentile } from './scifact.ts';

/** The shared protocol and corpus, relative to the repo root (never copied into the repository). */
export const LAB_FEED_DIR = resolve('../shared/data/lab-feed');
export const CORPUS = resolve('../shared/data/external/arxiv-daily-cs/arxiv_daily_2025-03-18_to_2026-07-01.dedup.jsonl.gz');

/** Anchors from ../shared/data/lab-feed/SOURCE.md (scikit-learn 1.9 on this split). */
const ANCHORS = [
  { name: 'arxiv-sanity-lite tf-idf SVM', ndcg: 0.075, recall: 0.174, map: 0.042 },
  { name: 'zotero-arxiv-daily weighting', ndcg: 0.067, recall: 0.16, map: 0.041 },
  { name: 'centroid cosine', ndcg: 0.069, recall: 0.164, map: 0.04 },
];

export interface LabProfile {
  _id: string;
  liked: string[];
  disliked?: string[];
  since: string;
}

export interface Metrics {
  ndcg: number;
  recall: number;
  map: number;
  profiles: number;
}

/** nDCG@k with binary gains; the ideal DCG takes min(k, relevant) hits. */
export function ndcgBinary(k: number, ranked: string[], relevant: Set<string>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += relevant.has(id) ? 1 / Math.log2(i + 2) : 0));
  let idcg = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(k: number, ranked: string[], relevant: Set<string>): number {
  return relevant.size ? ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size : 0;
}

/** Average precision over the ranking given (the top 1000, as trec_eval; a relevant paper not in it adds 0). */
export function averagePrecision(ranked: string[], relevant: Set<string>): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (relevant.has(id)) sum += ++hits / (i + 1);
  });
  return relevant.size ? sum / relevant.size : 0;
}

export function readProfiles(): LabProfile[] {
  return readFileSync(join(LAB_FEED_DIR, 'profiles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabProfile);
}

export function readQrels(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of readFileSync(join(LAB_FEED_DIR, 'qrels.tsv'), 'utf8').split('\n').slice(1)) {
    const [qid, docId, score] = line.split('\t');
    if (!qid || !docId || Number(score) <= 0) continue;
    if (!out.has(qid)) out.set(qid, new Set());
    out.get(qid)!.add(docId);
  }
  return out;
}

/** Loads the corpus through the project's loader, each record kept (qrels name record ids), authors still in. */
export async function loadPapersWithAuthors(): Promise<Paper[]> {
  const corpus = await loadCorpus([CORPUS], { dedupe: false });
  if (corpus.issues.length) console.error(`lab-feed: ${corpus.issues.length} corpus issues, first: ${corpus.issues[0].message}`);
  return corpus.papers;
}

/** Ranks every candidate for each profile; returns per-profile metrics in profile order and the total time. */
function evaluate(rec: Recommender, profiles: LabProfile[], qrels: Map<string, Set<string>>): { per: Metrics[]; ms: number } {
  const per: Metrics[] = [];
  let ms = 0;
  const filters = new Map<string, (p: Paper) => boolean>();
  // `--sample M`: one paper in M of the period only (~34,011 / M candidates, the size of a bot's lists at M 16), and
  // only the later papers among them count; authors with none left are skipped. The count runs on from one author
  // to the next, so each author gets another sample (the same on every run).
  const sampleAt = process.argv.indexOf('--sample');
  const m = sampleAt > 0 ? Number(process.argv[sampleAt + 1]) : 1;
  for (const prof of profiles) {
    if (!filters.has(prof.since)) {
      const since = publishedSince(prof.since);
      let i = 0;
      filters.set(prof.since, m > 1 ? (p) => since(p) && i++ % m === 0 : since);
    }
    const inSample = new Set<string>();
    const filter = filters.get(prof.since)!;
    const rel0 = qrels.get(prof._id) ?? new Set<string>();
    const t0 = performance.now();
    const ranked = (rec.rank(prof, m > 1 ? (p) => filter(p) && (inSample.add(p.id), true) : filter, 1000) ?? []).map((r) => r.id);
    ms += performance.now() - t0;
    const rel = m > 1 ? new Set([...rel0].filter((id) => inSample.has(id))) : rel0;
    if (rel.size === 0 && m > 1) continue;
    per.push({ ndcg: ndcgBinary(10, ranked, rel), recall: recallAt(100, ranked, rel), map: averagePrecision(ranked, rel), profiles: 1 });
  }
  return { per, ms };
}

function mean(per: Metrics[]): Metrics {
  const n = per.length || 1;
  return {
    ndcg: per.reduce((s, m) => s + m.ndcg, 0) / n,
    recall: per.reduce((s, m) => s + m.recall, 0) / n,
    map: per.reduce((s, m) => s + m.map, 0) / n,
    profiles: per.length,
  };
}

function row(name: string, m: Pick<Metrics, 'ndcg' | 'recall' | 'map'>): string {
  return `| ${name} | ${m.ndcg.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.map.toFixed(3)} |`;
}

/** `--set name=value` pairs as recommender options (numbers and booleans). */
function parseSets(argv: string[]): Partial<RecommenderOptions> {
  const out: Record<string, number | boolean> = {};
  argv.forEach((a, i) => {
    if (a !== '--set') return;
    const [k, v] = (argv[i + 1] ?? '').split('=');
    out[k] = v === 'true' ? true : v === 'false' ? false : Number(v);
  });
  return out as Partial<RecommenderOptions>;
}

/** The ids of the papers listed on each day. */
function papersByDay(papers: Paper[]): Map<string, string[]> {
  const byDay = new Map<string, string[]>();
  for (const p of papers) {
    if (!p.date) continue;
    const day = byDay.get(p.date);
    if (day) day.push(p.id);
    else byDay.set(p.date, [p.id]);
  }
  return byDay;
}

/**
 * Time to rank one real listing day for one profile: the median of 20 runs, top 10, and the first run (the first
 * ranking of these papers after a build or an `add` also computes what is cached per paper: background cosines, r(d)).
 */
function dayTiming(rec: Recommender, papers: Paper[], profile: LabProfile): { day: string; count: number; p50: number; max: number; first: number } {
  const byDay = papersByDay(papers);
  // The listing day whose size is closest to 400, latest first: a typical day of new papers.
  const [day, ids] = [...byDay].sort((a, b) => Math.abs(a[1].length - 400) - Math.abs(b[1].length - 400) || (a[0] < b[0] ? 1 : -1))[0];
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    rec.rank(profile, ids, 10);
    times.push(performance.now() - t0);
  }
  const first = times[0];
  times.sort((a, b) => a - b);
  return { day, count: ids.length, p50: percentile(times, 50), max: times[times.length - 1], first };
}

/**
 * `--daily`: what a digest sees. For each author and each listing day on which one of their later papers appeared,
 * that day's papers are ranked alone (a day of ~400, as a digest ranks them) and read at the top: how often one of
 * the author's papers is in the day's top 3 and top 10, and nDCG@10, against what a random order would give.
 */
function daily(rec: Recommender, papers: Paper[], profiles: LabProfile[], qrels: Map<string, Set<string>>): void {
  const byDay = papersByDay(papers);
  const dayOf = new Map(papers.map((p) => [p.id, p.date ?? '']));
  let n = 0;
  let top3 = 0;
  let top10 = 0;
  let ndcg = 0;
  let random3 = 0;
  let random10 = 0;
  for (const prof of profiles) {
    const rel = qrels.get(prof._id) ?? new Set<string>();
    const days = new Set([...rel].map((id) => dayOf.get(id) ?? '').filter((d) => d >= prof.since));
    for (const day of days) {
      const ids = byDay.get(day) ?? [];
      const ranked = (rec.rank(prof, ids, 10) ?? []).map((r) => r.id);
      const here = ids.filter((id) => rel.has(id)).length;
      n++;
      top3 += ranked.slice(0, 3).some((id) => rel.has(id)) ? 1 : 0;
      top10 += ranked.some((id) => rel.has(id)) ? 1 : 0;
      ndcg += ndcgBinary(10, ranked, new Set(ids.filter((id) => rel.has(id))));
      // A random order: the chance that none of the day's `here` papers lands in the top k.
      const none = (k: number) => {
        let p = 1;
        for (let i = 0; i < here; i++) p *= Math.max(0, ids.length - k - i) / (ids.length - i);
        return 1 - p;
      };
      random3 += none(3);
      random10 += none(10);
    }
  }
  console.log(`${n} (author, listing day) pairs with one of the author's later papers that day, ${rec.rerank ? 'trees on' : 'trees off'} (a day is below their threshold)`);
  console.log(`one of them in the day's top 3: ${((100 * top3) / n).toFixed(1)}% (a random order: ${((100 * random3) / n).toFixed(1)}%); in the top 10: ${((100 * top10) / n).toFixed(1)}% (random: ${((100 * random10) / n).toFixed(1)}%); nDCG@10 ${(ndcg / n).toFixed(3)}`);
}

/** Builds a second recommender with `addSliced` and measures the longest stretch the event loop could not turn. */
async function slicedTiming(papers: Paper[], options: Partial<RecommenderOptions>): Promise<{ wallMs: number; cpuMs: number; slices: number; longestMs: number }> {
  const rec = new Recommender([], options);
  let slices = 0;
  let longestMs = 0;
  let last = performance.now();
  // Each pause is one turn of the loop: the gap between two turns is one slice of building.
  const pause = () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        const now = performance.now();
        longestMs = Math.max(longestMs, now - last);
        slices++;
        resolve();
        last = performance.now();
      }),
    );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  last = t0;
  await rec.addSliced(papers, { sliceMs: 20, pause });
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, slices, longestMs: Math.max(longestMs, performance.now() - last) };
}

async function main(): Promise<void> {
  if (!existsSync(join(LAB_FEED_DIR, 'profiles.jsonl')) || !existsSync(CORPUS)) {
    console.log(`lab-feed data not found at ${LAB_FEED_DIR}; skipping.`);
    return;
  }
  const options: Partial<RecommenderOptions> = parseSets(process.argv);
  // `--no-rerank`: the score alone, without the learned re-ranking of the head.
  if (process.argv.includes('--no-rerank')) options.rerank = null;
  const quiet = process.argv.includes('--quiet');
  let t0 = performance.now();
  const withAuthors = await loadPapersWithAuthors();
  // The protocol removes `authors` so that only content counts.
  const papers = withAuthors.map((p) => ({ ...p, authors: [] }));
  const loadMs = performance.now() - t0;
  const devAt = process.argv.indexOf('--dev');
  let profiles = readProfiles();
  let qrels = readQrels();
  if (devAt > 0) {
    const skipAt = process.argv.indexOf('--dev-skip');
    const skip = skipAt > 0 ? Number(process.argv[skipAt + 1]) : 0;
    const split = devSplit(withAuthors, new Set(profiles.map((p) => p._id)), Number(process.argv[devAt + 1]) || 600, profiles[0].since, skip);
    ({ profiles, qrels } = split);
    console.log(`dev split: ${profiles.length} of the ${split.eligible} other authors the rule admits, ${[...qrels.values()].reduce((n, s) => n + s.size, 0)} later papers`);
    const outAt = process.argv.indexOf('--dev-out');
    if (outAt > 0) {
      // The split in the protocol's own format, for another system (the scikit-learn anchors) to read.
      const dir = process.argv[outAt + 1];
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'profiles.jsonl'), profiles.map((p) => JSON.stringify(p)).join('\n') + '\n');
      writeFileSync(join(dir, 'qrels.tsv'), ['query-id\tcorpus-id\tscore', ...profiles.flatMap((p) => [...qrels.get(p._id)!].map((d) => `${p._id}\t${d}\t1`))].join('\n') + '\n');
      console.log(`dev split written to ${dir}`);
      return;
    }
  }
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rec = new Recommender(papers, options);
  const buildMs = performance.now() - t0;
  // CPU time too: on a shared machine the wall time also counts the waits for a core.
  const buildCpuMs = (process.cpuUsage().user - cpu0.user + process.cpuUsage().system - cpu0.system) / 1000;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  if (process.argv.includes('--daily')) {
    daily(rec, papers, profiles, qrels);
    return;
  }
  if (process.argv.includes('--vs-score')) {
    // The learned re-ranking against the score alone, author by author, on one build.
    const forest = rec.rerank;
    rec.rerank = null;
    const plain = evaluate(rec, profiles, qrels).per;
    rec.rerank = forest;
    const ranked = evaluate(rec, profiles, qrels).per;
    console.log(`${row('the score alone', mean(plain))}\n${row('re-ranked', mean(ranked))}`);
    for (const key of ['ndcg', 'recall'] as const) {
      const d = ranked.map((m, i) => m[key] - plain[i][key]);
      const avg = d.reduce((a, b) => a + b, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - avg) ** 2, 0) / (d.length - 1));
      const se = sd / Math.sqrt(d.length);
      console.log(`${key === 'ndcg' ? 'nDCG@10' : 'R@100'}: ${d.filter((x) => x > 1e-9).length} authors up, ${d.filter((x) => x < -1e-9).length} down; mean change ${avg.toFixed(4)} ± ${(1.96 * se).toFixed(4)} (95%, paired)`);
    }
    return;
  }
  const tries = process.argv.flatMap((a, i) => (a === '--try' ? [JSON.parse(process.argv[i + 1]) as Partial<ScoringOptions>] : []));
  if (tries.length) {
    // Scoring variants on one build: each `--try '{"nearest": 1}'` is applied on top of the base options.
    const base = { ...rec.scoring };
    let first: Metrics[] | null = null;
    for (const t of tries) {
      Object.assign(rec.scoring, base, t);
      const { per, ms } = evaluate(rec, profiles, qrels);
      const even = mean(per.filter((_, i) => i % 2 === 0));
      const odd = mean(per.filter((_, i) => i % 2 === 1));
      // Against the first --try, on the even half only: how many profiles' R@100 rose and fell.
      let vs = '';
      if (first) {
        const f = first;
        const up = per.filter((m, i) => i % 2 === 0 && m.recall > f[i].recall + 1e-9).length;
        const down = per.filter((m, i) => i % 2 === 0 && m.recall < f[i].recall - 1e-9).length;
        vs = ` even R@100 vs first: ${up} up, ${down} down`;
      } else first = per;
      console.log(`${JSON.stringify(t)} ${(ms / 1000).toFixed(1)}s all ${row('', mean(per))} even ${row('', even)} odd ${row('', odd)}${vs}`);
    }
    return;
  }
  const cpu1 = process.cpuUsage().user;
  const { per, ms } = evaluate(rec, profiles, qrels);
  const evalCpuMs = (process.cpuUsage().user - cpu1) / 1000;
  const all = mean(per);
  const even = mean(per.filter((_, i) => i % 2 === 0));
  const odd = mean(per.filter((_, i) => i % 2 === 1));
  if (quiet) {
    console.log(`${JSON.stringify(options)} all ${row('', all)} even ${row('', even)} odd ${row('', odd)}`);
    return;
  }
  const day = dayTiming(rec, papers, profiles[0]);
  console.log(`corpus: ${papers.length} papers loaded in ${(loadMs / 1000).toFixed(1)} s; recommender built in ${(buildMs / 1000).toFixed(1)} s (${(buildCpuMs / 1000).toFixed(1)} s CPU; heap ${heapMb.toFixed(0)} MB)`);
  if (Object.keys(options).length) console.log(`options: ${JSON.stringify(options)}`);
  console.log(`\n| system | nDCG@10 | R@100 | MAP |\n|---|---|---|---|`);
  for (const a of ANCHORS) console.log(row(a.name, a));
  console.log(row(`**paperbot**, all ${all.profiles} profiles`, all));
  console.log(row(`paperbot, even half (${even.profiles})`, even));
  console.log(row(`paperbot, odd half (${odd.profiles})`, odd));
  console.log(`\n${profiles.length} profiles, every candidate ranked: ${(ms / 1000).toFixed(2)} s total, ${(evalCpuMs / 1000).toFixed(2)} s CPU (${(ms / profiles.length).toFixed(0)} ms each)`);
  if (process.argv.includes('--sliced')) {
    const sl = await slicedTiming(papers, options);
    console.log(`time-sliced build (20 ms slices): ${(sl.wallMs / 1000).toFixed(1)} s, ${(sl.cpuMs / 1000).toFixed(1)} s CPU, ${sl.slices} slices, longest ${sl.longestMs.toFixed(1)} ms between turns of the event loop`);
  }
  console.log(`one listing day (${day.day}, ${day.count} papers) for one profile, top 10: p50 ${day.p50.toFixed(1)} ms, max ${day.max.toFixed(1)} ms (20 runs; the first, with the per-paper caches cold, ${day.first.toFixed(1)} ms)`);
  // The bot's largest profile: a library's newest TASTE_LIBRARY_MAX papers (here the papers listed before that day).
  const before = papers.filter((p) => p.date && p.date < day.day).sort((a, b) => (b.date! < a.date! ? -1 : b.date! > a.date! ? 1 : 0));
  for (const size of [...new Set([250, 500, 1000, 2000, TASTE_LIBRARY_MAX])].sort((a, b) => a - b)) {
    const big = dayTiming(rec, papers, { ...profiles[0], liked: before.slice(0, size).map((p) => p.id), disliked: [] });
    console.log(`the same day for a library of its ${size} newest papers${size === TASTE_LIBRARY_MAX ? " (the bot's cap)" : ''}: p50 ${big.p50.toFixed(1)} ms, max ${big.max.toFixed(1)} ms (20 runs)`);
  }
  const w = await afterNewPapers(rec, papers, profiles[0], day.day);
  console.log(`after a day's papers arrive (${w.added} added), the first ranking of the newest ${LAB_CANDIDATES}: ${w.cold.toFixed(1)} ms on the spot; warmed ahead (Recommender.warm) in ${w.warmMs.toFixed(0)} ms of ${w.slices} slices, the longest ${w.longest.toFixed(1)} ms, then ${w.warm.toFixed(1)} ms`);
}

/**
 * What the bot's first digest or `/paper for us` after an arXiv poll costs: a day's papers are added (as copies with
 * new ids) and the newest LAB_CANDIDATES ranked at once, then the same after the warm-up the bot runs after a merge.
 * Run last: it adds papers to `rec`.
 */
async function afterNewPapers(rec: Recommender, papers: Paper[], profile: LabProfile, day: string): Promise<{ added: number; cold: number; warm: number; warmMs: number; slices: number; longest: number }> {
  const dayPapers = papers.filter((p) => p.date === day);
  const newest: string[] = [];
  const arrive = (round: number) => {
    const copies = dayPapers.map((p) => ({ ...p, id: `${p.id}#arrived-${round}` }));
    rec.add(copies);
    newest.push(...copies.map((p) => p.id));
    return newest.slice(-LAB_CANDIDATES);
  };
  // Rounds 0 and 1 fill the window (and the caches), round 2 is a poll ranked on the spot, round 3 one warmed ahead.
  arrive(0);
  rec.rank(profile, arrive(1), 10);
  const coldIds = arrive(2);
  let t0 = performance.now();
  rec.rank(profile, coldIds, 10);
  const cold = performance.now() - t0;
  const warmIds = arrive(3);
  let slices = 1;
  let longest = 0;
  let sliceStart = performance.now();
  t0 = sliceStart;
  await rec.warm(warmIds, {
    pause: async () => {
      longest = Math.max(longest, performance.now() - sliceStart);
      slices++;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    },
  });
  longest = Math.max(longest, performance.now() - sliceStart);
  const warmMs = performance.now() - t0;
  t0 = performance.now();
  rec.rank(profile, warmIds, 10);
  return { added: dayPapers.length, cold, warm: performance.now() - t0, warmMs, slices, longest };
}

if (process.argv[1]?.endsWith('lab-feed.ts')) await main();
