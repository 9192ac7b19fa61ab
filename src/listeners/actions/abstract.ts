// "Show abstract" / "Hide abstract": expands or collapses a card in place, or sends the abstract on public surfaces.
import { abstractMessage } from '../../blocks/index.ts';
import { unknownPaper } from '../answers.ts';
import type { Services } from '../services.ts';
import { answerClick, clickState, editsInPlace, pageFor, staleButton, type ButtonArgs } from './click.ts';

export async function showAbstract({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId) return answerClick(respond, staleButton(), false);
  if (editsInPlace(state)) return answerClick(respond, pageFor(services, state, { expandedId: state.paperId }), true);
  const paper = services.index.get(state.paperId);
  await answerClick(respond, paper ? abstractMessage(paper) : unknownPaper(state.paperId), false);
}

export async function hideAbstract({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state) return answerClick(respond, staleButton(), false);
  await answerClick(respond, pageFor(services, state, { expandedId: undefined }), editsInPlace(state));
}
