// The best k scored documents of a query, kept in a bounded heap while every match is counted.

export interface Scored {
  doc: number;
  score: number;
  /** Bit i set when source i matched. */
  sources: number;
}

/** A bounded min-heap keeping the `capacity` best (score, doc) pairs; ties go to the lower doc number. */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  private readonly masks: number[] = [];
  constructor(private readonly capacity: number) {}

  offer(doc: number, score: number, mask: number): void {
    if (this.capacity === 0) return;
    if (this.docs.length < this.capacity) {
      this.docs.push(doc);
      this.scores.push(score);
      this.masks.push(mask);
      this.up(this.docs.length - 1);
    } else if (this.better(score, doc, this.scores[0], this.docs[0])) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.masks[0] = mask;
      this.down(0);
    }
  }

  /** True once `capacity` pairs are kept: a newcomer must then beat `worstScore`. */
  get full(): boolean {
    return this.capacity > 0 && this.docs.length >= this.capacity;
  }

  /** The lowest score kept (the root). */
  get worstScore(): number {
    return this.scores[0];
  }

  sorted(): Scored[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i], sources: this.masks[i] }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private better(s1: number, d1: number, s2: number, d2: number): boolean {
    return s1 > s2 || (s1 === s2 && d1 < d2);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j], this.docs[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
    [this.masks[i], this.masks[j]] = [this.masks[j], this.masks[i]];
  }

  /** The root holds the worst kept pair. */
  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(this.scores[parent], this.docs[parent], this.scores[i], this.docs[i])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.better(this.scores[worst], this.docs[worst], this.scores[l], this.docs[l])) worst = l;
      if (r < n && this.better(this.scores[worst], this.docs[worst], this.scores[r], this.docs[r])) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
