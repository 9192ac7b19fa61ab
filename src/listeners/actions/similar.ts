// "More like this": a new ephemeral list of papers similar to the card's paper.
import { similarAnswer } from '../answers.ts';
import type { Services } from '../services.ts';
import { answerClick, clickState, staleButton, type ButtonArgs } from './click.ts';

export async function moreLikeThis({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state?.paperId) return answerClick(respond, staleButton(), false);
  await answerClick(respond, similarAnswer(services, state.paperId, { surface: 'similar' }), false);
}
