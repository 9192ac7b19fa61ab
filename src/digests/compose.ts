// Chooses a digest's papers: matching the topic, never posted in the channel, newest additions first, then best match.
import type { Paper } from '../papers/paper.ts';
import type { Hit } from '../search/results.ts';
import type { Library } from '../library/library.ts';
import type { Ledger } from '../store/ledger.ts';
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
}

/** How many search hits a topic digest looks through before filtering out papers already posted. */
export const TOPIC_CANDIDATES = 200;

/**
 * Picks up to `count` papers for `sub` on the day of `at`. Order: first-seen time, newest first
 * (a batch of new papers shares one time, so within it the best match wins), then search score,
 * then publication date, then id (so equal cases are stable).
 */
export function composeDigest(sub: Subscription, at: Date, library: Library, ledger: Ledger): Digest {
  const posted = ledger.postedIn(sub.channel);
  const seen = library.firstSeen();
  const topic = sub.topic.trim();
  const order = (a: Paper, b: Paper, scoreA = 0, scoreB = 0) =>
    (seen.get(b.id) ?? '').localeCompare(seen.get(a.id) ?? '') ||
    scoreB - scoreA ||
    (b.date ?? String(b.year ?? '')).localeCompare(a.date ?? String(a.year ?? '')) ||
    a.id.localeCompare(b.id);
  let hits: Hit[];
  if (topic) {
    const fresh = library.index.search(topic, { limit: TOPIC_CANDIDATES, offset: 0 }).hits.filter((h) => !posted.has(h.paper.id));
    hits = fresh.sort((a, b) => order(a.paper, b.paper, a.score, b.score)).slice(0, sub.count);
  } else {
    // Paper of the day: order every unposted paper, and build Hits (snippets) only for the few shown.
    const fresh = [...library.all()].filter((p) => !posted.has(p.id));
    hits = fresh
      .sort((a, b) => order(a, b))
      .slice(0, sub.count)
      .map((p) => library.hitFor(p));
  }
  return { subscription: sub, localDate: localDate(at, sub.timezone), dateLabel: dateLabel(at, sub.timezone), hits };
}
