// Papers as sparse term vectors (stems, hashed bigrams, arXiv categories) in growable typed arrays, with corpus idf.
import { indexedWord } from '../search/analyzer.ts';
import { BREAK, WordScanner } from './word-scanner.ts';
import type { Paper } from '../papers/paper.ts';

/** How a paper's text becomes features. Defaults are in `DEFAULT_VECTOR_OPTIONS`. */
export interface VectorOptions {
  /** Term-frequency multiplier for title words (a title is a summary the authors chose). Default 2. */
  titleWeight: number;
  /**
   * Weight of each arXiv category feature, relative to a word with the same idf. Categories are the strongest
   * single signal of what a lab reads, but there are only a few per paper. Default 2.
   */
  categoryWeight: number;
  /** Extra factor for the primary (first-listed) category. Default 1.5. */
  primaryCategoryBoost: number;
  /** Weight of adjacent-stem bigrams ("language model", "point cloud"), 0 to leave them out. Default 0.5. */
  bigramWeight: number;
}

export const DEFAULT_VECTOR_OPTIONS: VectorOptions = {
  titleWeight: 2,
  categoryWeight: 2,
  primaryCategoryBoost: 1.5,
  bigramWeight: 0.5,
};

/**
 * Bigrams are hashed into this many feature slots (ids 0..BIGRAM_SLOTS-1) instead of kept in a dictionary: a 75k
 * arXiv corpus has millions of distinct bigrams, and a rare collision only blurs two rare bigrams together.
 */
const BIGRAM_SLOTS = 1 << 20;
const EMPTY: number[] = [];

/** One paper's features as parallel arrays (term id, raw weight before idf). */
export interface Row {
  ids: Int32Array;
  weights: Float32Array;
}

/** A typed array that grows as values are pushed (doubling), for the CSR rows below. */
class Growable<A extends Int32Array | Float32Array> {
  length = 0;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}
  /** Grows to hold `n` values in all, in one step. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.data.length * 2);
    this.data[this.length++] = v;
  }
}

const int32s = () => new Growable(new Int32Array(1024), (n) => new Int32Array(n));
const float32s = () => new Growable(new Float32Array(1024), (n) => new Float32Array(n));

/**
 * Every paper's features in one CSR layout: row i is entries [rowStart[i], rowStart[i+1]). Entry weights are
 * `(1 + ln tf) * fieldWeight`; the idf factor and the L2 norm are applied at scoring time (`weight`, `norm`), so
 * adding papers only appends rows and bumps document frequencies: nothing already stored is rewritten.
 */
export class PaperVectors {
  readonly options: VectorOptions;
  /** Term (stem or "cat:…") -> id, ids from BIGRAM_SLOTS up. */
  private readonly termIds = new Map<string, number>();
  /** Id - BIGRAM_SLOTS -> the shortest lower-case word seen for that term (for "shared: …" lines). */
  private readonly surfaces: string[] = [];
  private readonly isCategory: boolean[] = [];
  private readonly scanner = new WordScanner();
  /** Word number (from the scanner) -> its unigram term ids. */
  private readonly wordTerms: number[][] = [];
  /** Scratch term counts of the paper being added, and which entries are set. */
  private tf = new Float32Array(BIGRAM_SLOTS + 1024);
  private readonly touched: number[] = [];
  private df = new Int32Array(BIGRAM_SLOTS + 1024);
  private readonly rowStart = int32s();
  private readonly entryTerm = int32s();
  private readonly entryWeight = float32s();
  /** Cached idf and row norms, valid while `cacheSize` equals the number of rows (i.e. until the next add). */
  private idfCache: Float32Array | null = null;
  private normCache = new Float32Array(0);
  private normValid = new Uint8Array(0);
  private cacheSize = -1;

  constructor(options: Partial<VectorOptions> = {}) {
    this.options = { ...DEFAULT_VECTOR_OPTIONS, ...options };
    this.rowStart.push(0);
  }

  /** Number of rows (papers) stored. */
  get size(): number {
    return this.rowStart.length - 1;
  }

  /** Number of term ids in use (bigram slots included). */
  get termCount(): number {
    return BIGRAM_SLOTS + this.surfaces.length;
  }

  /**
   * Makes room for about `rows` more papers at the mean size of the rows so far (plus 10%), in one step: growing the
   * entry arrays by doubling copies tens of MB at a 75k corpus, a pause each time, which a time-sliced build would
   * feel as its longest slices.
   */
  reserve(rows: number): void {
    if (this.size === 0 || rows <= 0) return;
    const perRow = this.entryTerm.length / this.size;
    const want = Math.ceil(this.entryTerm.length + rows * perRow * 1.1);
    this.entryTerm.reserve(want);
    this.entryWeight.reserve(want);
    this.rowStart.reserve(this.rowStart.length + rows);
  }

  /** Appends one paper's row and returns its row number. */
  add(paper: Paper): number {
    this.addText(paper.title, this.options.titleWeight);
    this.addText(paper.abstract, 1);
    const row = this.size;
    for (const id of this.touched) {
      this.entryTerm.push(id);
      this.entryWeight.push(1 + Math.log(this.tf[id]));
      this.tf[id] = 0;
      this.bumpDf(id);
    }
    this.touched.length = 0;
    if (this.options.categoryWeight > 0 && paper.venue) {
      const cats = [...new Set(paper.venue.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean))];
      cats.forEach((cat, i) => {
        const id = this.termId(`cat:${cat}`, cat, true);
        this.entryTerm.push(id);
        this.entryWeight.push(this.options.categoryWeight * (i === 0 ? this.options.primaryCategoryBoost : 1));
        this.bumpDf(id);
      });
    }
    this.rowStart.push(this.entryTerm.length);
    return row;
  }

  /** Adds `w` to term `id`'s count in the paper being added. */
  private bump(id: number, w: number): void {
    if (id >= this.tf.length) {
      const next = new Float32Array(Math.max(id + 1, this.tf.length * 2));
      next.set(this.tf);
      this.tf = next;
    }
    if (this.tf[id] === 0) this.touched.push(id);
    this.tf[id] += w;
  }

  /**
   * Unigram counts for every word, and bigram counts for adjacent words in reading order. Stopwords and
   * punctuation (sentence ends, brackets) break a pair, as they would for a reader; a hyphenated word's joined form
   * is not paired again.
   */
  private addText(text: string, fieldWeight: number): void {
    const bigram = this.options.bigramWeight * fieldWeight;
    let prev = -1;
    this.scanner.scan(text, (word) => {
      const ids = word === BREAK ? EMPTY : this.termsOf(word);
      if (ids.length === 0) {
        prev = -1;
        return;
      }
      for (const id of ids) this.bump(id, fieldWeight);
      if (bigram > 0) {
        if (prev >= 0) this.bump(bigramSlot(prev, ids[0]), bigram);
        prev = ids.length > 1 ? ids[ids.length - 2] : ids[0];
      }
    });
  }

  /** The unigram term ids of word number `word` (analyzed once per distinct word). */
  private termsOf(word: number): number[] {
    let ids = this.wordTerms[word];
    if (ids === undefined) {
      const w = indexedWord(this.scanner.word(word));
      ids = w.terms.map((t, i) => this.termId(t, w.surfaces[i], false));
      this.wordTerms[word] = ids;
    }
    return ids;
  }

  private termId(term: string, surface: string, category: boolean): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = BIGRAM_SLOTS + this.surfaces.length;
      this.termIds.set(term, id);
      this.surfaces.push(surface);
      this.isCategory.push(category);
    } else if (!category && surface.length < this.surfaces[id - BIGRAM_SLOTS].length && !/['’]/.test(surface)) {
      this.surfaces[id - BIGRAM_SLOTS] = surface;
    }
    return id;
  }

  private bumpDf(id: number): void {
    if (id >= this.df.length) {
      const next = new Int32Array(Math.max(id + 1, this.df.length * 2));
      next.set(this.df);
      this.df = next;
    }
    this.df[id]++;
  }

  /** Every row's term ids, end to end (row i is [rowBegin(i), rowBegin(i + 1))); replaced by the next `add`. */
  get entryTerms(): Int32Array {
    return this.entryTerm.data;
  }

  /** Every row's raw weights, aligned with `entryTerms`. */
  get entryWeights(): Float32Array {
    return this.entryWeight.data;
  }

  /** Where row `row`'s entries start in `entryTerms`; `rowBegin(row + 1)` is where they end. */
  rowBegin(row: number): number {
    return this.rowStart.data[row];
  }

  /** Row `row`'s entries (views into the shared arrays; do not keep them across `add`). */
  row(row: number): Row {
    const a = this.rowStart.data[row];
    const b = this.rowStart.data[row + 1];
    return { ids: this.entryTerm.data.subarray(a, b), weights: this.entryWeight.data.subarray(a, b) };
  }

  /** Smoothed idf per term id: ln((N + 1) / (df + 1)) + 1, as scikit-learn's TfidfVectorizer . */
  idf(): Float32Array {
    this.refresh();
    return this.idfCache!;
  }

  /** L2 norm of a row's tf-idf vector (computed on first use after each add). */
  norm(row: number): number {
    this.refresh();
    if (!this.normValid[row]) {
      const idf = this.idfCache!;
      const { ids, weights } = this.row(row);
      let s = 0;
      for (let i = 0; i < ids.length; i++) {
        const w = weights[i] * idf[ids[i]];
        s += w * w;
      }
      this.normCache[row] = Math.sqrt(s) || 1;
      this.normValid[row] = 1;
    }
    return this.normCache[row];
  }

  private refresh(): void {
    const n = this.size;
    if (this.cacheSize === n && this.idfCache) return;
    const terms = this.termCount;
    const idf = new Float32Array(terms);
    for (let t = 0; t < terms; t++) idf[t] = Math.log((n + 1) / ((this.df[t] ?? 0) + 1)) + 1;
    this.idfCache = idf;
    if (this.normCache.length < n) {
      this.normCache = new Float32Array(Math.max(n, this.normCache.length * 2));
      this.normValid = new Uint8Array(this.normCache.length);
    } else this.normValid.fill(0);
    this.cacheSize = n;
  }

  /** Readable form of a term id: its shortest surface word, or null for bigram slots and categories. */
  surface(id: number): string | null {
    if (id < BIGRAM_SLOTS || this.isCategory[id - BIGRAM_SLOTS]) return null;
    return this.surfaces[id - BIGRAM_SLOTS];
  }

  /** What a term id is: a word's stem, an arXiv category or a hashed bigram. */
  kind(id: number): 'word' | 'category' | 'bigram' {
    if (id < BIGRAM_SLOTS) return 'bigram';
    return this.isCategory[id - BIGRAM_SLOTS] ? 'category' : 'word';
  }

  /** Document frequency of a term id. */
  docFreq(id: number): number {
    return this.df[id] ?? 0;
  }
}

/** A bigram's feature slot: a multiplicative hash of the ordered pair of unigram ids. */
function bigramSlot(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) >>> 12;
}
