// "Share to channel": posts the card publicly in the channel the button was clicked in, "shared by @user".
import type { Paper } from '../../papers/paper.ts';
import type { Hit } from '../../search/results.ts';
import { sharedCardMessage } from '../../blocks/index.ts';
import { unknownPaper } from '../answers.ts';
import type { Services } from '../services.ts';
import { answerClick, clicker, clickState, staleButton, type ButtonArgs } from './click.ts';

/** Characters of the abstract shown on a shared card (the query's marks mean nothing to the channel). */
const SHARED_SNIPPET = 300;

export async function shareToChannel({ ack, action, respond, client, body }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId) return answerClick(respond, staleButton(), false);
  const paper = services.index.get(state.paperId);
  if (!paper) return answerClick(respond, unknownPaper(state.paperId), false);
  const channel = body.channel?.id ?? body.container?.channel_id;
  // A Slack error here (not_in_channel, channel_not_found, ratelimited) reaches the clicker via the error boundary.
  const posted = await client.chat.postMessage({ channel, ...sharedCardMessage(sharedHit(paper), body.user.id), unfurl_links: false });
  // A 👍/👎 reaction on this one-paper post then counts for the channel's lab feed.
  if (posted.ts && channel) await services.feedback?.rememberMessage(clicker(body).teamId, channel, posted.ts, paper.id, services.now?.() ?? new Date());
}

/** A card for the channel: the start of the abstract as its snippet, no query marks. */
export function sharedHit(paper: Paper): Hit {
  const abstract = (paper.abstract ?? '').trim();
  let text = abstract.slice(0, SHARED_SNIPPET);
  if (abstract.length > SHARED_SNIPPET) text = `${text.replace(/\s+\S*$/, '')}…`;
  return { paper, score: 0, matches: {}, snippet: { text, marks: [] } };
}
