// The index vocabulary: document frequencies (from the postings) and the words behind each term, for typos and similar().
import SearchableMap from 'minisearch/SearchableMap';
import { Slices } from './slices.ts';

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
}

export class Vocabulary {
  private readonly surfaces = new Map<string, string>();
  /** Every distinct word as written (lower case) -> its term. Typos are corrected against words, not stems. */
  private readonly words = new Map<string, string>();
  /**
   * Radix tree over `words`, for typo lookups: built on first use (or by `warm`), then kept up to date. Typos are
   * measured against words as written, never stems (see typos.ts), so no tree over terms is needed.
   */
  private wordTrie?: SearchableMap<string>;

  constructor(private readonly frequencies: TermFrequencies) {}

  /** Records a word (lower case, as written) and the term it indexes as; the first word of a term is its surface. */
  addWord(word: string, term: string): void {
    if (this.words.has(word)) return;
    this.words.set(word, term);
    this.wordTrie?.set(word, term);
    if (!this.surfaces.has(term)) this.surfaces.set(term, word);
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
   * Builds the typo tree ahead of the first typo, a few thousand words per turn of the event loop: at 75k papers it
   * takes about a second of CPU, which must not stall requests or health checks arriving meanwhile. A typo that comes
   * first builds the tree at once, and this keeps that one. Words added while it runs are included: the loop reads
   * the live word map, and the tree is installed in the same turn as its last entry.
   */
  async warm(perTurn = 5000): Promise<void> {
    if (this.wordTrie) return;
    const tree = new SearchableMap<string>();
    // Also at most ~10 ms a turn, whatever the machine's speed: 5000 words took ~45 ms on a busy 2-core machine.
    const slices = new Slices();
    let n = 0;
    for (const [word, term] of this.words) {
      tree.set(word, term);
      if (++n % perTurn === 0 || ((n & 255) === 0 && slices.due)) await slices.next();
    }
    this.wordTrie ??= tree;
  }

  /** Known words within `maxDistance` edits of `word` (lower case), with their terms and distances. */
  closeWords(word: string, maxDistance: number): Array<{ word: string; term: string; distance: number }> {
    return [...this.wordTree().fuzzyGet(word, maxDistance)].map(([w, [term, distance]]) => ({ word: w, term, distance }));
  }

  toJSON(): VocabularyJSON {
    return { words: [...this.words] };
  }

  /** MiniSearch's radix tree over the words as written (about 0.8 s at 700k words). */
  private wordTree(): SearchableMap<string> {
    this.wordTrie ??= SearchableMap.from<string>(this.words);
    return this.wordTrie;
  }
}
