// `/paper like` answers that are not a list of papers: how to use it, and words that name no paper's title.
import type { KnownBlock, Message } from './message.ts';
import { bold, escapeClamped, head, oneLine } from './mrkdwn.ts';

/** Examples taken from the loaded library (search/paper-lookup.ts `exampleRefs`), so each one works as shown. */
export interface LikeExamples {
  arxivId?: string;
  title?: string;
}

const USAGE = '/paper like <arXiv id, DOI or paper title>';
/** Characters of a typed title shown back; a pasted abstract would otherwise fill the message. */
const SHOWN = 150;

/** A code span for user or paper text: escaped, and backticks (which would end the span) made look-alikes. */
function code(raw: string, max = SHOWN): string {
  return `\`${escapeClamped(oneLine(head(raw, max)).replace(/`/g, '\u02CB'), max)}\``;
}

/** `/paper like` with nothing after it: the form, and examples from the library that work as typed. */
export function likeUsageMessage(examples: LikeExamples): Message {
  const tries = [examples.title, examples.arxivId].filter((x): x is string => !!x).map((ref) => `/paper like ${ref}`);
  const lines = [`*Papers like one you know:* ${code(USAGE)}`];
  if (tries.length) lines.push(`For example: ${tries.map((t) => code(t, SHOWN + 12)).join('  or  ')}`);
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'like.usage', text: { type: 'mrkdwn', text: lines.join('\n') } },
    {
      type: 'context',
      block_id: 'like.tips',
      elements: [{ type: 'mrkdwn', text: 'A title need not be exact. *More like this* on any card does the same.' }],
    },
  ];
  const example = tries[0] ? `, e.g. ${escapeClamped(oneLine(tries[0]), SHOWN + 12)}` : '';
  return { text: `Papers like one you know: ${escapeClamped(USAGE, 100)}${example}`, blocks };
}

/** `/paper like <words>` where the words are no paper's title: say so, and how to search for them instead. */
export function noTitleMatchMessage(words: string): Message {
  const shown = bold(words, SHOWN) || '_(nothing)_';
  return {
    text: `No paper in the library has the title ${escapeClamped(oneLine(head(words, SHOWN)), SHOWN)}.`,
    blocks: [
      { type: 'section', block_id: 'like.none', text: { type: 'mrkdwn', text: `No paper in the library has the title ${shown}.` } },
      {
        type: 'context',
        block_id: 'like.hint',
        elements: [{ type: 'mrkdwn', text: `To find papers about it, search: ${code(`/paper ${oneLine(head(words, SHOWN))}`, SHOWN + 8)}` }],
      },
    ],
  };
}
