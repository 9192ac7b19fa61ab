// 👍 Relevant / 👎 Not for us on a card: one vote per person and channel, counts shown on the public post, a note for the clicker.
import { feedbackNoted, withVoteCounts, type KnownBlock } from '../../blocks/index.ts';
import { unknownPaper, paperById } from '../answers.ts';
import type { Services } from '../services.ts';
import { answerClick, clicker, clickState, staleButton, type ButtonArgs } from './click.ts';

/** Records the clicker's vote for the channel the card is in; the next ranking of that channel reads it. */
async function vote({ ack, action, respond, client, body }: ButtonArgs, services: Services, value: 1 | -1): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId || !services.feedback) return answerClick(respond, staleButton(), false);
  const paper = paperById(services, state.paperId);
  if (!paper) return answerClick(respond, unknownPaper(state.paperId), false);
  const channel = body.channel?.id ?? body.container?.channel_id ?? '';
  const { teamId } = clicker(body);
  await services.feedback.vote({ teamId, channel, userId: body.user.id, paperId: paper.id }, value, 'button', services.now?.() ?? new Date());
  // A public post (a digest) is relabelled for everyone; an ephemeral list has no `message` and only gets the note.
  const message = body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
  if (message?.ts && message.blocks && channel) {
    const tally = await services.feedback.tally(teamId, channel, paper.id);
    await client.chat.update({ channel, ts: message.ts, text: message.text ?? '', blocks: withVoteCounts(message.blocks, action.value ?? '', tally) });
  }
  await answerClick(respond, feedbackNoted(paper.title, value, channel), false);
}

export const markRelevant = (args: ButtonArgs, services: Services) => vote(args, services, 1);
export const markNotForUs = (args: ButtonArgs, services: Services) => vote(args, services, -1);
