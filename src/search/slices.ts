// Long CPU work cut into slices that give the event loop back, so requests and health checks are answered meanwhile.

/**
 * A budget of CPU time per turn of the event loop. A loop checks `due` every few items and, when it is, awaits
 * `next()`: a setImmediate lets pending I/O (a /paper ack, a /healthz) run first. Slack wants an ack within 3 s
 * and the bot answers "still indexing" while it loads; a 10 ms slice keeps that far out of reach.
 */
export class Slices {
  private since = performance.now();

  /** `budgetMs`: CPU time per slice. Default 10. Infinity never yields (a caller with nothing else to serve). */
  constructor(private readonly budgetMs = 10) {}

  /** True once the current slice has used its budget. */
  get due(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  /** Ends the slice: returns on the next turn of the event loop, after pending I/O callbacks. */
  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }

  /** `next()` only when the slice is used up. */
  async maybe(): Promise<void> {
    if (this.due) await this.next();
  }
}
