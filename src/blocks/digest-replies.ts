// Every digest text that is not a digest post: command replies, the subscription in words, the pause DM.
import type { Subscription, SubscriptionSettings } from '../store/subscriptions.ts';
import { digestMessage, type DigestMessageInput } from './digest-message.ts';
import type { Message } from './message.ts';
import { NO_FEED_YET } from './lab-feed.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { learnedFrom, type TasteSummary } from './taste.ts';

/** Usage of `/paper digest`, shown with corrections and for unknown subcommands. */
export const DIGEST_USAGE = [
  '*Daily paper digests for this channel*',
  '`/paper digest add [topic words] [at HH:MM] [tz Zone/Name] [daily|weekdays] [count 1-10] [notify-empty]`',
  '    defaults: 09:00 in your Slack time zone, weekdays, 3 papers; no topic = paper of the day',
  // Slack parses <…> even inside backticks, so the placeholders are escaped like any other text.
  '`/paper digest list` · `/paper digest remove &lt;id or topic&gt;` · `/paper digest resume &lt;id&gt;`',
  '`/paper digest preview [id or topic]` shows a digest only to you, without posting it',
].join('\n');

const quote = (s: string) => `"${escapeMrkdwn(s)}"`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Every weekday at 09:00 America/New_York, up to 3 papers on *robustness*", or for a lab-feed digest "…, the 3 new
 * papers most like this lab's (learned from 10 library papers, 4 👍, 1 👎)" (mrkdwn, escaped).
 */
export function describeSubscription(s: SubscriptionSettings, taste?: TasteSummary): string {
  const when = s.days === 'weekdays' ? 'Every weekday' : 'Every day';
  const on = s.topic ? ` on *${escapeMrkdwn(s.topic.replace(/\*/g, ''))}*` : '';
  const what =
    s.rankBy === 'lab'
      ? `the ${s.count === 1 ? 'new paper' : `${s.count} new papers`}${on} most like this lab's${taste ? ` (${taste.cold ? `nothing to learn from yet: ${s.topic ? 'the newest matches' : 'the paper of the day'} until there are library papers or 👍` : learnedFrom(taste)})` : ''}`
      : s.topic
        ? `up to ${plural(s.count, 'paper')}${on}`
        : `the paper of the day from the whole corpus${s.count > 1 ? ` (up to ${s.count})` : ''}`;
  const empty = s.notifyEmpty ? ', with a note on days with nothing new' : '';
  return `${when} at ${s.time} ${s.timezone}, ${what}${empty}`;
}

/** A digest post: header, the lab-feed line when ranked by taste, then cards with the search buttons and 👍/👎. */
export function digestPost(d: Omit<DigestMessageInput, 'title'>): Message {
  const title = d.taste && !d.taste.cold ? 'For this lab' : d.topic ? 'Daily papers' : 'Paper of the day';
  const { shown: _shown, ...msg } = digestMessage({ ...d, title });
  return msg;
}

/** What the creator is told by DM when their digest pauses, per Slack error. */
export function pauseAdvice(sub: Pick<Subscription, 'id' | 'channel' | 'topic'>, code: string): string {
  const where = `<#${sub.channel}>`;
  const resume = `\`/paper digest resume ${sub.id}\``;
  const what = sub.topic ? `on *${escapeMrkdwn(sub.topic)}*` : '(paper of the day)';
  const head = `Your daily digest #${sub.id} ${what} in ${where} is paused:`;
  switch (code) {
    case 'is_archived':
      return `${head} the channel is archived. Unarchive it, then run ${resume} there — or \`/paper digest remove ${sub.id}\`.`;
    case 'channel_not_found':
      return `${head} I can't see that channel (private, or deleted). Invite me with \`/invite @paperbot\` in it, then run ${resume}.`;
    case 'restricted_action':
      return `${head} this workspace doesn't let me post there. Ask an admin to allow it, then run ${resume}.`;
    default:
      return `${head} I'm not in that channel. Invite me with \`/invite @paperbot\`, then run ${resume}.`;
  }
}

/** The replies of `/paper digest …`, each an ephemeral message. `next` labels are "Mon 09:00 UTC"-style text. */
export const digestReplies = {
  inputError: (template: string, got?: string): Message => ({ text: `${got === undefined ? template : template.replace('{got}', quote(got))}\n\n${DIGEST_USAGE}` }),
  unknown: (word: string): Message => ({ text: word ? `I don't know \`${escapeMrkdwn(word)}\`.\n${DIGEST_USAGE}` : DIGEST_USAGE }),
  tooMany: (have: number, max: number): Message => ({ text: `This channel already has ${have} digests (the most is ${max}). Remove one first: \`/paper digest list\`.` }),
  duplicate: (sub: Subscription): Message => ({ text: `This channel already has that digest (#${sub.id}): ${describeSubscription(sub)}.` }),
  /** `noFeed`: no paper has arrived from a feed yet, so a lab-feed digest would have nothing to post: say why. */
  added: (sub: Subscription, next: string, taste?: TasteSummary, noFeed = false): Message => ({
    text: `✓ ${describeSubscription(sub, taste)}. Next: ${next}. (Digest #${sub.id}; \`/paper digest remove ${sub.id}\` to stop.)${sub.rankBy === 'lab' && noFeed ? `\nNothing to post yet: ${NO_FEED_YET}` : ''}`,
  }),
  none: (): Message => ({ text: 'No digests in this channel yet. Start one with `/paper digest add robustness` (or `/paper digest add` for the paper of the day).' }),
  list: (subs: Array<{ sub: Subscription; next: string; taste?: TasteSummary }>): Message => ({
    text: `Digests in this channel:\n${subs
      .map(({ sub: s, next, taste }) => `• *#${s.id}* ${describeSubscription(s, taste)} — ${s.status === 'paused' ? `paused (${escapeMrkdwn(s.pauseReason ?? 'paused')}): \`/paper digest resume ${s.id}\`` : `next ${next}`}`)
      .join('\n')}`,
  }),
  notFound: (target: string): Message => {
    const id = /^#?(\d+)$/.exec(target.trim());
    return { text: `No digest ${id ? `#${id[1]}` : `on ${quote(target)}`} in this channel. See \`/paper digest list\`.` };
  },
  several: (subs: Subscription[]): Message => ({ text: `Several digests match; say which by id: ${subs.map((s) => `#${s.id}`).join(', ')}.` }),
  removed: (sub: Subscription): Message => ({ text: `Removed digest #${sub.id} (${describeSubscription(sub)}).` }),
  notPaused: (sub: Subscription, next: string): Message => ({ text: `Digest #${sub.id} is not paused. Next: ${next}.` }),
  resumed: (sub: Subscription, next: string): Message => ({ text: `Resumed digest #${sub.id}: ${describeSubscription(sub)}. Next: ${next}.` }),
  /** A preview: a context line saying nothing was posted, then the digest as it would be posted. */
  preview: (digest: Message, others?: { shownId: number; count: number }): Message => {
    const note = others && others.count > 1 ? ` Previewing #${others.shownId}; this channel has ${others.count} digests (\`/paper digest preview &lt;id&gt;\` for another).` : '';
    const head = `Preview (only you see this; nothing was posted or recorded).${note}`;
    const blocks = digest.blocks ?? [];
    // Slack allows 50 blocks; the preview note goes first only when there is room for it.
    return { text: `${head}\n${digest.text}`, blocks: blocks.length < 50 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: head }] }, ...blocks] : blocks };
  },
};
