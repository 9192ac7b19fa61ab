// A per-profile linear classifier (profile papers against the feed background), trained by Pegasos SGD on tf-idf rows.
import type { PaperVectors } from './paper-vectors.ts';

/** How the per-profile linear model is trained. Part of `ScoringOptions`; defaults are there. */
export interface LinearModelOptions {
  /**
   * L2 regularisation λ of the objective λ/2·|w|² + mean class-balanced loss. Larger keeps the model near the
   * centroid difference; smaller lets a few rare words decide. LinearSVC's C relates as λ = 1 / (C · n).
   */
  linearLambda: number;
  /** Passes over the negatives (each pass takes as many positive as negative steps: balanced classes). */
  linearEpochs: number;
  /** 'hinge' (a linear SVM, as arxiv-sanity) or 'log' (logistic regression, as Scholar Inbox). */
  linearLoss: 'hinge' | 'log';
}

/**
 * A weight vector over term ids, trained per profile. Weights live in a dense scratch array reused across
 * profiles (the term space is ~1.1M ids, too big to allocate per ranking), kept as `scale · v` so that the L2
 * shrink of each Pegasos step costs O(1) instead of O(terms).
 */
export class LinearModel {
  private v = new Float64Array(0);
  private scale = 1;
  private bias = 0;

  constructor(private readonly vectors: PaperVectors) {}

  /**
   * Trains on `positives` (label +1) against `negatives` (label −1). Steps alternate a positive and a negative,
   * each drawn in a fixed pseudo-random order, which balances the classes whatever their sizes (arxiv-sanity's
   * `class_weight='balanced'`). Deterministic: the same profile gives the same model.
   */
  train(positives: number[], negatives: number[], o: LinearModelOptions): void {
    const v = this.vectors;
    const idf = v.idf();
    if (this.v.length < idf.length) this.v = new Float64Array(idf.length);
    else this.v.fill(0);
    this.scale = 1;
    this.bias = 0;
    if (positives.length === 0 || negatives.length === 0) return;
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    const w = this.v;
    const lambda = o.linearLambda;
    const steps = 2 * Math.max(1, Math.round(o.linearEpochs * negatives.length));
    let seed = 0x2545f491;
    const random = (n: number): number => {
      // xorshift32: a fixed, cheap order that does not depend on Math.random.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    // Start at t = 2: Pegasos's first step would set the scale to 0 (w is 0 then anyway).
    for (let t = 2; t < steps + 2; t++) {
      const positive = t % 2 === 0;
      const row = positive ? positives[random(positives.length)] : negatives[random(negatives.length)];
      const y = positive ? 1 : -1;
      const eta = 1 / (lambda * t);
      const inv = 1 / v.norm(row);
      const begin = v.rowBegin(row);
      const end = v.rowBegin(row + 1);
      let dot = 0;
      for (let e = begin; e < end; e++) dot += weights[e] * idf[terms[e]] * w[terms[e]];
      // The bias is a constant feature of value 1, regularised like the rest (as liblinear's intercept).
      const margin = y * (this.scale * dot * inv + this.bias);
      this.scale *= 1 - eta * lambda;
      this.bias *= 1 - eta * lambda;
      const g = o.linearLoss === 'hinge' ? (margin < 1 ? 1 : 0) : 1 / (1 + Math.exp(margin));
      if (g === 0) continue;
      const step = (eta * y * g) / this.scale;
      for (let e = begin; e < end; e++) w[terms[e]] += step * weights[e] * idf[terms[e]] * inv;
      this.bias += eta * y * g;
      if (this.scale < 1e-9) this.rescale();
    }
  }

  /** The model's margin for a row (higher: more like the profile). */
  score(row: number): number {
    const v = this.vectors;
    const idf = v.idf();
    const terms = v.entryTerms;
    const weights = v.entryWeights;
    let dot = 0;
    for (let e = v.rowBegin(row), end = v.rowBegin(row + 1); e < end; e++) dot += weights[e] * idf[terms[e]] * this.v[terms[e]];
    return (this.scale * dot) / v.norm(row) + this.bias;
  }

  /** Folds the scale into the weights before it underflows. */
  private rescale(): void {
    for (let t = 0; t < this.v.length; t++) this.v[t] *= this.scale;
    this.scale = 1;
  }
}
