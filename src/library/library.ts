// The lab's library: the search index the bot answers from, and every paper merged into it (corpus files, feeds).
import type { Clock } from '../feeds/clock.ts';
import type { Paper } from '../papers/paper.ts';
import { Recommender } from '../recommend/index.ts';
import { LAB_CANDIDATES } from './lab-feed.ts';
import type { Hit } from '../search/results.ts';
import { SearchIndex } from '../search/search-index.ts';
import type { Log } from '../log.ts';
import type { PaperStore } from '../store/types.ts';

/**
 * One object owns "the index now": empty until the corpus is indexed (`open`), then the real one, which feeds
 * (the arXiv poller, the corpus watcher) grow through `merge`. Listeners, digests and the CLI read `index` at call
 * time, so nobody swaps a shared field behind anyone's back.
 *
 * The corpus's papers are never copied out of the index: with a snapshot they stay in its file (8 bytes a paper of
 * memory instead of ~2 KB), so a library of a million papers fits one process. What the library needs of every paper
 * (its id, date and document number) the index keeps in memory; a paper's record is read when it is shown or ranked.
 */
/** First-seen rows recorded per turn of the event loop by `openInSlices` (~10 ms of SQLite inserts). */
const OPEN_BATCH = 1000;

/**
 * The library papers a channel's profile learns from: its newest this many (zotero-arxiv-daily, too, weighs a
 * library's newest papers most). A ranking costs about 0.05 ms per liked paper per 400 new papers (bench:lab-feed: a
 * listing day against 500 library papers p50 27 ms, against 2,000 104 ms, on the event loop), and a lab's own
 * library is a few hundred papers; a corpus of all of arXiv is a search corpus, not a taste.
 */
export const TASTE_LIBRARY_MAX = 500;

/** A pause between the recommender's slices of background work: an unref'd timer, so it never keeps a CLI run alive. */
const timerTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0).unref());

/** First-seen rows read from the store per turn of the event loop (~20 ms at 1M papers). */
const FIRST_SEEN_PAGE = 10_000;

export class Library {
  private current = new SearchIndex([]);
  private opened = false;
  /**
   * Papers merged after open that the index did not hold then: arXiv papers, shared links, papers added to corpus
   * files while running. Kept as objects: a day's feed is ~400 papers.
   */
  private readonly feed = new Map<string, Paper>();
  /** Documents below this number are the corpus files' papers (the lab's library). */
  private corpusDocs = 0;
  /** The newest TASTE_LIBRARY_MAX corpus papers' ids, newest first; computed once per open. */
  private tasteIds?: string[];
  /**
   * The tf-idf vectors of the feed papers and the profile's library papers, kept in step with `merge`. Built in the
   * background from `open` (in 20 ms slices), or on first use if nothing opened the library.
   */
  private taste?: Recommender;
  /** The newest warm-up of the recommender's caches (see `warmTaste`); resolves true when it ran to the end. */
  warming: Promise<boolean> = Promise.resolve(false);
  /**
   * First-seen times, kept in memory: read from the store at open (`loadFirstSeen`, which takes the store's earlier
   * times, e.g. another replica's), and set by `merge` for papers new to this process. A digest compose or a Home
   * publish then costs no table read (~0.1 s at 75k papers).
   */
  private readonly seen = new Map<string, string>();
  /** lastSeen's answer (null: none), until the first-seen times change. */
  private latest?: { id: string; at: string } | null;
  /** The first-seen writes `merge` queued, in order: the store is async, merge is not. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PaperStore,
    private readonly clock: Clock,
    private readonly log?: Log,
  ) {}

  /** The index searched now. */
  get index(): SearchIndex {
    return this.current;
  }

  /** False until the corpus is indexed: listeners then answer "still indexing". */
  get ready(): boolean {
    return this.opened;
  }

  /**
   * The corpus is indexed: its papers become the library, and papers fetched by feeds before a restart go back in
   * without fetching them again.
   */
  async open(index: SearchIndex, storedFeedPapers: Paper[] = []): Promise<void> {
    await this.openInSlices(index, storedFeedPapers, () => Promise.resolve());
  }

  /**
   * `open` while the bot answers requests. The store's first-seen times are read first; corpus papers it has no time
   * for (all of them on a first start: ~0.5 s of SQLite at 75k) are recorded a batch at a time, with `pause()`
   * between batches, all at one timestamp.
   */
  async openInSlices(index: SearchIndex, storedFeedPapers: Paper[], pause: () => Promise<void>): Promise<void> {
    this.current = index;
    this.corpusDocs = index.size;
    this.tasteIds = undefined;
    await this.loadFirstSeen(pause);
    const at = this.clock.now();
    const iso = at.toISOString();
    let batch: string[] = [];
    let recorded = 0;
    const flush = () => {
      const ids = batch;
      batch = [];
      recorded += ids.length;
      this.queueSeen(ids, at);
    };
    this.latest = undefined;
    for (const id of index.ids()) {
      if (this.seen.has(id)) continue;
      this.seen.set(id, iso);
      batch.push(id);
      if (batch.length === OPEN_BATCH) {
        flush();
        await pause();
      }
    }
    if (batch.length) flush();
    this.merge(storedFeedPapers, at);
    // Another replica may have recorded some of them earlier meanwhile: the store keeps the earliest time.
    if (recorded) await this.loadFirstSeen(pause);
    this.opened = true;
    this.buildRecommender();
  }

  /**
   * Reads the first-seen times the store holds (after this process's queued writes): the store keeps the earliest
   * time any process recorded, so a paper another replica saw first keeps that replica's time.
   */
  async loadFirstSeen(pause: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    await this.settled();
    this.latest = undefined;
    // One string per distinct time: a corpus is first seen at one time, so a million papers share a handful. Read in
    // pages with a pause between (one read of a million rows held the event loop ~2 s).
    const times = new Map<string, string>();
    for (let after = ''; ; ) {
      const page = await this.store.firstSeen({ after, limit: FIRST_SEEN_PAGE });
      for (const [id, at] of page) {
        let time = times.get(at);
        if (time === undefined) times.set(at, (time = at));
        this.seen.set(id, time);
        after = id;
      }
      if (page.size < FIRST_SEEN_PAGE) break;
      await pause();
    }
  }

  /** Waits for the first-seen writes `merge` queued (tests, shutdown). */
  settled(): Promise<void> {
    return this.writes;
  }

  /**
   * Starts building the recommender a slice at a time, so the first `/paper for us` or lab digest does not freeze
   * the event loop for the whole build. Papers merged meanwhile are added directly; `recommender()` finishes the
   * rest at once if it is needed before the build is done.
   */
  private buildRecommender(): void {
    if (this.taste) return;
    const taste = new Recommender();
    this.taste = taste;
    // Slices wait on an unref'd timer, so a CLI run that opens the library and never ranks can exit without
    // waiting for the build. A failed build (it should not fail) is forgotten: recommender() builds again and throws.
    taste.addSliced(this.tastePapers(), { pause: timerTurn }).then(
      () => this.warmTaste(),
      () => {
        if (this.taste === taste) this.taste = undefined;
      },
    );
  }

  /**
   * Computes ahead, in the background and a slice at a time, what ranking the newest LAB_CANDIDATES feed papers
   * caches and an add makes stale (Recommender.warm): without it, the first digest or `/paper for us` after an arXiv
   * poll spent 224 to 520 ms on it at 75k papers (bench:lab-feed), on the event loop. A later merge's warm-up
   * replaces this one.
   */
  private warmTaste(): void {
    const taste = this.taste;
    if (!taste || taste.pending > 0) return;
    // In the order they were merged, as the rest of the library holds them.
    this.warming = taste.warm(this.newestFeedIds(LAB_CANDIDATES).reverse(), { pause: timerTurn }).catch((err) => {
      this.log?.warn({ event: 'lab_feed_warm_failed', error: String((err as Error)?.message ?? err) }, 'could not warm the lab feed for new papers');
      return false;
    });
  }

  /** What the recommender holds: the profile's library papers (read from the index) and every feed paper. */
  private *tastePapers(): Iterable<Paper> {
    for (const id of this.tasteLibrary()) {
      const p = this.current.get(id);
      if (p) yield p;
    }
    yield* this.feed.values();
  }

  /**
   * Adds the papers not known yet: to the index (incrementally), to the feed, the recommender and the first-seen
   * table, all with one timestamp so a batch ties and ranks by match. Returns the new ones. Papers the index holds
   * already (the corpus it was built from) are skipped.
   */
  merge(papers: Paper[], at: Date = this.clock.now()): Paper[] {
    const fresh: Paper[] = [];
    const batch = new Set<string>();
    for (const p of papers) {
      if (batch.has(p.id) || this.feed.has(p.id) || this.current.doc(p.id) !== undefined) continue;
      batch.add(p.id);
      fresh.push(p);
    }
    if (!fresh.length) return fresh;
    this.current.add(fresh);
    for (const p of fresh) this.feed.set(p.id, p);
    this.taste?.add(fresh);
    this.warmTaste();
    const ids = fresh.map((p) => p.id);
    const iso = at.toISOString();
    for (const id of ids) if (!this.seen.has(id)) this.seen.set(id, iso);
    this.latest = undefined;
    this.queueSeen(ids, at);
    return fresh;
  }

  /**
   * Records first-seen times in the store in the background, in order; a failed write costs only the order of a
   * later restart's digests (the paper is first seen again then), so it is logged, not thrown at whoever merged.
   */
  private queueSeen(ids: string[], at: Date): void {
    this.writes = this.writes
      .then(() => this.store.markSeen(ids, at))
      .then(
        () => undefined,
        (err) => this.log?.warn({ event: 'first_seen_write_failed', papers: ids.length, error: String((err as Error)?.message ?? err) }, 'could not record when new papers were first seen'),
      );
  }

  /** Every paper: the corpus and what feeds merged. */
  get size(): number {
    return this.current.size;
  }

  /** The paper with this id: a feed paper, or one of the index (read from the snapshot file when it is there). */
  get(id: string): Paper | undefined {
    return this.feed.get(id) ?? this.current.get(id);
  }

  /** True for papers of the corpus files (the lab's library); false for papers that came from feeds. */
  inCorpus(id: string): boolean {
    const doc = this.current.doc(id);
    return doc !== undefined && doc < this.corpusDocs && !this.feed.has(id);
  }

  /** Papers of the corpus files: the lab's library. */
  get corpusSize(): number {
    return this.corpusDocs;
  }

  /** How many papers there are beyond the corpus files' (from feeds): what the lab feed can recommend. */
  get newPaperCount(): number {
    return this.size - this.corpusDocs;
  }

  /** The ids of the newest `limit` feed papers not in `exclude`, newest first: what the lab feed ranks and warms. */
  newestFeedIds(limit: number, exclude: ReadonlySet<string> = new Set()): string[] {
    const feed = [...this.feed.keys()];
    const out: string[] = [];
    for (let i = feed.length - 1; i >= 0 && out.length < limit; i--) if (!exclude.has(feed[i])) out.push(feed[i]);
    return out;
  }

  /** Papers that came from feeds (arXiv, later shared links), not from the corpus files. */
  feedPapers(): Iterable<Paper> {
    return this.feed.values();
  }

  /**
   * The library papers a profile learns from: the newest TASTE_LIBRARY_MAX corpus papers by date (undated ones
   * last), newest first, ties in corpus order. From the index's dates: no record is read.
   */
  tasteLibrary(): readonly string[] {
    if (this.tasteIds) return this.tasteIds;
    const index = this.current;
    const n = this.corpusDocs;
    const ids: string[] = new Array(n);
    let d = 0;
    for (const id of index.ids()) {
      if (d >= n) break;
      ids[d++] = id;
    }
    let docs = Array.from({ length: n }, (_, i) => i);
    if (n > TASTE_LIBRARY_MAX) {
      // The TASTE_LIBRARY_MAX-th newest day bounds what can enter: only a few documents get sorted.
      const days = Uint32Array.from(docs, (doc) => index.day(doc)).sort();
      const bar = days[n - TASTE_LIBRARY_MAX];
      docs = docs.filter((doc) => index.day(doc) >= bar);
    }
    docs.sort((a, b) => index.day(b) - index.day(a) || a - b);
    this.tasteIds = docs.slice(0, TASTE_LIBRARY_MAX).map((doc) => ids[doc]);
    return this.tasteIds;
  }

  /**
   * The `count` papers a digest without a topic shows: newest first-seen first, then newest date, then id; papers
   * `skip` says no to are left out. One pass over the ids and dates in memory; only the chosen records are read.
   */
  newest(count: number, skip: (id: string) => boolean): Paper[] {
    const best: { id: string; seen: string; day: number }[] = [];
    const before = (a: (typeof best)[number], b: (typeof best)[number]) => b.seen.localeCompare(a.seen) || b.day - a.day || a.id.localeCompare(b.id);
    let doc = 0;
    for (const id of this.current.ids()) {
      const entry = { id, seen: this.seen.get(id) ?? '', day: this.current.day(doc++) };
      if (best.length === count && before(best[best.length - 1], entry) <= 0) continue;
      if (skip(id)) continue;
      let i = best.length;
      while (i > 0 && before(best[i - 1], entry) > 0) i--;
      best.splice(i, 0, entry);
      if (best.length > count) best.pop();
    }
    return best.map((e) => this.get(e.id)).filter((p): p is Paper => !!p);
  }

  /**
   * The lab-feed recommender over the feed and the profile's library papers (what the background build has not
   * added yet is added now), and over `ensure`: papers a profile names that it does not hold yet (a 👍 on an older
   * library paper).
   */
  recommender(ensure: Iterable<string> = []): Recommender {
    this.taste ??= new Recommender(this.tastePapers());
    this.taste.finishAdding();
    const missing: Paper[] = [];
    for (const id of ensure) {
      if (this.taste.paper(id)) continue;
      const p = this.get(id);
      if (p) missing.push(p);
    }
    this.taste.add(missing);
    return this.taste;
  }

  /** First-seen time (ISO) per paper id. Read-only for callers; it grows as papers are merged. */
  firstSeen(): ReadonlyMap<string, string> {
    return this.seen;
  }

  /**
   * The paper first seen last (the Home tab's "newest addition"), and when. Found by one pass over the first-seen
   * times, remembered until the next merge or open (a Home publish must not walk a million entries each time).
   */
  lastSeen(): { id: string; at: string } | undefined {
    if (this.latest === undefined) {
      let best: { id: string; at: string } | null = null;
      for (const [id, at] of this.seen) if (!best || at > best.at) best = { id, at };
      this.latest = best;
    }
    return this.latest ?? undefined;
  }

  /** A Hit for a paper that was not searched for (topic-less digests). */
  hitFor(paper: Paper, query?: string): Hit {
    return this.current.hitFor(paper, query);
  }
}
