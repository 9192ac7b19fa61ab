// "Next results" and "Previous results": another page of the same search (or "papers like" list).
import type { Services } from '../services.ts';
import { answerClick, clickState, editsInPlace, pageFor, staleButton, type ButtonArgs } from './click.ts';

export async function nextResults({ ack, action, respond }: ButtonArgs, services: Services): Promise<void> {
  await ack();
  const state = clickState(action);
  if (!state) return answerClick(respond, staleButton(), false);
  // The value already holds the page's offset (next or previous); no card is expanded on a fresh page.
  await answerClick(respond, pageFor(services, state, { expandedId: undefined }), editsInPlace(state));
}
