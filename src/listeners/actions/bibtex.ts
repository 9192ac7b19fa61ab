// "BibTeX": the paper's BibTeX entry, as a new ephemeral message.
import { bibtexMessage } from '../../blocks/index.ts';
import { unknownPaper } from '../answers.ts';
import type { Services } from '../services.ts';
import { answerClick, clickState, staleButton, type ButtonArgs } from './click.ts';

export async function showBibtex({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId) return answerClick(respond, staleButton(), false);
  const paper = services.index.get(state.paperId);
  await answerClick(respond, paper ? bibtexMessage(paper) : unknownPaper(state.paperId), false);
}
