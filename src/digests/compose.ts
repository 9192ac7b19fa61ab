// Chooses a digest's papers: never posted in the channel; by the lab's taste, or the topic's newest matches first.
import type { CardWhy } from '../blocks/card.ts';
import type { DigestMessageInput } from '../blocks/digest-message.ts';
import type { TasteSummary } from '../blocks/taste.ts';
import type { LabFeed } from '../library/lab-feed.ts';
import { dayKey } from '../search/paper-table.ts';
import type { Hit } from '../search/results.ts';
import type { Library } from '../library/library.ts';
import type { FeedbackStore, Ledger } from '../store/types.ts';
import { dateLabel, localDate } from './schedule.ts';
import type { Subscription } from '../store/subscriptions.ts';

/** A digest ready to render: what goes in the header and the cards. */
export interface Digest {
  subscription: Subscription;
  /** YYYY-MM-DD in the subscription's zone (the run's key). */
  localDate: string;
  /** "Tue 24 Nov", for the header. */
  dateLabel: string;
  hits: Hit[];
  /** Lab-feed digests: what the ranking learned from (or that it fell back, `cold`). */
  taste?: TasteSummary;
  /** Lab-feed digests: why each paper was picked, by paper id. */
  why?: Map<string, CardWhy>;
}

/** The digest as rendering takes it (src/blocks digestPost), with the channel's 👍/👎 on its papers when known. */
export function postInput(d: Digest, votes?: ReadonlyMap<string, { up: number; down: number }>): DigestMessageInput {
  return {
    topic: d.subscription.topic,
    dateLabel: d.dateLabel,
    hits: d.hits,
    taste: d.taste,
    why: d.why,
    votes,
  };
}

/** The channel's 👍/👎 counts on each of `paperIds` (a digest's few papers). */
export async function tallies(feedback: FeedbackStore, teamId: string, channel: string, paperIds: string[]): Promise<Map<string, { up: number; down: number }>> {
  const out = new Map<string, { up: number; down: number }>();
  for (const id of paperIds) out.set(id, await feedback.tally(teamId, channel, id));
  return out;
}

/** What composing reads. */
export interface ComposeDeps {
  library: Library;
  ledger: Ledger;
  /** Ranks `rankBy: 'lab'` digests; without it they compose as topic digests. */
  labFeed?: LabFeed;
}

/** How many of a topic's matches a lab-ranked digest ranks by taste. */
export const LAB_TOPIC_CANDIDATES = 1000;

/** How many search hits a topic digest looks through before filtering out papers already posted. */
export const TOPIC_CANDIDATES = 200;

/**
 * Picks up to `count` papers for `sub` on the day of `at`. Order: first-seen time, newest first
 * (a batch of new papers shares one time, so within it the best match wins), then search score,
 * then publication date, then id (so equal cases are stable).
 */
export async function composeDigest(sub: Subscription, at: Date, deps: ComposeDeps): Promise<Digest> {
  const { library, ledger } = deps;
  const posted = await ledger.postedIn({ teamId: sub.teamId ?? '', channel: sub.channel });
  const topic = sub.topic.trim();
  const day = { subscription: sub, localDate: localDate(at, sub.timezone), dateLabel: dateLabel(at, sub.timezone) };
  let taste: TasteSummary | undefined;
  if (sub.rankBy === 'lab' && deps.labFeed) {
    const among = topic ? library.index.search(topic, { limit: LAB_TOPIC_CANDIDATES, offset: 0 }).hits.map((h) => h.paper.id) : undefined;
    const ranking = await deps.labFeed.rank({ teamId: sub.teamId ?? '', channel: sub.channel, limit: sub.count, among, exclude: posted });
    taste = ranking.taste;
    if (!taste.cold) {
      const why = new Map(ranking.picks.map((p) => [p.paper.id, p.why]));
      return { ...day, hits: ranking.picks.map((p) => library.hitFor(p.paper, topic)), taste, why };
    }
    // Nothing to learn from yet: the topic's newest matches, or the paper of the day, and the digest says so.
  }
  const seen = library.firstSeen();
  let hits: Hit[];
  if (topic) {
    const order = (a: Hit, b: Hit) =>
      (seen.get(b.paper.id) ?? '').localeCompare(seen.get(a.paper.id) ?? '') || b.score - a.score || dayKey(b.paper) - dayKey(a.paper) || a.paper.id.localeCompare(b.paper.id);
    const fresh = library.index.search(topic, { limit: TOPIC_CANDIDATES, offset: 0 }).hits.filter((h) => !posted.has(h.paper.id));
    hits = fresh.sort(order).slice(0, sub.count);
  } else {
    // Paper of the day: the same order over every unposted paper, from the ids and dates in memory; Hits (snippets)
    // only for the few shown.
    hits = library.newest(sub.count, (id) => posted.has(id)).map((p) => library.hitFor(p));
  }
  return { ...day, hits, ...(taste ? { taste } : {}) };
}
