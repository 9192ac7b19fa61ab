// A direct message to the bot (message.im): the text is the query, answered in the DM.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../blocks/index.ts';
import { digestHowTo, forUsAnswer, searchAnswer, similarAnswer } from '../answers.ts';
import { parsePaperRequest, stripBotMention } from '../paper-request.ts';
import type { Services } from '../services.ts';
import { markShares } from '../shared-links.ts';

export type MessageArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>;

export async function directMessage({ event, client, context }: MessageArgs, services: Services): Promise<void> {
  // Only plain user messages in a DM: edits, joins and other subtypes, and bots (including our own
  // answers, which Slack also delivers as message.im), are not questions.
  if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
  const request = parsePaperRequest(stripBotMention(event.text ?? '', context.botUserId));
  const message =
    request.kind === 'search'
      ? searchAnswer(services, request.text, { surface: 'mention' })
      : request.kind === 'like'
        ? similarAnswer(services, request.paperId, { surface: 'mention' })
        : request.kind === 'digest'
          ? digestHowTo()
          : request.kind === 'forUs'
            ? forUsAnswer(services, { teamId: context.teamId ?? '', channel: event.channel }, request.text)
            : helpMessage();
  await client.chat.postMessage({ channel: event.channel, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}), ...markShares(services, context.teamId ?? '', message) });
}
