// Chooses a digest's papers: matching the topic, never posted in the channel, newest additions first, then best match.
import type { Hit } from '../search/results.ts';
import type { Catalogue } from './catalogue.ts';
import type { Ledger } from './ledger.ts';
import { dateLabel, localDate } from './schedule.ts';
import type { Subscription } from './subscription.ts';

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
export function composeDigest(sub: Subscription, at: Date, catalogue: Catalogue, ledger: Ledger): Digest {
  const posted = ledger.postedIn(sub.channel);
  const seen = catalogue.firstSeen();
  const topic = sub.topic.trim();
  const candidates: Hit[] = topic
    ? catalogue.index.search(topic, { limit: TOPIC_CANDIDATES, offset: 0 }).hits
    : [...catalogue.all()].map((p) => catalogue.hitFor(p));
  const fresh = candidates.filter((h) => !posted.has(h.paper.id));
  fresh.sort(
    (a, b) =>
      (seen.get(b.paper.id) ?? '').localeCompare(seen.get(a.paper.id) ?? '') ||
      b.score - a.score ||
      (b.paper.date ?? String(b.paper.year ?? '')).localeCompare(a.paper.date ?? String(a.paper.year ?? '')) ||
      a.paper.id.localeCompare(b.paper.id),
  );
  return { subscription: sub, localDate: localDate(at, sub.timezone), dateLabel: dateLabel(at, sub.timezone), hits: fresh.slice(0, sub.count) };
}
