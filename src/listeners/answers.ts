// The answers every listener shares: a page of search results, a "papers like" list (or how to ask for one), and readiness.
import { errorMessage, forUsMessage, searchMessage, similarMessage, type Message, type Surface } from '../blocks/index.ts';
import { likeUsageMessage, noTitleMatchMessage } from '../blocks/like-messages.ts';
import { exampleRefs, findPaper } from '../search/paper-lookup.ts';
import { parsePaperRef } from '../search/paper-ref.ts';
import { cutQuery as cutSearchQuery } from '../search/query.ts';
import type { Paper } from '../papers/paper.ts';
import type { Services } from './services.ts';
import { tallies } from '../digests/compose.ts';

/** Cards per page. */
export const PAGE_SIZE = 5;


export interface PageRequest {
  surface: Surface;
  offset?: number;
  limit?: number;
  expandedId?: string;
  /** Who asked, named in the header on public surfaces. */
  userId?: string;
  /** The query was already cut earlier (a button value carrying a cut query). */
  truncated?: boolean;
}

/**
 * Cuts what was typed to the one query cap (MAX_QUERY_CHARS in src/search/query.ts). Slack lets a slash command
 * carry far more (a pasted abstract); longer input is cut here, at a word, and the answer says so.
 */
export function cutQuery(text: string): { query: string; truncated: boolean } {
  const { text: query, truncated } = cutSearchQuery(text);
  return { query, truncated };
}

/** A paper by id: the library's (corpus, feeds, shared links), else the index's. */
export function paperById(services: Services, id: string): Paper | undefined {
  return services.library?.get(id) ?? services.index.get(id);
}

export function stillIndexing(): Message {
  return errorMessage("I'm still indexing the library — try again in a few seconds.");
}

/** A page of search results for `text` (the search handles arXiv ids/URLs, filters and did-you-mean). */
export function searchAnswer(services: Services, text: string, req: PageRequest): Message {
  if (!services.health.ready) return stillIndexing();
  const { query, truncated } = cutQuery(text);
  const limit = req.limit ?? PAGE_SIZE;
  const results = services.index.search(query, { limit, offset: req.offset ?? 0 });
  if (truncated || req.truncated) results.truncated = true;
  return searchMessage(results, { limit, query, surface: req.surface, expandedId: req.expandedId, userId: req.userId });
}

/**
 * Papers like `ref`: a paper id (buttons carry those), a pasted arXiv id, link or DOI, or a title typed after
 * `/paper like` (exact, else close enough; see search/paper-lookup.ts). Nothing typed gets the usage with
 * examples from this library; an identifier not in the library gets the search's "not in the library"; words
 * that are no title say so and how to search them instead.
 */
export function similarAnswer(services: Services, ref: string, req: PageRequest): Message {
  if (!services.health.ready) return stillIndexing();
  const text = cutQuery(ref).query;
  if (!text) return likeUsageMessage(exampleRefs(services.index));
  const found = findPaper(services.index, text);
  if (!found) {
    if (parsePaperRef(text)) return searchAnswer(services, text, { surface: req.surface === 'similar' ? 'search' : req.surface });
    // One word is likelier a paper id (an old button's paper, since removed) than a title.
    return /\s/.test(text) ? noTitleMatchMessage(text) : unknownPaper(text);
  }
  const limit = req.limit ?? PAGE_SIZE;
  const results = services.index.similar(found.paper.id, { limit, offset: req.offset ?? 0 });
  return similarMessage(found.paper, results, { limit, surface: req.surface, expandedId: req.expandedId });
}

/**
 * The corpus id of the paper `ref` names (a paper id, arXiv id or link, DOI, or title), as `similarAnswer`
 * resolves it. Cards never show corpus ids, so in Slack the others are what people paste or type.
 */
export function resolvePaperId(services: Services, ref: string): string | undefined {
  return findPaper(services.index, cutQuery(ref).query)?.paper.id;
}

export function unknownPaper(paperId: string): Message {
  const shown = paperId.length > 80 ? `${paperId.slice(0, 80)}…` : paperId;
  return errorMessage(`There is no paper "${shown}" in the library (it may have been removed). Search for it with /paper <words>.`);
}

/** `digest …` typed in a mention or a DM: digests belong to a channel and are managed with the slash command. */
export function digestHowTo(): Message {
  return errorMessage('Digests are set up per channel with the slash command: `/paper digest add <topic>` in the channel that should get them (`/paper help` for the options).');
}

/** Papers a `/paper for us` list shows. */
export const FOR_US_LIMIT = 5;

/**
 * `/paper for us [words]`: the best new papers for this channel by its taste (its library and 👍/👎), within the
 * words' matches when given, never one already posted here by a digest; each card says why.
 */
export async function forUsAnswer(services: Services, where: { teamId: string; channel: string }, words: string): Promise<Message> {
  if (!services.health.ready) return stillIndexing();
  if (!services.labFeed || !services.library) return errorMessage('The lab feed is not enabled on this paperbot.');
  const topic = cutQuery(words).query;
  const among = topic ? services.index.search(topic, { limit: 1000, offset: 0 }).hits.map((h) => h.paper.id) : undefined;
  const exclude = await services.postedIn?.(where);
  const ranking = await services.labFeed.rank({ ...where, limit: FOR_US_LIMIT, among, exclude });
  // New papers there were to rank: the library's own are what the feed learns from, never candidates.
  const library = services.library;
  const candidates = among ? among.filter((id) => !library.inCorpus(id)).length : library.newPaperCount;
  const hits = ranking.picks.map((p) => services.index.hitFor(p.paper, topic));
  const votes = services.feedback && (await tallies(services.feedback, where.teamId, where.channel, hits.map((h) => h.paper.id)));
  return forUsMessage({ channel: where.channel, topic, hits, why: new Map(ranking.picks.map((p) => [p.paper.id, p.why])), votes, taste: ranking.taste, candidates });
}
