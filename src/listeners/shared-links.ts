// The answers about shared paper links: `/paper shared …` (what the lab shared) and `/paper forget <link>`.
import { unlessStoreDown } from './degrade.ts';
import type { Share } from '../store/index.ts';
import { errorMessage, type Message } from '../blocks/index.ts';
import { forgetUsageMessage, forgottenMessage, nothingToForgetMessage, sharedListMessage, withShares } from '../blocks/shared.ts';
import { linkRefKey, parseLinkRef } from '../search/paper-ref.ts';
import { stillIndexing, cutQuery } from './answers.ts';
import type { Services } from './services.ts';

/** Papers a `/paper shared` list shows at most (cards of one message). */
export const SHARED_LIMIT = 10;

/** `/paper shared [today|week|month] [words]`: the workspace's shared papers, newest first, within the words' matches. */
export async function sharedAnswer(services: Services, teamId: string, period: 'today' | 'week' | 'month' | 'all', words: string): Promise<Message> {
  if (!services.health.ready) return stillIndexing();
  const topic = cutQuery(words).query;
  const now = services.now?.() ?? new Date();
  if (!services.links) return sharedListMessage({ period, words: topic, items: [] });
  const among = topic ? new Set(services.index.search(topic, { limit: 1000, offset: 0 }).hits.map((h) => h.paper.id)) : undefined;
  const items = (await services.links.memory.list(teamId, period, now, among, SHARED_LIMIT)).map(({ paper, share }) => ({
    hit: services.index.hitFor(paper, topic),
    shared: { userId: share.userId, channel: share.channel, at: share.at, now },
  }));
  return sharedListMessage({ period, words: topic, items });
}

/** `/paper forget <link>`: removes the asker's own share(s) of the paper the link names, and the 👍 they gave. */
export async function forgetAnswer(services: Services, teamId: string, userId: string, link: string): Promise<Message> {
  const ref = parseLinkRef(link);
  if (!ref) return forgetUsageMessage();
  if (!services.links) return errorMessage('Shared links are not remembered on this paperbot.');
  const paperId = await paperIdOf(services, ref);
  const channels = paperId ? await services.links.memory.forget(teamId, userId, paperId) : [];
  return channels.length ? forgottenMessage(channels) : nothingToForgetMessage(link);
}

/** The id the paper was remembered under: the library's paper for the identifier, else the cached lookup's. */
async function paperIdOf(services: Services, ref: NonNullable<ReturnType<typeof parseLinkRef>>): Promise<string | undefined> {
  if (!('openreviewId' in ref)) {
    const found = services.index.search('arxivId' in ref ? ref.arxivId : ref.doi, { limit: 1 });
    if (found.lookup && found.hits[0]) return found.hits[0].paper.id;
  }
  return services.links?.lookup.cachedId(linkRefKey(ref));
}

/**
 * A page's cards with "shared by … in … · date" for papers someone in the workspace shared a link to (search,
 * similar, mention and DM answers are rendered without knowing the workspace).
 */
export async function markShares(services: Services, teamId: string, message: Message): Promise<Message> {
  const memory = services.links?.memory;
  if (!memory) return message;
  const now = services.now?.() ?? new Date();
  // The store is async and withShares is not: one pass learns which papers the cards show, then their shares are read.
  const shown = new Set<string>();
  withShares(message, (paperId) => void shown.add(paperId));
  const latest = new Map<string, Share>();
  const read = async () => {
    for (const paperId of shown) {
      const share = await memory.latest(teamId, paperId);
      if (share) latest.set(paperId, share);
    }
  };
  await unlessStoreDown(read, undefined, services.log, '"shared by" lines');
  return withShares(message, (paperId) => {
    const share = latest.get(paperId);
    return share && { userId: share.userId, channel: share.channel, at: share.at, now };
  });
}
