// The search modal's submit: the results replace the modal's content (response_action update), with paging and Save.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { SEARCH_INPUT } from '../../blocks/home.ts';
import { clicker } from '../actions/click.ts';
import { searchModal } from '../actions/home.ts';
import type { Services } from '../services.ts';

export type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

export async function searchSubmitted({ ack, body, view }: ViewArgs, services: Services): Promise<void> {
  const query = String(view.state.values[SEARCH_INPUT.block]?.[SEARCH_INPUT.action]?.value ?? '').trim();
  if (!query) {
    await ack({ response_action: 'errors', errors: { [SEARCH_INPUT.block]: 'Type a few words to search for.' } });
    return;
  }
  const who = clicker(body);
  await ack({ response_action: 'update', view: (await searchModal(services, who, query)) as any });
}
