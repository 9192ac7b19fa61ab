// The metadata-lookup cache: every answer arXiv, Crossref or OpenReview gave for a link's paper, so one paper is fetched once.
import type { Paper } from '../papers/paper.ts';
import type { Db } from './database.ts';
import { lookupFromRow, type LookupRow } from './rows.ts';
import type { LookupStore } from './types.ts';

export type { LookupStore } from './types.ts';

/** A cached answer: the paper, or `missing` when the service said it has no such paper. */
export type CachedLookup = { status: 'found'; paper: Paper; at: Date } | { status: 'missing'; at: Date };

export class SqliteLookupStore implements LookupStore {
  constructor(private readonly db: Db) {}

  /** The cached answer for a key ("arxiv:2007.08489", "doi:10.…", "openreview:…"); undefined when never asked or unreadable. */
  async get(key: string): Promise<CachedLookup | undefined> {
    const row = this.db.prepare('SELECT status, data, fetched_at FROM paper_lookups WHERE key = ?').get(key) as LookupRow | undefined;
    return row && lookupFromRow(row);
  }

  /** Records an answer (a later answer for the key replaces it). */
  async put(key: string, paper: Paper | undefined, at: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO paper_lookups (key, status, paper_id, data, fetched_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET status = excluded.status, paper_id = excluded.paper_id, data = excluded.data, fetched_at = excluded.fetched_at`,
      )
      .run(key, paper ? 'found' : 'missing', paper?.id ?? null, paper ? JSON.stringify(paper) : null, at.toISOString());
  }
}
