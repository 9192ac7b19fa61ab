// Splits text into words (as src/search/analyzer.ts's WORD does) and numbers each distinct word without a string Map.
//
// Why not `text.match(WORD)` and a Map<string, …>: on the 75k arXiv corpus (15M words) the regex's fresh substrings
// and their hashing cost several times the rest of indexing. Here each word is hashed while it is scanned (two
// independent 32-bit hashes, so a false match needs both to collide) and looked up in an open-addressing table
// over typed arrays; only a word never seen before is sliced out as a string.

/** Marks a break between word pairs: sentence or clause punctuation, brackets. */
export const BREAK = -1;

const enum Kind {
  Other = 0,
  Word = 1,
  Joiner = 2,
  Break = 3,
}

const kinds = new Uint8Array(65536);
const known = new Uint8Array(65536);

/** Letters and digits (any script), apostrophes and hyphens that join word parts, and pair-breaking punctuation. */
function kindOf(c: number): Kind {
  if (known[c]) return kinds[c];
  let k = Kind.Other;
  const ch = String.fromCharCode(c);
  if (c >= 0xd800 && c <= 0xdfff) k = Kind.Word; // astral letters: treat both halves as word characters
  else if (/[\p{L}\p{N}]/u.test(ch)) k = Kind.Word;
  else if (/['’\-\u2010\u2011]/.test(ch)) k = Kind.Joiner;
  else if (/[.;:!?()[\]{}]/.test(ch)) k = Kind.Break;
  kinds[c] = k;
  known[c] = 1;
  return k;
}

/**
 * Numbers distinct words (case-sensitive, exactly as written) in first-seen order: 0, 1, 2, …
 * `scan` calls back with each word's number, or BREAK; `word(n)` gives back the text of word n.
 */
export class WordScanner {
  private capacity = 1 << 16;
  private h1 = new Int32Array(this.capacity);
  private h2 = new Int32Array(this.capacity);
  /** Word number + 1 in each slot (0 = empty). */
  private ids = new Int32Array(this.capacity);
  private readonly words: string[] = [];

  get size(): number {
    return this.words.length;
  }

  word(n: number): string {
    return this.words[n];
  }

  /** Calls `emit` for each word of `text` in order (its number), and with BREAK at punctuation that ends a pair. */
  scan(text: string, emit: (word: number) => void): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const k = kindOf(text.charCodeAt(i));
      if (k !== Kind.Word) {
        if (k === Kind.Break) emit(BREAK);
        i++;
        continue;
      }
      const start = i;
      let a = 0x811c9dc5 | 0;
      let b = 0x2545f491 | 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        const kc = kindOf(c);
        if (kc === Kind.Word) {
          a = Math.imul(a ^ c, 0x01000193);
          b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
          i++;
        } else if (kc === Kind.Joiner && i + 1 < n && kindOf(text.charCodeAt(i + 1)) === Kind.Word) {
          a = Math.imul(a ^ c, 0x01000193);
          b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
          i++;
        } else break;
      }
      emit(this.lookup(a, b, text, start, i));
    }
  }

  private lookup(a: number, b: number, text: string, start: number, end: number): number {
    const mask = this.capacity - 1;
    let s = (a ^ (b >>> 7)) & mask;
    while (this.ids[s] !== 0) {
      if (this.h1[s] === a && this.h2[s] === b) return this.ids[s] - 1;
      s = (s + 1) & mask;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end));
    this.h1[s] = a;
    this.h2[s] = b;
    this.ids[s] = id + 1;
    if (this.words.length * 2 > this.capacity) this.grow();
    return id;
  }

  private grow(): void {
    const { h1, h2, ids } = this;
    this.capacity *= 2;
    this.h1 = new Int32Array(this.capacity);
    this.h2 = new Int32Array(this.capacity);
    this.ids = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    for (let s = 0; s < ids.length; s++) {
      if (ids[s] === 0) continue;
      let t = (h1[s] ^ (h2[s] >>> 7)) & mask;
      while (this.ids[t] !== 0) t = (t + 1) & mask;
      this.h1[t] = h1[s];
      this.h2[t] = h2[s];
      this.ids[t] = ids[s];
    }
  }
}
