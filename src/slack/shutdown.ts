// Graceful stop on SIGTERM/SIGINT: stop taking work, let running handlers finish, run close hooks, exit.
import type { Log } from '../log.ts';
import type { InFlight } from './in-flight.ts';

export interface ShutdownOptions {
  /** Stops new work arriving (the receiver: closes the HTTP server, the WebSocket or the console). */
  stopReceiving: () => Promise<unknown>;
  /** Handlers still running; shutdown waits for them. */
  inflight: InFlight;
  log: Log;
  /** Longest wait for running handlers before closing anyway. Default 10 s (Kubernetes gives 30 s in all). */
  graceMs?: number;
  /** Receives the exit code once everything is closed. Default `process.exit`. */
  exit?: (code: number) => void;
}

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
    log.info({ event: 'shutdown', reason, in_flight: inflight.size }, 'shutting down');
    let code = 0;
    try {
      await this.opts.stopReceiving();
    } catch (err) {
      log.warn({ event: 'shutdown', step: 'stop_receiving', error: String(err) }, 'receiver did not stop cleanly');
    }
    const drained = await inflight.idle(this.opts.graceMs ?? 10_000);
    if (!drained) log.warn({ event: 'shutdown', in_flight: inflight.size }, 'handlers still running after the grace period');
    for (const hook of this.hooks) {
      try {
        await hook.close();
      } catch (err) {
        code = 1;
        log.error({ event: 'shutdown', hook: hook.name, error: String(err) }, 'close hook failed');
      }
    }
    log.info({ event: 'shutdown', took_ms: Date.now() - started, exit_code: code }, 'stopped');
    (this.opts.exit ?? ((c: number) => process.exit(c)))(code);
    return code;
  }
}
