// A direct message to the bot (message.im): the text is the query, answered in the DM.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { conversationAnswer } from '../conversation.ts';
import { parsePaperRequest, stripBotMention } from '../paper-request.ts';
import type { Services } from '../services.ts';

export type MessageArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>;

export async function directMessage({ event, client, context }: MessageArgs, services: Services): Promise<void> {
  // Only plain user messages in a DM: edits, joins and other subtypes, and bots (including our own
  // answers, which Slack also delivers as message.im), are not questions.
  if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
  const request = parsePaperRequest(stripBotMention(event.text ?? '', context.botUserId));
  const message = await conversationAnswer(services, request, { teamId: context.teamId ?? '', channel: event.channel, userId: event.user, where: 'dm' });
  await client.chat.postMessage({ channel: event.channel, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}), ...message });
}
