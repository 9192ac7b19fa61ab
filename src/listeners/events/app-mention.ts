// @paperbot <query> in a channel: answered in that message's thread, visible to everyone there.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { conversationAnswer } from '../conversation.ts';
import { parsePaperRequest, stripBotMention } from '../paper-request.ts';
import type { Services } from '../services.ts';

export type MentionArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>;

export async function appMention({ event, client, context }: MentionArgs, services: Services): Promise<void> {
  // Another bot mentioning us could start a reply loop.
  if (event.bot_id) return;
  const request = parsePaperRequest(stripBotMention(event.text ?? '', context.botUserId));
  const message = await conversationAnswer(services, request, { teamId: context.teamId ?? '', channel: event.channel, userId: event.user ?? '', where: 'mention' });
  // A mention inside a thread is answered in that thread; a top-level one starts a thread under it.
  await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...message });
}
