// A "Did you mean" button: runs the suggested query.
import type { Services } from '../services.ts';
import { answerClick, clickState, editsInPlace, pageFor, staleButton, type ButtonArgs } from './click.ts';

export async function runSuggestion({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state) return answerClick(respond, staleButton(), false);
  await answerClick(respond, pageFor(services, state, { offset: 0, expandedId: undefined, likeId: undefined }), editsInPlace(state));
}
