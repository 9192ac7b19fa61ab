// The index vocabulary: document frequency and the words behind each term, for typos, suggestions and similar().
import SearchableMap from 'minisearch/SearchableMap';

/** Plain-object form of a Vocabulary, for index snapshots. */
export interface VocabularyJSON {
  docCount: number;
  /** [term, document frequency, surface word] */
  terms: Array<[string, number, string]>;
  /** [word as written, term] */
  words: Array<[string, string]>;
}

export class Vocabulary {
  private readonly df = new Map<string, number>();
  private readonly surfaces = new Map<string, string>();
  /** Every distinct word as written (lower case) -> its term. Typos are corrected against words, not stems. */
  private readonly words = new Map<string, string>();
  /** Tries over `words` and over terms, for fuzzy lookups: built on first use, then kept up to date. */
  private wordTrie?: SearchableMap<string>;
  private termTrie?: SearchableMap<true>;
  private docs = 0;

  /** Counts one document: `terms` are its analyzed terms (repeats allowed), `surface(i)` the word behind terms[i]. */
  addDocument(terms: string[], surface: (i: number) => string): void {
    this.docs++;
    const seen = new Set<string>();
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      const word = surface(i);
      if (!this.words.has(word)) {
        this.words.set(word, t);
        this.wordTrie?.set(word, t);
      }
      if (seen.has(t)) continue;
      seen.add(t);
      if (!this.df.has(t)) this.termTrie?.set(t, true);
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
      if (!this.surfaces.has(t)) this.surfaces.set(t, word);
    }
  }

  has(term: string): boolean {
    return this.df.has(term);
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.df.size;
  }

  get docCount(): number {
    return this.docs;
  }

  /** Number of documents containing `term` (0 when unknown). */
  docFreq(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Smoothed inverse document frequency, always > 0. */
  idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.docs - n + 0.5) / (n + 0.5));
  }

  /** A word as it appears in the papers (lower case) for a term: "robust" -> "robustness". */
  surface(term: string): string {
    return this.surfaces.get(term) ?? term;
  }

  /** Known words within `maxDistance` edits of `word` (lower case), with their terms and distances. */
  closeWords(word: string, maxDistance: number): Array<{ word: string; term: string; distance: number }> {
    this.wordTrie ??= SearchableMap.from<string>(this.words);
    return [...this.wordTrie.fuzzyGet(word, maxDistance)].map(([w, [term, distance]]) => ({ word: w, term, distance }));
  }

  /** True when some term is within `maxDistance` edits of `term` (itself excluded only if it is unknown). */
  hasTermWithin(term: string, maxDistance: number): boolean {
    this.termTrie ??= SearchableMap.from<true>([...this.df.keys()].map((t) => [t, true] as [string, true]));
    return this.termTrie.fuzzyGet(term, maxDistance).size > 0;
  }

  /** Known terms within `maxDistance` edits of `term`, with their distances (for fuzzy matching a typo). */
  termsWithin(term: string, maxDistance: number): Array<[string, number]> {
    this.termTrie ??= SearchableMap.from<true>([...this.df.keys()].map((t) => [t, true] as [string, true]));
    return [...this.termTrie.fuzzyGet(term, maxDistance)].map(([t, [, distance]]) => [t, distance]);
  }

  toJSON(): VocabularyJSON {
    return { docCount: this.docs, terms: [...this.df].map(([t, n]) => [t, n, this.surfaces.get(t) ?? t]), words: [...this.words] };
  }

  static fromJSON(json: VocabularyJSON): Vocabulary {
    const v = new Vocabulary();
    v.docs = json.docCount;
    for (const [t, n, s] of json.terms) {
      v.df.set(t, n);
      v.surfaces.set(t, s);
    }
    for (const [w, t] of json.words) v.words.set(w, t);
    return v;
  }
}
