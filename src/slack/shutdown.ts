// Graceful stop on SIGTERM/SIGINT: stop taking work, let running handlers finish, run close hooks, exit, all within one grace.
import type { Log } from '../log.ts';
import type { InFlight } from './in-flight.ts';

export interface ShutdownOptions {
  /** Stops new work arriving (the receiver: closes the HTTP server, the WebSocket or the console). */
  stopReceiving: () => Promise<unknown>;
  /** Handlers still running; shutdown waits for them. */
  inflight: InFlight;
  log: Log;
  /**
   * The whole shutdown's bound, in ms: stopping the receiver, waiting for running handlers and for each close hook
   * all count against it. Default SHUTDOWN_GRACE_MS (10 s; Kubernetes sends SIGKILL 30 s after SIGTERM). Once it is
   * spent, later hooks still run (the store's close is synchronous and always happens) but nothing is waited for any
   * more, and the process exits 0: an unanswered Slack call must not keep a stopped bot alive.
   */
  graceMs?: number;
  /** Receives the exit code once everything is closed. Default `process.exit`. */
  exit?: (code: number) => void;
}

/** Default grace for a whole shutdown: see ShutdownOptions.graceMs. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** A close hook: the database, the digest scheduler. Hooks run in the order added, after in-flight work ends. */
export interface ShutdownHook {
  name: string;
  close: () => unknown;
}

export class Shutdown {
  private readonly hooks: ShutdownHook[] = [];
  private running?: Promise<number>;

  constructor(private readonly opts: ShutdownOptions) {}

  /** Adds a close hook (the lead wires the digest service and the database here). */
  add(name: string, close: () => unknown): this {
    this.hooks.push({ name, close });
    return this;
  }

  /** Stops everything once (later calls share the first run) and resolves the exit code: 0, or 1 if a hook failed. */
  run(reason: string): Promise<number> {
    this.running ??= this.stop(reason);
    return this.running;
  }

  /** Installs SIGTERM/SIGINT handlers; returns a function that removes them. */
  listen(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const onSignal = (signal: NodeJS.Signals) => void this.run(signal);
    for (const s of signals) process.on(s, onSignal);
    return () => {
      for (const s of signals) process.off(s, onSignal);
    };
  }

  private async stop(reason: string): Promise<number> {
    const { log, inflight } = this.opts;
    const started = Date.now();
    const deadline = started + (this.opts.graceMs ?? SHUTDOWN_GRACE_MS);
    const left = () => Math.max(0, deadline - Date.now());
    log.info({ event: 'shutdown', reason, in_flight: inflight.size }, 'shutting down');
    let code = 0;
    let late = false;
    try {
      if (!(await within(this.opts.stopReceiving(), left()))) {
        late = true;
        log.warn({ event: 'shutdown', step: 'stop_receiving' }, 'receiver still stopping at the end of the grace period; going on');
      }
    } catch (err) {
      log.warn({ event: 'shutdown', step: 'stop_receiving', error: String(err) }, 'receiver did not stop cleanly');
    }
    const drained = await inflight.idle(left());
    if (!drained) log.warn({ event: 'shutdown', in_flight: inflight.size }, 'handlers still running after the grace period');
    for (const hook of this.hooks) {
      try {
        // Started even when the grace is spent (the store must close), but awaited only until the deadline.
        if (!(await within(Promise.resolve().then(hook.close), left()))) {
          late = true;
          log.warn({ event: 'shutdown', hook: hook.name }, 'close hook still running at the end of the grace period; not waiting for it');
        }
      } catch (err) {
        code = 1;
        log.error({ event: 'shutdown', hook: hook.name, error: String(err) }, 'close hook failed');
      }
    }
    log.info({ event: 'shutdown', took_ms: Date.now() - started, exit_code: code, ...(late || !drained ? { grace_exceeded: true } : {}) }, 'stopped');
    (this.opts.exit ?? ((c: number) => process.exit(c)))(code);
    return code;
  }
}

/** Resolves true when `work` settles within `ms`, false when the time runs out first; rejects if `work` does. */
function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    // Not unref'd: while shutdown waits, this timer alone may be what keeps Node from exiting mid-way (code 13).
    timer = setTimeout(() => resolve(false), ms);
  });
  work.catch(() => undefined); // a hook that fails after the deadline must not become an unhandled rejection
  return Promise.race([work.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
