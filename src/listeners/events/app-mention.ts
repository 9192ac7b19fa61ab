// @paperbot <query> in a channel: answered in that message's thread, visible to everyone there.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../blocks/index.ts';
import { digestHowTo, forUsAnswer, searchAnswer, similarAnswer } from '../answers.ts';
import { parsePaperRequest, stripBotMention } from '../paper-request.ts';
import type { Services } from '../services.ts';
import { markShares } from '../shared-links.ts';

export type MentionArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>;

export async function appMention({ event, client, context }: MentionArgs, services: Services): Promise<void> {
  // Another bot mentioning us could start a reply loop.
  if (event.bot_id) return;
  const request = parsePaperRequest(stripBotMention(event.text ?? '', context.botUserId));
  const message =
    request.kind === 'search'
      ? searchAnswer(services, request.text, { surface: 'mention', userId: event.user })
      : request.kind === 'like'
        ? similarAnswer(services, request.paperId, { surface: 'mention' })
        : request.kind === 'digest'
          ? digestHowTo()
          : request.kind === 'forUs'
            ? forUsAnswer(services, { teamId: context.teamId ?? '', channel: event.channel }, request.text)
            : helpMessage();
  // A mention inside a thread is answered in that thread; a top-level one starts a thread under it.
  await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...markShares(services, context.teamId ?? '', message) });
}
