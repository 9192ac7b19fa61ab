// Usage help and the short message shown when something went wrong.
import type { Message } from './message.ts';
import { escapeClamped, oneLine } from './mrkdwn.ts';

// Every example runs on the shipped library (data/papers): test/examples.test.ts runs each one through /paper.
const SEARCH_EXAMPLES: Array<[string, string]> = [
  ['/paper robustness', 'papers about a topic'],
  ['/paper "backdoor attacks" year:2018-2020', 'an exact phrase, within a range of years'],
  ['/paper author:ilyas', 'papers by an author'],
  ['/paper backdoor -spectral', 'backdoors, but not spectral signatures'],
  ['/paper like 2007.08489', 'papers like a given one (its arXiv id, arXiv link, DOI or title)'],
  ['/paper https://arxiv.org/abs/2007.08489', 'open a paper from its arXiv link, arXiv id or DOI'],
  ['@paperbot backdoor attacks', 'mention the bot to answer in a thread everyone can see'],
  ['/paper for us', "the newest papers most like this lab's (its library and this channel's 👍/👎), each with why"],
  ['/paper shared week', 'paper links the lab shared in channels I am in (today, week or month; add words to narrow)'],
  ['/paper forget <link>', 'forget your own share of a paper link'],
  ['/paper saved', 'your reading list: papers you pressed Save on, newest first (add words to narrow it; also in my Home tab)'],
  ['/paper trends robustness', 'papers on a topic per month or year as a chart in your DM (add `share` to post it here), top authors and words'],
];

// Keep in step with the digest command parser (src/digests/command-parser.ts); test/blocks/help-digest.test.ts
// runs every example here through it, and checks each subcommand and `add` option is named.
const DIGEST_EXAMPLES: Array<[string, string]> = [
  ['/paper digest add <topic>', 'post new papers on a topic to this channel, weekdays at 09:00 in your Slack time zone, 3 papers'],
  ['/paper digest add robustness at 08:30 daily count 5', 'change the time, every day instead of weekdays, 1-10 papers'],
  ['/paper digest add robustness tz Europe/Berlin notify-empty', 'another time zone; post a note on days with nothing new'],
  ['/paper digest add', 'no topic: the paper of the day from the whole library'],
  ['/paper digest add for us', "the new papers most like this lab's; 👍 Relevant / 👎 Not for us on a card teach it (add words to stay within a topic)"],
  ['/paper digest list', "this channel's digests, with their ids"],
  ['/paper digest remove <id or topic>', 'stop a digest'],
  ['/paper digest resume <id>', 'restart a digest that paused (e.g. after I was removed from the channel)'],
  ['/paper digest preview [id or topic]', "see what today's digest would post (only you see it)"],
];

/** How to use the bot, with examples of every query form and the digest commands. */
export function helpMessage(): Message {
  const lines = (rows: Array<[string, string]>) => rows.map(([cmd, what]) => `\`${escapeClamped(cmd, 200)}\`  ${escapeClamped(what, 200)}`).join('\n');
  return {
    text: 'paperbot finds papers in the lab library: /paper &lt;words&gt;. Try /paper robustness.',
    blocks: [
      { type: 'header', block_id: 'help.head', text: { type: 'plain_text', text: 'paperbot: find papers in the lab library' } },
      { type: 'section', block_id: 'help.search', text: { type: 'mrkdwn', text: `*Search*\n${lines(SEARCH_EXAMPLES)}` } },
      { type: 'section', block_id: 'help.digest', text: { type: 'mrkdwn', text: `*Daily digests*\n${lines(DIGEST_EXAMPLES)}` } },
      {
        type: 'context',
        block_id: 'help.tips',
        elements: [{ type: 'mrkdwn', text: 'Results are only visible to you until you press *Share to channel*. Use *Show abstract*, *More like this* and *BibTeX* on any card.' }],
      },
    ],
  };
}

/** A short problem message for the user (Slack errors, rate limits, bad input). The text is escaped and cut to one line. */
export function errorMessage(text: string): Message {
  const t = escapeClamped(oneLine(text) || 'Something went wrong.', 1000);
  return { text: t, blocks: [{ type: 'section', block_id: 'error', text: { type: 'mrkdwn', text: `:warning: ${t}` } }] };
}
