// The reading list for listeners: `/paper saved` pages, the App Home view of one user, and republishing it.
import type { webApi } from '@slack/bolt';
import { errorMessage, type Message } from '../blocks/index.ts';
import { HOME_SAVED_PAGE, homeView, type HomeDigest } from '../blocks/home.ts';
import type { View } from '../blocks/limits.ts';
import { readingListMessage } from '../blocks/saved.ts';
import { localDateTime, nextRunAfter } from '../digests/schedule.ts';
import type { Paper } from '../papers/paper.ts';
import { cutQuery, PAGE_SIZE, paperById, stillIndexing } from './answers.ts';
import { classifySlackError } from '../slack/failure.ts';
import type { Services } from './services.ts';

/** Whose list: a person in a workspace ('' when Slack did not say). */
export interface Reader {
  teamId: string;
  userId: string;
}

/** Most search matches a `/paper saved <words>` filter looks through. */
const FILTER_MATCHES = 1000;

/** A saved id whose paper left the library (corpus file edited): still listed, so it can be removed. */
function gonePaper(id: string): Paper {
  return { id, title: `${id} (no longer in the library)`, authors: [], abstract: '', links: [], source: { file: '' } };
}


/** `/paper saved [words]`: the reader's saved papers, newest first, `words` narrowing them like a search. */
export async function readingListAnswer(services: Services, who: Reader, words: string, offset = 0, limit = PAGE_SIZE): Promise<Message> {
  if (!services.saved) return errorMessage('Reading lists are not enabled on this paperbot.');
  if (!services.health.ready) return stillIndexing();
  const query = cutQuery(words).query;
  let ids = (await services.saved.list(who.teamId, who.userId)).map((s) => s.paperId);
  if (query) {
    const matches = new Set(services.index.search(query, { limit: FILTER_MATCHES, offset: 0 }).hits.map((h) => h.paper.id));
    ids = ids.filter((id) => matches.has(id));
  }
  const papers = ids.map((id) => paperById(services, id));
  const known = papers.filter((p): p is Paper => !!p);
  const hits = known.slice(offset, offset + limit).map((p) => services.index.hitFor(p, query));
  return readingListMessage({ hits, total: known.length, offset, limit, query, missing: papers.length - known.length });
}

/** The App Home of `who`, reading-list page at `offset`. */
export async function homeFor(services: Services, who: Reader, offset = 0): Promise<View> {
  const saved = services.saved;
  const total = (await saved?.count(who.teamId, who.userId)) ?? 0;
  const start = offset < total ? offset : 0;
  const page = (await saved?.list(who.teamId, who.userId, { offset: start, limit: HOME_SAVED_PAGE })) ?? [];
  const now = services.now?.() ?? new Date();
  const digests: HomeDigest[] = ((await services.homeDigests?.visibleTo(who.teamId, who.userId)) ?? []).map((sub) => {
    if (sub.status === 'paused') return { sub };
    try {
      return { sub, next: `${localDateTime(nextRunAfter(sub, now), sub.timezone)} ${sub.timezone}` };
    } catch {
      return { sub };
    }
  });
  return homeView({
    saved: page.map((s) => paperById(services, s.paperId) ?? gonePaper(s.paperId)),
    savedTotal: total,
    savedOffset: start,
    digests,
    library: { papers: services.index.size, newest: newestAddition(services), lastPoll: (await services.lastPoll?.())?.toISOString(), indexing: !services.health.ready },
  });
}

/** The paper the bot saw last (from a feed or a changed corpus file), by first-seen time. */
function newestAddition(services: Services): { title: string; at: string } | undefined {
  const last = services.library?.lastSeen();
  const paper = last && paperById(services, last.id);
  return paper && last ? { title: paper.title || paper.id, at: last.at } : undefined;
}

/** views.publish of `who`'s Home. */
export async function publishHome(client: webApi.WebClient, services: Services, who: Reader, offset = 0): Promise<void> {
  await client.views.publish({ user_id: who.userId, view: (await homeFor(services, who, offset)) as any });
}

/**
 * After a save or remove made elsewhere (a card, `/paper saved`), the Home tab is published again so it never shows
 * a stale list. A failure is logged, not shown: the click itself worked.
 */
export async function republishHome(client: webApi.WebClient, services: Services, who: Reader): Promise<void> {
  try {
    await publishHome(client, services, who);
  } catch (err) {
    services.log.warn({ event: 'home_publish_failed', user: who.userId, error: classifySlackError(err).code }, 'could not republish the App Home');
  }
}
