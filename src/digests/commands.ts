// `/paper digest …`: add, list, remove, resume and preview a channel's digests; answers are ephemeral Messages.
import type { webApi } from '@slack/bolt';
import type { Message } from '../blocks/message.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import type { Clock } from '../feeds/clock.ts';
import type { Log } from '../log.ts';
import type { Catalogue } from './catalogue.ts';
import { DIGEST_USAGE, DigestInputError, parseDigestCommand, type AddRequest } from './command-parser.ts';
import { composeDigest } from './compose.ts';
import { renderDigest } from './delivery.ts';
import type { Ledger } from './ledger.ts';
import { localDateTime, nextRunAfter, canonicalZone } from './schedule.ts';
import type { Subscription, SubscriptionSettings, SubscriptionStore } from './subscription.ts';

/** What the Slack app passes for `/paper digest <text>`. */
export interface DigestCommandInput {
  text: string;
  channelId: string;
  userId: string;
  /** Used for users.info (the adding user's time zone). */
  client?: webApi.WebClient;
}

/** Defaults for `add`, merged in one place. */
export const ADD_DEFAULTS = { time: '09:00', days: 'weekdays', count: 3 } as const;

/** Most subscriptions one channel may hold (each is a daily post). */
export const MAX_PER_CHANNEL = 10;

/** "Every weekday at 09:00 America/New_York, up to 3 papers on *robustness*" (mrkdwn, escaped). */
export function describeSubscription(s: SubscriptionSettings): string {
  const when = s.days === 'weekdays' ? 'Every weekday' : 'Every day';
  const what = s.topic ? `up to ${s.count} ${s.count === 1 ? 'paper' : 'papers'} on *${escapeMrkdwn(s.topic.replace(/\*/g, ''))}*` : `the paper of the day from the whole corpus${s.count > 1 ? ` (up to ${s.count})` : ''}`;
  const empty = s.notifyEmpty ? ', with a note on days with nothing new' : '';
  return `${when} at ${s.time} ${s.timezone}, ${what}${empty}`;
}

export interface CommandDeps {
  subs: SubscriptionStore;
  ledger: Ledger;
  catalogue: Catalogue;
  clock: Clock;
  log: Log;
  /** DIGEST_TIMEZONE: used when the user's Slack zone is unknown. */
  defaultTimezone: string;
  /** Called after add, remove and resume so the scheduler re-arms; `resumed` asks for a catch-up check too. */
  onChange: (resumed?: boolean) => void;
}

export class DigestCommands {
  constructor(private readonly d: CommandDeps) {}

  async handle(input: DigestCommandInput): Promise<Message> {
    try {
      const cmd = parseDigestCommand(input.text);
      switch (cmd.kind) {
        case 'add':
          return await this.add(cmd, input);
        case 'list':
          return this.list(input.channelId);
        case 'remove':
          return this.remove(cmd.target, input.channelId);
        case 'resume':
          return this.resume(cmd.target, input.channelId);
        case 'preview':
          return this.preview(cmd.target, input.channelId);
        case 'help':
          return { text: input.text.trim() ? `I don't know \`${escapeMrkdwn(input.text.trim().split(/\s+/)[0])}\`.\n${DIGEST_USAGE}` : DIGEST_USAGE };
      }
    } catch (err) {
      if (err instanceof DigestInputError) return { text: `${err.message}\n\n${DIGEST_USAGE}` };
      throw err;
    }
  }

  private async add(req: AddRequest, input: DigestCommandInput): Promise<Message> {
    const existing = this.d.subs.inChannel(input.channelId);
    if (existing.length >= MAX_PER_CHANNEL) return { text: `This channel already has ${existing.length} digests (the most is ${MAX_PER_CHANNEL}). Remove one first: \`/paper digest list\`.` };
    const settings: SubscriptionSettings = {
      topic: req.topic,
      time: req.time ?? ADD_DEFAULTS.time,
      timezone: req.timezone ?? (await this.userZone(input)),
      days: req.days ?? ADD_DEFAULTS.days,
      count: req.count ?? ADD_DEFAULTS.count,
      notifyEmpty: req.notifyEmpty,
    };
    const same = existing.find((s) => s.topic.toLowerCase() === settings.topic.toLowerCase() && s.time === settings.time && s.timezone === settings.timezone);
    if (same) return { text: `This channel already has that digest (#${same.id}): ${describeSubscription(same)}.` };
    const sub = this.d.subs.add(input.channelId, input.userId, settings, this.d.clock.now());
    this.d.onChange();
    this.d.log.info({ subscription: sub.id, channel: sub.channel, creator: sub.creator }, 'digest added');
    return { text: `✓ ${describeSubscription(sub)}. Next: ${this.nextLabel(sub)}. (Digest #${sub.id}; \`/paper digest remove ${sub.id}\` to stop.)` };
  }

  /** The adding user's Slack zone (users.info → user.tz), else DIGEST_TIMEZONE. */
  private async userZone(input: DigestCommandInput): Promise<string> {
    if (!input.client) return this.d.defaultTimezone;
    try {
      const res = await input.client.users.info({ user: input.userId });
      const zone = res.user?.tz && canonicalZone(res.user.tz);
      if (zone) return zone;
    } catch (err) {
      this.d.log.warn({ user: input.userId, err: String(err) }, 'users.info failed; using DIGEST_TIMEZONE for the digest');
    }
    return this.d.defaultTimezone;
  }

  private list(channel: string): Message {
    const subs = this.d.subs.inChannel(channel);
    if (!subs.length) return { text: 'No digests in this channel yet. Start one with `/paper digest add robustness` (or `/paper digest add` for the paper of the day).' };
    const lines = subs.map((s) => {
      const state = s.status === 'paused' ? `paused (${escapeMrkdwn(s.pauseReason ?? 'paused')}): \`/paper digest resume ${s.id}\`` : `next ${this.nextLabel(s)}`;
      return `• *#${s.id}* ${describeSubscription(s)} — ${state}`;
    });
    return { text: `Digests in this channel:\n${lines.join('\n')}` };
  }

  /** `<id>`, `#<id>`, or a topic (case-insensitive); only this channel's digests. */
  private find(target: string, channel: string): Subscription[] | string {
    const subs = this.d.subs.inChannel(channel);
    const id = /^#?(\d+)$/.exec(target.trim());
    const found = id ? subs.filter((s) => s.id === Number(id[1])) : subs.filter((s) => s.topic.toLowerCase() === target.trim().toLowerCase());
    if (!found.length) return `No digest ${id ? `#${id[1]}` : `on "${escapeMrkdwn(target)}"`} in this channel. See \`/paper digest list\`.`;
    return found;
  }

  private remove(target: string, channel: string): Message {
    const found = this.find(target, channel);
    if (typeof found === 'string') return { text: found };
    if (found.length > 1) return { text: `Several digests match; say which by id: ${found.map((s) => `#${s.id}`).join(', ')}.` };
    this.d.subs.remove(found[0].id);
    this.d.onChange();
    return { text: `Removed digest #${found[0].id} (${describeSubscription(found[0])}).` };
  }

  private resume(target: string, channel: string): Message {
    const found = this.find(target, channel);
    if (typeof found === 'string') return { text: found };
    if (found.length > 1) return { text: `Several digests match; say which by id: ${found.map((s) => `#${s.id}`).join(', ')}.` };
    const sub = found[0];
    if (sub.status === 'active') return { text: `Digest #${sub.id} is not paused. Next: ${this.nextLabel(sub)}.` };
    this.d.subs.resume(sub.id);
    this.d.onChange(true);
    return { text: `Resumed digest #${sub.id}: ${describeSubscription(sub)}. Next: ${this.nextLabel(sub)}.` };
  }

  /** Shown only to the asker: composes without posting or recording anything. */
  private preview(target: string, channel: string): Message {
    let sub: Subscription | undefined;
    let note = '';
    if (target) {
      const found = this.find(target, channel);
      if (Array.isArray(found)) sub = found[0];
      else if (/^#?\d+$/.test(target.trim())) return { text: found };
    } else {
      const subs = this.d.subs.inChannel(channel);
      sub = subs[0];
      if (subs.length > 1) note = `Previewing #${sub.id}; this channel has ${subs.length} digests (\`/paper digest preview <id>\` for another).`;
    }
    // A topic with no subscription yet: preview what `add <topic>` would post.
    sub ??= { id: 0, channel, creator: '', topic: target.trim(), time: ADD_DEFAULTS.time, timezone: this.d.defaultTimezone, days: ADD_DEFAULTS.days, count: ADD_DEFAULTS.count, notifyEmpty: true, status: 'active', createdAt: '' };
    const digest = composeDigest({ ...sub, notifyEmpty: true }, this.d.clock.now(), this.d.catalogue, this.d.ledger);
    const msg = renderDigest(digest);
    const head = `Preview (only you see this; nothing was posted or recorded).${note ? ` ${note}` : ''}`;
    const blocks = msg.blocks ?? [];
    // Slack allows 50 blocks; the preview note goes first only when there is room for it.
    return { text: `${head}\n${msg.text}`, blocks: blocks.length < 50 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: head }] }, ...blocks] : blocks };
  }

  private nextLabel(sub: Subscription): string {
    return `${localDateTime(nextRunAfter(sub, this.d.clock.now()), sub.timezone)} ${sub.timezone}`;
  }
}
