// `/paper digest …`: add, list, remove, resume and preview a channel's digests; answers are ephemeral Messages.
import type { webApi } from '@slack/bolt';
import { digestPost, digestReplies } from '../blocks/digest-replies.ts';
import type { Message } from '../blocks/message.ts';
import type { Clock } from '../feeds/clock.ts';
import type { LabFeed } from '../library/lab-feed.ts';
import type { Library } from '../library/library.ts';
import type { FeedbackStore } from '../store/feedback.ts';
import type { Log } from '../log.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Subscription, SubscriptionSettings, SubscriptionStore } from '../store/subscriptions.ts';
import { DigestInputError, parseDigestCommand, type AddRequest } from './command-parser.ts';
import { composeDigest, postInput, tallies } from './compose.ts';
import { canonicalZone, localDateTime, nextRunAfter } from './schedule.ts';

/** What the Slack app passes for `/paper digest <text>`. */
export interface DigestCommandInput {
  text: string;
  channelId: string;
  userId: string;
  /** Workspace id from the request (team_id); '' when Slack did not say. */
  teamId?: string;
  /** Used for users.info (the adding user's time zone). */
  client?: webApi.WebClient;
}

/** Defaults for `add`, merged in one place. */
export const ADD_DEFAULTS = { time: '09:00', days: 'weekdays', count: 3 } as const;

/** Most subscriptions one channel may hold (each is a daily post). */
export const MAX_PER_CHANNEL = 10;

export interface CommandDeps {
  subs: SubscriptionStore;
  ledger: Ledger;
  library: Library;
  /** Ranks lab-feed digests; without it `for us` digests compose as topic digests. */
  labFeed?: LabFeed;
  /** The channel's 👍/👎 counts shown on previewed cards. */
  feedback?: FeedbackStore;
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
          return await this.list(input.channelId, input.teamId ?? '');
        case 'remove':
          return await this.remove(cmd.target, input.channelId, input.teamId ?? '');
        case 'resume':
          return await this.resume(cmd.target, input.channelId, input.teamId ?? '');
        case 'preview':
          return await this.preview(cmd.target, input.channelId, input.teamId ?? '');
        case 'help':
          return digestReplies.unknown(input.text.trim().split(/\s+/)[0] ?? '');
      }
    } catch (err) {
      if (err instanceof DigestInputError) return digestReplies.inputError(err.template, err.got);
      throw err;
    }
  }

  private async add(req: AddRequest, input: DigestCommandInput): Promise<Message> {
    const existing = await this.d.subs.inChannel(input.teamId ?? '', input.channelId);
    if (existing.length >= MAX_PER_CHANNEL) return digestReplies.tooMany(existing.length, MAX_PER_CHANNEL);
    const settings: SubscriptionSettings = {
      topic: req.topic,
      time: req.time ?? ADD_DEFAULTS.time,
      timezone: req.timezone ?? (await this.userZone(input)),
      days: req.days ?? ADD_DEFAULTS.days,
      count: req.count ?? ADD_DEFAULTS.count,
      notifyEmpty: req.notifyEmpty,
      rankBy: req.rankBy ?? 'topic',
    };
    const same = existing.find((s) => s.topic.toLowerCase() === settings.topic.toLowerCase() && s.time === settings.time && s.timezone === settings.timezone && (s.rankBy ?? 'topic') === settings.rankBy);
    if (same) return digestReplies.duplicate(same);
    const sub = await this.d.subs.add(input.channelId, input.userId, settings, this.d.clock.now(), input.teamId ?? '');
    this.d.onChange();
    this.d.log.info({ subscription: sub.id, channel: sub.channel, creator: sub.creator }, 'digest added');
    return digestReplies.added(sub, this.nextLabel(sub), await this.tasteOf(sub), this.d.library.newPaperCount === 0);
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

  private async list(channel: string, teamId: string): Promise<Message> {
    const subs = await this.d.subs.inChannel(teamId, channel);
    if (!subs.length) return digestReplies.none();
    const rows = [];
    for (const sub of subs) rows.push({ sub, next: this.nextLabel(sub), taste: await this.tasteOf(sub) });
    return digestReplies.list(rows);
  }

  /** `<id>`, `#<id>`, or a topic (case-insensitive); only this channel's digests. */
  private async find(target: string, channel: string, teamId: string): Promise<Subscription[] | Message> {
    const subs = await this.d.subs.inChannel(teamId, channel);
    const id = /^#?(\d+)$/.exec(target.trim());
    const found = id ? subs.filter((s) => s.id === Number(id[1])) : subs.filter((s) => s.topic.toLowerCase() === target.trim().toLowerCase());
    return found.length ? found : digestReplies.notFound(target);
  }

  private async remove(target: string, channel: string, teamId: string): Promise<Message> {
    const found = await this.find(target, channel, teamId);
    if (!Array.isArray(found)) return found;
    if (found.length > 1) return digestReplies.several(found);
    await this.d.subs.remove(found[0].id, teamId);
    this.d.onChange();
    return digestReplies.removed(found[0]);
  }

  private async resume(target: string, channel: string, teamId: string): Promise<Message> {
    const found = await this.find(target, channel, teamId);
    if (!Array.isArray(found)) return found;
    if (found.length > 1) return digestReplies.several(found);
    const sub = found[0];
    if (sub.status === 'active') return digestReplies.notPaused(sub, this.nextLabel(sub));
    await this.d.subs.resume(sub.id, teamId);
    this.d.onChange(true);
    return digestReplies.resumed(sub, this.nextLabel(sub));
  }

  /** Shown only to the asker: composes without posting or recording anything. */
  private async preview(target: string, channel: string, teamId: string): Promise<Message> {
    let sub: Subscription | undefined;
    let others: { shownId: number; count: number } | undefined;
    if (target) {
      const found = await this.find(target, channel, teamId);
      if (Array.isArray(found)) sub = found[0];
      else if (/^#?\d+$/.test(target.trim())) return found;
    } else {
      const subs = await this.d.subs.inChannel(teamId, channel);
      sub = subs[0];
      if (sub) others = { shownId: sub.id, count: subs.length };
    }
    // A topic with no subscription yet (or `for us [topic]`): preview what `add …` would post now.
    const forUs = /(^|\s)for us(\s|$)/i.test(target);
    sub ??= {
      id: 0,
      channel,
      creator: '',
      topic: target.replace(/(^|\s)for us(\s|$)/i, ' ').trim(),
      time: ADD_DEFAULTS.time,
      timezone: this.d.defaultTimezone,
      days: ADD_DEFAULTS.days,
      count: ADD_DEFAULTS.count,
      notifyEmpty: true,
      status: 'active',
      createdAt: '',
      rankBy: forUs ? 'lab' : 'topic',
      teamId,
    };
    const digest = await composeDigest({ ...sub, notifyEmpty: true }, this.d.clock.now(), this.d);
    const votes = this.d.feedback && (await tallies(this.d.feedback, sub.teamId ?? '', channel, digest.hits.map((h) => h.paper.id)));
    return digestReplies.preview(digestPost({ ...postInput(digest, votes), noFeed: this.d.library.newPaperCount === 0 }), others);
  }

  /** For a lab-feed digest: what its ranking learns from now. */
  private async tasteOf(sub: Subscription) {
    return sub.rankBy === 'lab' ? (await this.d.labFeed?.profile({ teamId: sub.teamId ?? '', channel: sub.channel }))?.taste : undefined;
  }

  private nextLabel(sub: Subscription): string {
    return `${localDateTime(nextRunAfter(sub, this.d.clock.now()), sub.timezone)} ${sub.timezone}`;
  }
}
