// Postings added since the PostingStore's last compaction, kept in growable typed arrays.

/**
 * Postings added since the last compaction, in arrival order (doc numbers only grow), in growable typed arrays:
 * a bulk build holds millions of them, which as JS arrays of numbers would take twice the memory.
 */
export class PendingField {
  terms: Uint32Array = new Uint32Array(1024);
  docs: Uint32Array = new Uint32Array(1024);
  tfs: Uint16Array = new Uint16Array(1024);
  length = 0;

  push(term: number, doc: number, tf: number): void {
    if (this.length === this.docs.length) {
      const size = this.length * 2;
      const terms = new Uint32Array(size);
      const docs = new Uint32Array(size);
      const tfs = new Uint16Array(size);
      terms.set(this.terms);
      docs.set(this.docs);
      tfs.set(this.tfs);
      [this.terms, this.docs, this.tfs] = [terms, docs, tfs];
    }
    this.terms[this.length] = term;
    this.docs[this.length] = doc;
    this.tfs[this.length++] = tf;
  }
}
