// What `paperbot corpus enrich` found for library papers: each filled field with where it came from, and each outcome.
import type { Db } from './database.ts';
import { fieldsFromRows, outcomesFromRows, type FieldRow, type OutcomeRow } from './rows.ts';
import type { EnrichmentStore } from './types.ts';

export type { EnrichmentStore } from './types.ts';

/** The fields enrichment may fill (never overwriting one the library file gives). */
export type EnrichedField = 'arxivId' | 'doi' | 'year' | 'date' | 'authors' | 'venue' | 'url';

export interface FieldValue {
  field: EnrichedField;
  /** A string, a year, or the author list. */
  value: string | number | string[];
  /** Where it came from, e.g. "arxiv:2007.08489" or "crossref:10.1145/3319535.3354211". */
  source: string;
}

/** One library paper's last enrichment outcome. */
export interface EnrichmentOutcome {
  /** The library paper's id. */
  paperId: string;
  title: string;
  /** `enriched`: fields filled; `matched`: found, nothing to fill; `ambiguous`: several works fit, none applied; `unmatched`: none fits. */
  status: 'enriched' | 'matched' | 'ambiguous' | 'unmatched';
  /** Why, in a few words (the candidates of an ambiguous title, the closest miss). */
  detail: string;
  at: Date;
}

export class SqliteEnrichmentStore implements EnrichmentStore {
  constructor(private readonly db: Db) {}

  /** Records a paper's outcome and the fields it filled (replacing an earlier run's for that paper). */
  async save(outcome: EnrichmentOutcome, fields: FieldValue[]): Promise<void> {
    const at = outcome.at.toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO enrichment_outcomes (paper_id, title, status, detail, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (paper_id) DO UPDATE SET title = excluded.title, status = excluded.status, detail = excluded.detail, at = excluded.at`,
        )
        .run(outcome.paperId, outcome.title, outcome.status, outcome.detail, at);
      const put = this.db.prepare(
        `INSERT INTO enriched_fields (paper_id, field, value, source, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (paper_id, field) DO UPDATE SET value = excluded.value, source = excluded.source, at = excluded.at`,
      );
      for (const f of fields) put.run(outcome.paperId, f.field, JSON.stringify(f.value), f.source, at);
    })();
  }

  /** Papers already looked up (any outcome): `corpus enrich` asks about each paper once. */
  async outcomes(): Promise<Map<string, EnrichmentOutcome>> {
    return outcomesFromRows(this.db.prepare('SELECT paper_id, title, status, detail, at FROM enrichment_outcomes ORDER BY paper_id').all() as OutcomeRow[]);
  }

  /** Every filled field, by library paper id (applied at start). Rows that no longer parse are skipped. */
  async fields(): Promise<Map<string, FieldValue[]>> {
    return fieldsFromRows(this.db.prepare('SELECT paper_id, field, value, source FROM enriched_fields ORDER BY paper_id, field').all() as FieldRow[]);
  }
}
