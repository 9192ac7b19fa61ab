// How many documents match a query (the union of its posting lists), counted without scoring them.

/** One posting list: documents `docs[start..end)`. */
export interface DocList {
  docs: ArrayLike<number>;
  start: number;
  end: number;
}

/** The lists of one query term. `whole`: they are every list of the term (each field searched). */
export interface TermLists {
  term: number;
  lists: DocList[];
  whole: boolean;
}

/** A term in at least this share of the documents gets a cached bitset (1/32: it is then no bigger than its lists). */
const BITSET_SHARE = 1 / 32;
/** Bitsets kept (at 1M papers each is 122 kB): the common words of recent queries. */
const MAX_BITSETS = 256;

/**
 * Counts the documents in the union of a query's lists into a bitset: a common term ORs in its cached bitset (one
 * word per 32 documents: 31k words at 1M papers, against 800k postings for "model"), a rare term sets its documents'
 * bits; then the bits are counted. The MaxScore path needs this because it never visits most matching documents.
 * `forget()` must be called whenever documents are added.
 */
export class MatchCounter {
  private readonly bitsets = new Map<number, Int32Array>();
  private union = new Int32Array(0);

  /** Drops the cached bitsets (documents were added). */
  forget(): void {
    this.bitsets.clear();
  }

  count(terms: TermLists[], size: number): number {
    const words = (size + 31) >>> 5;
    if (this.union.length < words) this.union = new Int32Array(Math.max(32, words * 2));
    const union = this.union;
    union.fill(0, 0, words);
    for (const t of terms) {
      let postings = 0;
      for (const l of t.lists) postings += l.end - l.start;
      if (t.whole && postings >= size * BITSET_SHARE) {
        const bits = this.bitset(t, words);
        for (let w = 0; w < words; w++) union[w] |= bits[w];
      } else {
        for (const l of t.lists) setBits(union, l);
      }
    }
    let total = 0;
    for (let w = 0; w < words; w++) total += popcount(union[w]);
    return total;
  }

  private bitset(t: TermLists, words: number): Int32Array {
    let bits = this.bitsets.get(t.term);
    if (bits && bits.length === words) {
      // Most recently used last: the first entry is the one to drop.
      this.bitsets.delete(t.term);
      this.bitsets.set(t.term, bits);
      return bits;
    }
    bits = new Int32Array(words);
    for (const l of t.lists) setBits(bits, l);
    this.bitsets.set(t.term, bits);
    if (this.bitsets.size > MAX_BITSETS) this.bitsets.delete(this.bitsets.keys().next().value!);
    return bits;
  }
}

function setBits(bits: Int32Array, l: DocList): void {
  const { docs, end } = l;
  for (let i = l.start; i < end; i++) {
    const doc = docs[i];
    bits[doc >>> 5] |= 1 << (doc & 31);
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
