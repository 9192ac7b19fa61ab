// Reads the text after `/paper digest` into a command, or a DigestInputError that says how to fix it.
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { canonicalZone } from './schedule.ts';
import { COUNT_RANGE, type Days } from './subscription.ts';

/** What `add` was told; unset fields take their defaults when the subscription is created. */
export interface AddRequest {
  kind: 'add';
  topic: string;
  time?: string;
  timezone?: string;
  days?: Days;
  count?: number;
  notifyEmpty: boolean;
}

export type DigestCommand =
  | AddRequest
  | { kind: 'list' }
  | { kind: 'remove'; target: string }
  | { kind: 'resume'; target: string }
  | { kind: 'preview'; target: string }
  | { kind: 'help' };

/** A user mistake in the command; `message` is mrkdwn-safe and says what would work. */
export class DigestInputError extends Error {
  readonly code = 'digest_input';
}

export const DIGEST_USAGE = [
  '*Daily paper digests for this channel*',
  '`/paper digest add [topic words] [at HH:MM] [tz Zone/Name] [daily|weekdays] [count 1-10] [notify-empty]`',
  '    defaults: 09:00 in your Slack time zone, weekdays, 3 papers; no topic = paper of the day',
  '`/paper digest list` · `/paper digest remove <id or topic>` · `/paper digest resume <id>`',
  '`/paper digest preview [id or topic]` shows a digest only to you, without posting it',
].join('\n');

/** Longest topic kept: a digest topic is a search query, not a paragraph. */
export const MAX_TOPIC_LENGTH = 200;

const quote = (s: string) => `"${escapeMrkdwn(s)}"`;

/** 24-hour "HH:MM" from "9:30", "09:30", "9", "9am", "5:30pm"; undefined when it is no time of day. */
export function parseTime(raw: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(raw.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (half === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function parseAdd(words: string[]): AddRequest {
  const req: AddRequest = { kind: 'add', topic: '', notifyEmpty: false };
  const topic: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const lower = w.toLowerCase();
    const next = words[i + 1];
    // `at` and `count` are options only when a number follows, so "attacks at scale" stays a topic.
    if (lower === 'at' && next !== undefined && /^\d/.test(next)) {
      const time = parseTime(next);
      if (!time) throw new DigestInputError(`${quote(next)} isn't a time of day. Use 24-hour HH:MM from 00:00 to 23:59, e.g. \`at 09:00\` or \`at 17:30\`.`);
      req.time = time;
      i++;
    } else if (lower === 'tz' || lower === 'timezone') {
      if (next === undefined) throw new DigestInputError('`tz` needs a time zone name, e.g. `tz America/New_York` or `tz Europe/Berlin`.');
      const zone = canonicalZone(next);
      if (!zone) throw new DigestInputError(`Unknown time zone ${quote(next)}. Use an IANA zone name such as \`tz America/New_York\`, \`tz Europe/Berlin\` or \`tz UTC\`.`);
      req.timezone = zone;
      i++;
    } else if (lower === 'count' && next !== undefined && /^[-+]?\d/.test(next)) {
      const n = Number(next);
      if (!Number.isInteger(n) || n < COUNT_RANGE.min || n > COUNT_RANGE.max) {
        throw new DigestInputError(`\`count\` must be a whole number from ${COUNT_RANGE.min} to ${COUNT_RANGE.max} (got ${quote(next)}).`);
      }
      req.count = n;
      i++;
    } else if (lower === 'daily' || lower === 'weekdays') {
      req.days = lower;
    } else if (lower === 'notify-empty') {
      req.notifyEmpty = true;
    } else {
      topic.push(w);
    }
  }
  if (words.length && words[words.length - 1].toLowerCase() === 'at') throw new DigestInputError('`at` needs a time, e.g. `at 09:00`.');
  if (words.length && words[words.length - 1].toLowerCase() === 'count') throw new DigestInputError(`\`count\` needs a number from ${COUNT_RANGE.min} to ${COUNT_RANGE.max}, e.g. \`count 5\`.`);
  req.topic = topic.join(' ').replace(/^["“”']+|["“”']+$/g, '').trim();
  if (req.topic.length > MAX_TOPIC_LENGTH) throw new DigestInputError(`That topic is ${req.topic.length} characters; keep it under ${MAX_TOPIC_LENGTH} (a few search words work best).`);
  return req;
}

/** Parses the text after `/paper digest`. Throws DigestInputError for mistakes; unknown subcommands get usage. */
export function parseDigestCommand(text: string): DigestCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [sub, ...rest] = words;
  const target = rest.join(' ');
  switch (sub?.toLowerCase()) {
    case 'add':
    case 'subscribe':
      return parseAdd(rest);
    case 'list':
    case 'ls':
      return { kind: 'list' };
    case 'remove':
    case 'rm':
    case 'delete':
    case 'unsubscribe':
      if (!target) throw new DigestInputError('Say which digest to remove: `/paper digest remove <id or topic>` (see `/paper digest list`).');
      return { kind: 'remove', target };
    case 'resume':
      if (!target) throw new DigestInputError('Say which digest to resume: `/paper digest resume <id>` (see `/paper digest list`).');
      return { kind: 'resume', target };
    case 'preview':
      return { kind: 'preview', target };
    default:
      return { kind: 'help' };
  }
}
