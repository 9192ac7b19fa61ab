// /paper: help, search, `like <id>`, `for us`, `digest …`, `shared …` and `forget <link>`, answered ephemerally through respond().
import { unlessStoreDown } from '../degrade.ts';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorMessage, helpMessage, type Message } from '../../blocks/index.ts';
import { forUsAnswer, searchAnswer, similarAnswer, stillIndexing } from '../answers.ts';
import { withSaved } from '../../blocks/saved.ts';
import { parsePaperRequest } from '../paper-request.ts';
import { readingListAnswer } from '../reading-list.ts';
import { trendsAnswer } from '../trends.ts';
import { forgetAnswer, markShares, sharedAnswer } from '../shared-links.ts';
import type { Services } from '../services.ts';

export type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/**
 * Slack wants the ack within 3 seconds, so it comes first and empty; the answer follows through
 * respond() (the command's response_url, valid for 30 minutes), which is ephemeral by default.
 */
export async function paperCommand({ command, ack, respond, client }: CommandArgs, services: Services): Promise<void> {
  await ack();
  const request = parsePaperRequest(command.text);
  let message: Message;
  switch (request.kind) {
    case 'help':
      message = helpMessage();
      break;
    case 'like':
      message = similarAnswer(services, request.paperId, { surface: 'similar' });
      break;
    case 'digest':
      // Adding or listing works at any time, but a preview before the papers are indexed would show an empty digest.
      message = !services.health.ready && /^\s*preview\b/i.test(request.text)
        ? stillIndexing()
        : services.digests
        ? await services.digests.command({ text: request.text, channelId: command.channel_id, userId: command.user_id, teamId: command.team_id ?? '', client })
        : errorMessage('Digests are not enabled on this paperbot.');
      break;
    case 'forUs':
      message = await forUsAnswer(services, { teamId: command.team_id ?? '', channel: command.channel_id }, request.text);
      break;
    case 'search':
      message = searchAnswer(services, request.text, { surface: 'search' });
      break;
    case 'shared':
      message = await sharedAnswer(services, command.team_id ?? '', request.period, request.text);
      break;
    case 'saved':
      message = await readingListAnswer(services, { teamId: command.team_id ?? '', userId: command.user_id }, request.text);
      break;
    case 'trends':
      message = await trendsAnswer(services, { words: request.text, share: request.share, channel: command.channel_id, userId: command.user_id, client });
      break;
    case 'forget':
      message = await forgetAnswer(services, command.team_id ?? '', command.user_id, request.link);
      break;
  }
  // Cards are rendered for anyone; the asker's saved papers read "Saved ✓", and papers the workspace shared say so
  // (a `/paper shared` list says it on every card already).
  const saved = services.saved;
  if (saved) message = withSaved(message, await unlessStoreDown(() => saved.ids(command.team_id ?? '', command.user_id), new Set<string>(), services.log, 'Saved marks'));
  if (request.kind !== 'shared') message = await markShares(services, command.team_id ?? '', message);
  await respond({ response_type: 'ephemeral', ...message });
}
