// app_home_opened: publishes the user's Home tab (reading list, export, digests, the library at a glance).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { publishHome } from '../reading-list.ts';
import type { Services } from '../services.ts';

export type AppHomeArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>;

export async function appHomeOpened({ event, body, client }: AppHomeArgs, services: Services): Promise<void> {
  // The Messages tab opens this event too; only the Home tab has a view to publish.
  if (event.tab !== 'home') return;
  const teamId = (body as { team_id?: string }).team_id ?? '';
  await publishHome(client, services, { teamId, userId: event.user });
}
