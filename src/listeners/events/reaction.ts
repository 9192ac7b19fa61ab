// 👍/👎 (+1/-1) reactions on a bot message that shows one paper count as that channel's Relevant / Not for us.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../services.ts';

export type ReactionArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'>;

/** `+1`, `thumbsup` and skin-toned variants (`+1::skin-tone-3`) are 👍; `-1`, `thumbsdown` are 👎; others mean nothing here. */
export function reactionVote(name: string): 1 | -1 | undefined {
  const base = name.split('::')[0];
  if (base === '+1' || base === 'thumbsup') return 1;
  if (base === '-1' || base === 'thumbsdown') return -1;
  return undefined;
}

export async function reactionChanged({ event, body }: ReactionArgs, services: Services): Promise<void> {
  const value = reactionVote(event.reaction);
  if (!value || !services.feedback || event.item.type !== 'message') return;
  const teamId = (body as { team_id?: string }).team_id ?? '';
  // Only messages the bot posted with exactly one paper are remembered (shared cards, one-paper digests).
  const paperId = await services.feedback.paperOfMessage(teamId, event.item.channel, event.item.ts);
  if (!paperId) return;
  const key = { teamId, channel: event.item.channel, userId: event.user, paperId };
  if (event.type === 'reaction_added') await services.feedback.vote(key, value, 'reaction', services.now?.() ?? new Date());
  else await services.feedback.unvoteReaction(key, value);
  services.log.info({ event: 'feedback', source: 'reaction', channel: event.item.channel, user: event.user, paper: paperId, value, removed: event.type === 'reaction_removed' }, 'reaction counted');
}
