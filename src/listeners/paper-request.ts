// Reads the text after /paper (or a mention/DM) into what was asked: help, a search, papers like one, or a digest command.
import { unescapeMrkdwn } from '../blocks/index.ts';
import { parseLinkRef } from '../search/paper-ref.ts';

export type PaperRequest =
  | { kind: 'help' }
  | { kind: 'search'; text: string }
  /** `paperId` is what followed `like`: a paper id, arXiv id or link, DOI or title; '' when nothing did. */
  | { kind: 'like'; paperId: string }
  | { kind: 'digest'; text: string }
  /** `for us [words]`: the best new papers for this channel by its taste (the lab feed). */
  | { kind: 'forUs'; text: string }
  /** `saved [words]`: the asker's reading list, narrowed by the words. */
  | { kind: 'saved'; text: string }
  /** `trends <words> [share]`: papers per month or year matching the words, as a chart; `share` posts it in the channel. */
  | { kind: 'trends'; text: string; share: boolean }
  /** `shared [today|week|month] [words]`: paper links the lab shared, newest first. */
  | { kind: 'shared'; period: 'today' | 'week' | 'month' | 'all'; text: string }
  /** `forget <link>`: remove one's own share of a paper; `link` is '' when nothing followed. */
  | { kind: 'forget'; link: string };

/**
 * `''`, `help`, `-h`, `--help`, `?` -> help; `like …` -> similar papers (to an id or a title; a bare `like` gets
 * its usage rather than a search for the word); `digest …` -> the digest service; `shared …` -> the lab's shared
 * links; `forget <link>` -> remove one's share; anything else is a search
 * (including pasted arXiv ids and URLs, which the search looks up).
 */
export function parsePaperRequest(raw: string | undefined): PaperRequest {
  const text = fromSlackText(raw ?? '').trim();
  if (!text || /^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  const like = /^like(?:\s+([\s\S]*))?$/i.exec(text);
  if (like) return { kind: 'like', paperId: (like[1] ?? '').trim() };
  const forUs = /^for\s+us\b[.:!]?(?:\s+([\s\S]*))?$/i.exec(text);
  if (forUs) return { kind: 'forUs', text: (forUs[1] ?? '').trim() };
  const shared = /^shared\b[.:!]?(?:\s+([\s\S]*))?$/i.exec(text);
  if (shared) {
    const rest = (shared[1] ?? '').trim();
    const period = /^(today|week|month)\b\s*/i.exec(rest);
    return { kind: 'shared', period: (period?.[1].toLowerCase() ?? 'all') as 'today' | 'week' | 'month', text: period ? rest.slice(period[0].length).trim() : rest };
  }
  // `forget` takes a link or id; other words after it are a search ("forget me not"), so only those are read as one.
  const forget = /^forget(?:\s+(\S+))?\s*$/i.exec(text);
  if (forget && (!forget[1] || parseLinkRef(forget[1]))) return { kind: 'forget', link: forget[1] ?? '' };
  const saved = /^saved\b[.:!]?(?:\s+([\s\S]*))?$/i.exec(text);
  if (saved) return { kind: 'saved', text: (saved[1] ?? '').trim() };
  const trends = /^trends?\b[.:!]?(?:\s+([\s\S]*))?$/i.exec(text);
  if (trends) {
    const rest = (trends[1] ?? '').trim();
    const share = /(?:^|\s)share$/i.test(rest);
    return { kind: 'trends', text: share ? rest.replace(/\s*share$/i, '').trim() : rest, share };
  }
  const digest = /^digests?(?:\s+([\s\S]*))?$/i.exec(text);
  if (digest) return { kind: 'digest', text: (digest[1] ?? '').trim() };
  return { kind: 'search', text };
}

/**
 * Removes the bot's own mention (`<@UBOT>` or `<@UBOT|paperbot>`) wherever it appears. Without a known bot id,
 * only a leading mention is removed (the one that addressed the bot).
 */
export function stripBotMention(text: string, botUserId?: string): string {
  if (botUserId) return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
  return text.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>:?/, '').trim();
}

/**
 * Slack's message text to what the user typed: pasted links arrive as `<https://…>` or `<https://…|label>`
 * (so an arXiv URL must be unwrapped before the search can look it up), and `&`, `<`, `>` arrive as
 * `&amp;`, `&lt;`, `&gt;` (https://docs.slack.dev/messaging/formatting-message-text#escaping). What comes
 * out is raw user text again; every renderer escapes it on the way back to Slack.
 */
export function fromSlackText(text: string): string {
  return unescapeMrkdwn(text.replace(/<((?:https?|mailto):[^|>\s]+)(?:\|[^>]*)?>/g, '$1'));
}
