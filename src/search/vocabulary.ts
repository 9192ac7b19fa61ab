// The index vocabulary: document frequencies (from the postings) and the words behind each term, for typos and similar().
import SearchableMap from 'minisearch/SearchableMap';

/** Plain-object form of a Vocabulary's words, for index snapshots (frequencies travel with the postings). */
export interface VocabularyJSON {
  /** [word as written (lower case), term]; the first word seen for a term is its surface. */
  words: Array<[string, string]>;
}

/** Where document frequencies come from: the PostingStore counts them as papers are added. */
export interface TermFrequencies {
  /** Documents containing `term` in any field (0 when unknown). */
  docFreq(term: string): number;
  readonly size: number;
  readonly termCount: number;
  /** Every term, for the fuzzy-lookup tree. */
  termList(): readonly string[];
}

export class Vocabulary {
  private readonly surfaces = new Map<string, string>();
  /** Every distinct word as written (lower case) -> its term. Typos are corrected against words, not stems. */
  private readonly words = new Map<string, string>();
  /** Tries over `words` and over terms, for fuzzy lookups: built on first use, then kept up to date. */
  private wordTrie?: SearchableMap<string>;
  private termTrie?: SearchableMap<true>;

  constructor(private readonly frequencies: TermFrequencies) {}

  /** Records a word (lower case, as written) and the term it indexes as; the first word of a term is its surface. */
  addWord(word: string, term: string): void {
    if (this.words.has(word)) return;
    this.words.set(word, term);
    this.wordTrie?.set(word, term);
    if (!this.surfaces.has(term)) this.surfaces.set(term, word);
  }

  /** Tells the fuzzy-lookup tree about a term seen for the first time. */
  addTerm(term: string): void {
    this.termTrie?.set(term, true);
  }

  has(term: string): boolean {
    return this.frequencies.docFreq(term) > 0;
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.frequencies.termCount;
  }

  get docCount(): number {
    return this.frequencies.size;
  }

  /** Number of documents containing `term` (0 when unknown). */
  docFreq(term: string): number {
    return this.frequencies.docFreq(term);
  }

  /** Smoothed inverse document frequency, always > 0. */
  idf(term: string): number {
    const n = this.frequencies.docFreq(term);
    return Math.log(1 + (this.frequencies.size - n + 0.5) / (n + 0.5));
  }

  /** A word as it appears in the papers (lower case) for a term: "robust" -> "robustness". */
  surface(term: string): string {
    return this.surfaces.get(term) ?? term;
  }

  /**
   * Builds both fuzzy-lookup trees ahead of the first typo, a few thousand entries per turn of the event loop:
   * at 75k papers they take ~1.4 s of CPU, which must not stall requests or health checks arriving meanwhile. A typo
   * that comes first builds what it needs at once, and this keeps that tree. Entries added while it runs are
   * included: the loops read the live term list and word map, and each tree is installed in the same turn as its
   * last entry.
   */
  async warm(perTurn = 5000): Promise<void> {
    const build = async <T>(entries: Iterable<[string, T]>): Promise<SearchableMap<T>> => {
      const tree = new SearchableMap<T>();
      let n = 0;
      for (const [key, value] of entries) {
        tree.set(key, value);
        if (++n % perTurn === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return tree;
    };
    const terms = this.frequencies.termList();
    if (!this.termTrie) {
      const tree = await build((function* () { for (const t of terms) yield [t, true] as [string, true]; })());
      this.termTrie ??= tree;
    }
    if (!this.wordTrie) {
      const tree = await build(this.words);
      this.wordTrie ??= tree;
    }
  }

  /** Known words within `maxDistance` edits of `word` (lower case), with their terms and distances. */
  closeWords(word: string, maxDistance: number): Array<{ word: string; term: string; distance: number }> {
    return [...this.wordTree().fuzzyGet(word, maxDistance)].map(([w, [term, distance]]) => ({ word: w, term, distance }));
  }

  /** True when some term is within `maxDistance` edits of `term` (itself excluded only if it is unknown). */
  hasTermWithin(term: string, maxDistance: number): boolean {
    return this.terms().fuzzyGet(term, maxDistance).size > 0;
  }

  /** Known terms within `maxDistance` edits of `term`, with their distances (for fuzzy matching a typo). */
  termsWithin(term: string, maxDistance: number): Array<[string, number]> {
    return [...this.terms().fuzzyGet(term, maxDistance)].map(([t, [, distance]]) => [t, distance]);
  }

  toJSON(): VocabularyJSON {
    return { words: [...this.words] };
  }

  static fromJSON(json: VocabularyJSON, frequencies: TermFrequencies): Vocabulary {
    const v = new Vocabulary(frequencies);
    for (const [w, t] of json.words) v.addWord(w, t);
    return v;
  }

  /** MiniSearch's radix tree over the words as written (about 0.8 s at 700k words). */
  private wordTree(): SearchableMap<string> {
    this.wordTrie ??= SearchableMap.from<string>(this.words);
    return this.wordTrie;
  }

  /** MiniSearch's radix tree over the terms, built on the first typo (about 0.5 s at 300k terms). */
  private terms(): SearchableMap<true> {
    this.termTrie ??= SearchableMap.from<true>(this.frequencies.termList().map((t) => [t, true] as [string, true]));
    return this.termTrie;
  }
}
