// Reads the text after `/paper digest` into a command, or a DigestInputError that says how to fix it.
import { canonicalZone } from './schedule.ts';
import { COUNT_RANGE, type Days } from '../store/subscriptions.ts';

/** What `add` was told; unset fields take their defaults when the subscription is created. */
export interface AddRequest {
  kind: 'add';
  topic: string;
  time?: string;
  timezone?: string;
  days?: Days;
  count?: number;
  notifyEmpty: boolean;
  /** `for us`: rank by the lab's taste (its library and the channel's 👍/👎), within the topic if one is given. */
  rankBy?: 'topic' | 'lab';
}

export type DigestCommand =
  | AddRequest
  | { kind: 'list' }
  | { kind: 'remove'; target: string }
  | { kind: 'resume'; target: string }
  | { kind: 'preview'; target: string }
  | { kind: 'help' };

/**
 * A user mistake in the command. `template` says what would work; `{got}` in it stands for what the user typed
 * (`got`), which src/blocks/digest-replies.ts quotes and escapes when it renders the answer.
 */
export class DigestInputError extends Error {
  readonly code = 'digest_input';
  constructor(
    readonly template: string,
    readonly got?: string,
  ) {
    super(got === undefined ? template : template.replace('{got}', JSON.stringify(got)));
  }
}

export { DIGEST_USAGE } from '../blocks/digest-replies.ts';

/** Longest topic kept: a digest topic is a search query, not a paragraph. */
export const MAX_TOPIC_LENGTH = 200;

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
      if (!time) throw new DigestInputError(`{got} isn't a time of day. Use 24-hour HH:MM from 00:00 to 23:59, e.g. \`at 09:00\` or \`at 17:30\`.`, next);
      req.time = time;
      i++;
    } else if (lower === 'tz' || lower === 'timezone') {
      if (next === undefined) throw new DigestInputError('`tz` needs a time zone name, e.g. `tz America/New_York` or `tz Europe/Berlin`.');
      const zone = canonicalZone(next);
      if (!zone) throw new DigestInputError(`Unknown time zone {got}. Use an IANA zone name such as \`tz America/New_York\`, \`tz Europe/Berlin\` or \`tz UTC\`.`, next);
      req.timezone = zone;
      i++;
    } else if (lower === 'count' && next !== undefined && /^[-+]?\d/.test(next)) {
      const n = Number(next);
      if (!Number.isInteger(n) || n < COUNT_RANGE.min || n > COUNT_RANGE.max) {
        throw new DigestInputError(`\`count\` must be a whole number from ${COUNT_RANGE.min} to ${COUNT_RANGE.max} (got {got}).`, next);
      }
      req.count = n;
      i++;
    } else if (lower === 'daily' || lower === 'weekdays') {
      req.days = lower;
    } else if (lower === 'notify-empty') {
      req.notifyEmpty = true;
    } else if (lower === 'for' && next?.toLowerCase().replace(/[.,!]$/, '') === 'us') {
      req.rankBy = 'lab';
      i++;
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
      if (!target) throw new DigestInputError('Say which digest to remove: `/paper digest remove &lt;id or topic&gt;` (see `/paper digest list`).');
      return { kind: 'remove', target };
    case 'resume':
      if (!target) throw new DigestInputError('Say which digest to resume: `/paper digest resume &lt;id&gt;` (see `/paper digest list`).');
      return { kind: 'resume', target };
    case 'preview':
      return { kind: 'preview', target };
    default:
      return { kind: 'help' };
  }
}
