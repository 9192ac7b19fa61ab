// link_shared: an arXiv, doi.org or openreview.net link was posted (or typed in the composer). Answer with chat.unfurl
// (a compact paper card per link) and, for a posted message in a channel the bot is in, remember the share.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { unfurlFor, type Unfurl } from '../../blocks/unfurl.ts';
import type { Paper } from '../../papers/paper.ts';
import { parseLinkRef } from '../../search/paper-ref.ts';
import type { Services } from '../services.ts';
import { classifySlackError } from '../../slack/failure.ts';

export type LinkSharedArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'link_shared'>;

/** Links unfurled per message at most: Slack itself shows only a few previews per message. */
export const MAX_LINKS = 5;

/**
 * Never throws: a failed lookup (or a failed chat.unfurl) means no unfurl and a logged warning, never an error shown
 * in the channel. Slack sends no link_shared for the app's own messages; a bot post that shows a paper (a shared
 * card, a one-paper digest) is skipped as well, since it already has a card.
 */
export async function linkShared({ event, client, context, body }: LinkSharedArgs, services: Services): Promise<void> {
  const links = services.links;
  if (!links || !services.health.ready) return;
  const teamId = (body as { team_id?: string }).team_id ?? context.teamId ?? '';
  if (event.user === context.botUserId) return;
  if (await services.feedback?.paperOfMessage(teamId, event.channel, event.message_ts)) return;
  const composer = event.source === 'composer';
  // Remembered only when the message was posted (not while typed) in a conversation the bot is a member of.
  const remember = !composer && event.is_bot_user_member === true;
  const now = services.now?.() ?? new Date();
  const wanted = [...new Map(event.links.map((l) => [l.url, parseLinkRef(l.url)])).entries()].filter((e): e is [string, NonNullable<ReturnType<typeof parseLinkRef>>] => !!e[1]).slice(0, MAX_LINKS);
  const answers = await Promise.all(wanted.map(async ([url, ref]) => [url, await links.lookup.resolve(ref)] as const));
  const unfurls: Record<string, Unfurl> = {};
  for (const [url, answer] of answers) {
    if (answer.status !== 'found') {
      if (answer.status === 'missing') services.log.info({ event: 'unfurl_skipped', url, reason: 'no such paper' }, 'no paper for link; not unfurled');
      continue;
    }
    const paper: Paper = answer.paper;
    if (remember) await links.memory.remember({ teamId, channel: event.channel, messageTs: event.message_ts, userId: event.user, paperId: paper.id, url, at: now }, paper);
    const inLibrary = !!services.library?.get(paper.id);
    unfurls[url] = unfurlFor(inLibrary ? (services.library!.get(paper.id) as Paper) : paper, { buttons: inLibrary });
  }
  if (Object.keys(unfurls).length === 0) return;
  const target = composer && event.unfurl_id ? { unfurl_id: event.unfurl_id, source: 'composer' as const } : { channel: event.channel, ts: event.message_ts };
  try {
    await client.chat.unfurl({ ...target, unfurls } as Parameters<typeof client.chat.unfurl>[0]);
  } catch (err) {
    services.log.warn({ event: 'unfurl_failed', channel: event.channel, error: classifySlackError(err).code }, 'chat.unfurl failed; no unfurl');
  }
}
