// The lab's library: the search index the bot answers from, and every paper merged into it (corpus files, feeds).
import type { Clock } from '../feeds/clock.ts';
import type { Paper } from '../papers/paper.ts';
import { Recommender } from '../recommend/index.ts';
import type { Hit } from '../search/results.ts';
import { SearchIndex } from '../search/search-index.ts';
import type { Log } from '../log.ts';
import type { PaperStore } from '../store/types.ts';

/**
 * One object owns "the index now": empty until the corpus is indexed (`open`), then the real one, which feeds
 * (the arXiv poller, the corpus watcher) grow through `merge`. Listeners, digests and the CLI read `index` at call
 * time, so nobody swaps a shared field behind anyone's back.
 */
/** Papers recorded per turn of the event loop by `openInSlices` (~10 ms of SQLite inserts). */
const OPEN_BATCH = 1000;

export class Library {
  private current = new SearchIndex([]);
  private opened = false;
  private readonly known = new Map<string, Paper>();
  /** Ids of papers from the corpus files (the lab's own library), as opposed to feed papers. */
  private readonly corpusIds = new Set<string>();
  /**
   * The tf-idf vectors of every paper, kept in step with `merge`. Built in the background from `open` (~11 s of CPU
   * at 75k papers, in 20 ms slices), or on first use if nothing opened the library.
   */
  private taste?: Recommender;
  /**
   * First-seen times, kept in memory: read from the store at open (`loadFirstSeen`, which takes the store's earlier
   * times, e.g. another replica's), and set by `merge` for papers new to this process. A digest compose or a Home
   * publish then costs no table read (~0.1 s at 75k papers).
   */
  private readonly seen = new Map<string, string>();
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
   * without fetching them again. Returns how many stored feed papers were skipped because they no longer parse.
   */
  async open(index: SearchIndex, storedFeedPapers: Paper[] = []): Promise<void> {
    this.current = index;
    const corpus = [...index.all()];
    for (const p of corpus) this.corpusIds.add(p.id);
    this.merge(corpus);
    this.merge(storedFeedPapers);
    await this.loadFirstSeen();
    this.opened = true;
    this.buildRecommender();
  }

  /**
   * `open` while the bot answers requests: 75k first-seen rows take ~0.5 s of SQLite, so the corpus is recorded a
   * batch at a time with `pause()` between batches (all at one timestamp, as `open` records them).
   */
  async openInSlices(index: SearchIndex, storedFeedPapers: Paper[], pause: () => Promise<void>): Promise<void> {
    this.current = index;
    const corpus = [...index.all()];
    for (const p of corpus) this.corpusIds.add(p.id);
    const at = this.clock.now();
    for (let i = 0; i < corpus.length; i += OPEN_BATCH) {
      this.merge(corpus.slice(i, i + OPEN_BATCH), at);
      await pause();
    }
    this.merge(storedFeedPapers, at);
    await this.loadFirstSeen();
    this.opened = true;
    this.buildRecommender();
  }

  /**
   * Reads the first-seen times the store holds (after this process's queued writes): the store keeps the earliest
   * time any process recorded, so a paper another replica saw first keeps that replica's time.
   */
  async loadFirstSeen(): Promise<void> {
    await this.settled();
    for (const [id, at] of await this.store.firstSeen()) this.seen.set(id, at);
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
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0).unref());
    taste.addSliced([...this.known.values()], { pause }).catch(() => {
      if (this.taste === taste) this.taste = undefined;
    });
  }

  /**
   * Adds the papers not known yet: to the index (incrementally) and to the first-seen table, all with one
   * timestamp so a batch ties and ranks by match. Returns the new ones. Papers already in the index
   * (the corpus it was built from) are recorded without being added twice.
   */
  merge(papers: Paper[], at: Date = this.clock.now()): Paper[] {
    const fresh: Paper[] = [];
    for (const p of papers) {
      if (this.known.has(p.id)) continue;
      this.known.set(p.id, p);
      fresh.push(p);
    }
    if (!fresh.length) return fresh;
    const notIndexed = fresh.filter((p) => !this.current.get(p.id));
    if (notIndexed.length) this.current.add(notIndexed);
    this.taste?.add(fresh);
    const ids = fresh.map((p) => p.id);
    const iso = at.toISOString();
    for (const id of ids) if (!this.seen.has(id)) this.seen.set(id, iso);
    // Recorded in the store in the background, in order; a failed write costs only the order of a later restart's
    // digests (the paper is first seen again then), so it is logged, not thrown at whoever merged.
    this.writes = this.writes
      .then(() => this.store.markSeen(ids, at))
      .then(
        () => undefined,
        (err) => this.log?.warn({ event: 'first_seen_write_failed', papers: ids.length, error: String((err as Error)?.message ?? err) }, 'could not record when new papers were first seen'),
      );
    return fresh;
  }

  get size(): number {
    return this.known.size;
  }

  all(): Iterable<Paper> {
    return this.known.values();
  }

  get(id: string): Paper | undefined {
    return this.known.get(id) ?? this.current.get(id);
  }

  /** True for papers of the corpus files (the lab's library); false for papers that came from feeds. */
  inCorpus(id: string): boolean {
    return this.corpusIds.has(id);
  }

  /** Papers of the corpus files: the lab's library. */
  get corpusSize(): number {
    return this.corpusIds.size;
  }

  /** Papers that came from feeds (arXiv, later shared links), not from the corpus files. */
  *feedPapers(): Iterable<Paper> {
    for (const p of this.known.values()) if (!this.corpusIds.has(p.id)) yield p;
  }

  /** The lab-feed recommender over every known paper (what the background build has not added yet is added now). */
  recommender(): Recommender {
    this.taste ??= new Recommender(this.known.values());
    this.taste.finishAdding();
    return this.taste;
  }

  /** First-seen time (ISO) per paper id. Read-only for callers; it grows as papers are merged. */
  firstSeen(): ReadonlyMap<string, string> {
    return this.seen;
  }

  /** A Hit for a paper that was not searched for (topic-less digests). */
  hitFor(paper: Paper, query?: string): Hit {
    return this.current.hitFor(paper, query);
  }
}
