// What a mention or a DM answers, for every /paper form: the same answers as the slash command, posted as a message.
import { errorMessage, helpMessage, type Message } from '../blocks/index.ts';
import { digestHowTo, forUsAnswer, searchAnswer, similarAnswer } from './answers.ts';
import type { PaperRequest } from './paper-request.ts';
import { readingListAnswer } from './reading-list.ts';
import type { Services } from './services.ts';
import { forgetAnswer, markShares, sharedAnswer } from './shared-links.ts';

export interface Conversation {
  teamId: string;
  channel: string;
  userId: string;
  /** `mention`: a thread everyone in the channel sees; `dm`: the person's DM with the bot. */
  where: 'mention' | 'dm';
}

/**
 * The answer to a mention or DM. Forms whose answer is the asker's own (the reading list, forgetting a share) are
 * answered in a DM and pointed to `/paper` in a channel thread, where everyone would see them; charts need the
 * upload that `/paper trends` does.
 */
export async function conversationAnswer(services: Services, request: PaperRequest, c: Conversation): Promise<Message> {
  const userId = c.where === 'mention' ? c.userId : undefined;
  let message: Message;
  switch (request.kind) {
    case 'search':
      message = searchAnswer(services, request.text, { surface: 'mention', userId });
      break;
    case 'like':
      message = similarAnswer(services, request.paperId, { surface: 'mention' });
      break;
    case 'forUs':
      message = await forUsAnswer(services, { teamId: c.teamId, channel: c.channel }, request.text);
      break;
    case 'shared':
      return sharedAnswer(services, c.teamId, request.period, request.text);
    case 'saved':
      if (c.where === 'mention') return errorMessage('Your reading list is yours: `/paper saved` shows it only to you (or open my Home tab).');
      message = await readingListAnswer(services, { teamId: c.teamId, userId: c.userId }, request.text);
      break;
    case 'forget':
      if (c.where === 'mention') return errorMessage('Use `/paper forget <link>` here: the answer is only for you.');
      return forgetAnswer(services, c.teamId, c.userId, request.link);
    case 'trends':
      return errorMessage('Charts are made with `/paper trends <words>`: I send the picture to your DM (add `share` to post it here).');
    case 'digest':
      return digestHowTo();
    case 'help':
      return helpMessage();
  }
  return markShares(services, c.teamId, message);
}
