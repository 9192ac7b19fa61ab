// Save / Saved ✓ on a card: puts the paper on the clicker's reading list or takes it off, then redraws what they see.
import { savedNoted } from '../../blocks/saved.ts';
import { unknownPaper, paperById } from '../answers.ts';
import { readingListAnswer, republishHome } from '../reading-list.ts';
import type { Services } from '../services.ts';
import { answerClick, clicker, clickState, editsInPlace, pageFor, staleButton, type ButtonArgs } from './click.ts';

async function toggle({ ack, action, respond, body, client }: ButtonArgs, services: Services, save: boolean): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId || !services.saved) return answerClick(respond, staleButton(), false);
  const paper = paperById(services, state.paperId);
  // Taking a paper off works even when it left the library; saving one needs it.
  if (save && !paper) return answerClick(respond, unknownPaper(state.paperId), false);
  const who = clicker(body);
  const key = { ...who, paperId: state.paperId };
  // The channel a save counts for in the lab feed; an ephemeral click names it only in its container.
  const channel = body.channel?.id ?? body.container?.channel_id ?? '';
  if (save) await services.saved.save(key, channel, services.now?.() ?? new Date());
  else await services.saved.remove(key);
  if (state.surface === 'saved') await answerClick(respond, await readingListAnswer(services, who, state.query, state.offset, state.limit), true);
  // The page is redrawn; the listener's respond marks every Save button by the clicker's list (actions/index.ts).
  else if (editsInPlace(state)) await answerClick(respond, pageFor(services, state), true);
  else await answerClick(respond, savedNoted(paper?.title ?? state.paperId, save, action.value ?? ''), false);
  await republishHome(client, services, who);
}

export const savePaper = (args: ButtonArgs, services: Services) => toggle(args, services, true);
export const unsavePaper = (args: ButtonArgs, services: Services) => toggle(args, services, false);

/** `/paper saved` paging: the list at the button's offset, in place. */
export async function savedPage({ ack, action, respond, body }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state) return answerClick(respond, staleButton(), false);
  const who = clicker(body);
  await answerClick(respond, await readingListAnswer(services, who, state.query, state.offset, state.limit), true);
}
