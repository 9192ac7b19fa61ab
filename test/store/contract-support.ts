// The two store implementations as the contract test opens them: a fresh SQLite file or a fresh PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe } from 'vitest';
import { createLog, type Log } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { openStore } from '../../src/store/index.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import type { Store } from '../../src/store/types.ts';
import type { SubscriptionSettings } from '../../src/store/subscriptions.ts';
import { createTestDatabase, describePostgres } from '../support/postgres.ts';

/** Fresh, empty state; `open` connects a store to it (call twice for two connections, as two replicas would). */
export interface Backend {
  open(): Promise<Store>;
  /** Closes every store opened and removes the data. */
  dispose(): Promise<void>;
}

export interface Implementation {
  name: 'sqlite' | 'postgres';
  describe: (name: string, fn: () => void) => void;
  fresh(): Promise<Backend>;
}

/** A logger whose JSON lines the test reads back. */
export function capturedLog(): { log: Log; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
  return { log: createLog('info', sink), lines };
}

function tracking(open: () => Promise<Store>, remove: () => Promise<void>): Backend {
  const stores: Store[] = [];
  return {
    open: async () => {
      const s = await open();
      stores.push(s);
      return s;
    },
    dispose: async () => {
      for (const s of stores.splice(0)) await s.close();
      await remove();
    },
  };
}

export const IMPLEMENTATIONS: Implementation[] = [
  {
    name: 'sqlite',
    describe,
    fresh: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'paperbot-contract-'));
      return tracking(async () => openStore(join(dir, 'x.db')), async () => rmSync(dir, { recursive: true, force: true }));
    },
  },
  {
    name: 'postgres',
    describe: describePostgres,
    fresh: async () => {
      const db = await createTestDatabase();
      return tracking(() => openPostgresStore(db.url, { log: capturedLog().log, poolMax: 4 }), () => db.drop());
    },
  },
];

/** Minutes after a fixed day, so every timestamp in a test is explicit. */
export const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 8, 0) + minutes * 60_000);

export const settings = (over: Partial<SubscriptionSettings> = {}): SubscriptionSettings => ({
  topic: 'graph neural networks',
  time: '09:00',
  timezone: 'Europe/Paris',
  days: 'weekdays',
  count: 3,
  notifyEmpty: false,
  ...over,
});

export const paper = (id: string, title = `Paper ${id}`): Paper => ({ id, title, authors: ['Ada Lovelace'], abstract: `About ${id}.`, links: [], source: { file: 'contract' }, year: 2026 });
