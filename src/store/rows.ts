// Rows as the app sees them: one mapper per table, shared by the SQLite and PostgreSQL stores (same columns; SQLite
// gives 0/1 where PostgreSQL gives booleans, and both keep timestamps as ISO text).
import type { Paper } from '../papers/paper.ts';
import type { EnrichedField, EnrichmentOutcome, FieldValue } from './enrichments.ts';
import type { CachedLookup } from './lookups.ts';
import type { Run, RunStatus } from './runs.ts';
import type { Share } from './shares.ts';
import type { Days, Subscription } from './subscriptions.ts';

/** A flag column: INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL. */
type Flag = number | boolean;

export interface SubscriptionRow {
  id: number;
  channel: string;
  creator: string;
  topic: string;
  at_time: string;
  tz: string;
  days: Days;
  count: number;
  notify_empty: Flag;
  status: 'active' | 'paused';
  pause_reason: string | null;
  created_at: string;
  rank_by: 'topic' | 'lab';
  team_id: string;
}

export const subscriptionFromRow = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  channel: r.channel,
  creator: r.creator,
  topic: r.topic,
  time: r.at_time,
  timezone: r.tz,
  days: r.days,
  count: r.count,
  notifyEmpty: Boolean(r.notify_empty),
  rankBy: r.rank_by,
  teamId: r.team_id,
  status: r.status,
  pauseReason: r.pause_reason ?? undefined,
  createdAt: r.created_at,
});

export interface RunRow {
  subscription_id: number;
  local_date: string;
  status: RunStatus;
  claimed_by: string;
  claimed_at: string;
  finished_at: string | null;
  retryable: Flag;
  error: string | null;
  message_ts: string | null;
  paper_count: number | null;
  retry_at: string | null;
}

export const runFromRow = (r: RunRow): Run => ({
  subscriptionId: r.subscription_id,
  localDate: r.local_date,
  status: r.status,
  claimedBy: r.claimed_by,
  claimedAt: r.claimed_at,
  finishedAt: r.finished_at ?? undefined,
  retryable: Boolean(r.retryable),
  error: r.error ?? undefined,
  messageTs: r.message_ts ?? undefined,
  paperCount: r.paper_count ?? undefined,
  retryAt: r.retry_at ?? undefined,
});

/** Stored papers (JSON text); rows that no longer parse are skipped and counted. */
export function parsePapers(rows: ReadonlyArray<{ data: string }>): { papers: Paper[]; skipped: number } {
  const papers: Paper[] = [];
  let skipped = 0;
  for (const r of rows) {
    try {
      papers.push(JSON.parse(r.data) as Paper);
    } catch {
      skipped++;
    }
  }
  return { papers, skipped };
}

export interface LookupRow {
  status: string;
  data: string | null;
  fetched_at: string;
}

/** A cached lookup; undefined for a row that no longer parses (the paper is asked about again). */
export function lookupFromRow(row: LookupRow): CachedLookup | undefined {
  const at = new Date(row.fetched_at);
  if (row.status === 'missing') return { status: 'missing', at };
  try {
    return { status: 'found', paper: JSON.parse(row.data ?? '') as Paper, at };
  } catch {
    return undefined;
  }
}

export type ShareRow = { team_id: string; channel: string; message_ts: string; user_id: string; paper_id: string; url: string; shared_at: string };

export const shareFromRow = (r: ShareRow): Share => ({ teamId: r.team_id, channel: r.channel, messageTs: r.message_ts, userId: r.user_id, paperId: r.paper_id, url: r.url, at: new Date(r.shared_at) });

export type OutcomeRow = { paper_id: string; title: string; status: EnrichmentOutcome['status']; detail: string; at: string };

export function outcomesFromRows(rows: readonly OutcomeRow[]): Map<string, EnrichmentOutcome> {
  return new Map(rows.map((r) => [r.paper_id, { paperId: r.paper_id, title: r.title, status: r.status, detail: r.detail, at: new Date(r.at) }]));
}

export type FieldRow = { paper_id: string; field: EnrichedField; value: string; source: string };

/** Filled fields by paper id; a value that no longer parses is skipped. */
export function fieldsFromRows(rows: readonly FieldRow[]): Map<string, FieldValue[]> {
  const out = new Map<string, FieldValue[]>();
  for (const r of rows) {
    let value: FieldValue['value'];
    try {
      value = JSON.parse(r.value);
    } catch {
      continue;
    }
    const list = out.get(r.paper_id) ?? [];
    list.push({ field: r.field, value, source: r.source });
    out.set(r.paper_id, list);
  }
  return out;
}
