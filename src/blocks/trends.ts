// `/paper trends` text: the ephemeral answer (where the chart went, or why not), a sparkline, top authors and words.
import type { Trend } from '../trends/trend.ts';
import type { KnownBlock, Message } from './message.ts';
import { bold, escapeClamped, oneLine } from './mrkdwn.ts';

/** Where the chart PNG went. */
export type ChartDelivery =
  | { kind: 'dm' }
  | { kind: 'channel'; channel: string }
  /** The console: written to a temporary file. */
  | { kind: 'file'; path: string }
  /** The upload failed; `error` is Slack's code (missing_scope, not_in_channel, …). */
  | { kind: 'failed'; error: string }
  /** No chart: nothing dated matched. */
  | { kind: 'none' };

const BARS = '▁▂▃▄▅▆▇█';

/** "▁▃█▅": one character per bucket, scaled to the largest; an empty bucket is the lowest bar. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.round((c / max) * (BARS.length - 1)))])).join('');
}

/** Why an upload failed, in words someone can act on. */
export function uploadFailureReason(error: string): string {
  switch (error) {
    case 'missing_scope':
    case 'not_allowed_token_type':
      return 'paperbot may not upload files here (it needs the `files:write` scope: add it in the app’s OAuth settings and reinstall)';
    case 'not_in_channel':
    case 'channel_not_found':
      return 'paperbot is not in this channel (`/invite @paperbot`)';
    default:
      return `Slack refused the upload (${escapeClamped(error, 60)})`;
  }
}

/** The ephemeral answer to `/paper trends <query>`. */
export function trendsMessage(trend: Trend, delivery: ChartDelivery): Message {
  const q = bold(trend.query, 150);
  if (!trend.query) return { text: 'Usage: /paper trends <words> [share]', blocks: [section('trends.usage', 'Usage: `/paper trends <words>` (add `share` to post the chart in the channel), e.g. `/paper trends robustness`.')] };
  if (trend.matched === 0) return { text: `No papers match ${escapeClamped(oneLine(trend.query), 150)}.`, blocks: [section('trends.none', `No papers match ${q}, so there is no trend to chart. Try fewer words, or \`/paper help\`.`)] };
  const span = trend.labels.length ? `${trend.labels[0]} – ${trend.labels[trend.labels.length - 1]}` : '';
  const head = `*${trend.matched.toLocaleString('en-US')}* ${trend.matched === 1 ? 'paper matches' : 'papers match'} ${q}${span ? `, per ${trend.unit} ${escapeClamped(span, 40)}` : ''}`;
  const blocks: KnownBlock[] = [section('trends.head', head)];
  if (trend.labels.length) {
    const peak = trend.labels[trend.counts.indexOf(Math.max(...trend.counts))];
    blocks.push(section('trends.spark', `\`${sparkline(trend.counts)}\`  peak ${escapeClamped(peak, 20)} (${Math.max(...trend.counts)})${trend.cut ? ` · the latest ${trend.labels.length} ${trend.unit}s` : ''}`));
  }
  const undated = trend.counted - trend.dated;
  const facts: string[] = [];
  if (trend.authors.length) facts.push(`*Top authors:* ${trend.authors.map((a) => `${escapeClamped(oneLine(a.name), 60)} (${a.papers})`).join(', ')}`);
  if (trend.terms.length) facts.push(`*Comes with:* ${trend.terms.map((t) => `${escapeClamped(t.word, 40)} (${t.papers})`).join(', ')}`);
  if (facts.length) blocks.push(section('trends.facts', facts.join('\n')));
  const notes = [deliveryNote(delivery)];
  if (trend.counted < trend.matched) notes.push(`Counted: the best ${trend.counted.toLocaleString('en-US')} of ${trend.matched.toLocaleString('en-US')} matches.`);
  if (undated > 0) notes.push(`${undated} matching ${undated === 1 ? 'paper has' : 'papers have'} no date and ${undated === 1 ? 'is' : 'are'} not charted.`);
  blocks.push({ type: 'context', block_id: 'trends.note', elements: notes.map((text) => ({ type: 'mrkdwn' as const, text })) });
  return { text: `${trend.matched} papers match ${escapeClamped(oneLine(trend.query), 150)}${trend.labels.length ? ` ${sparkline(trend.counts)}` : ''}`, blocks };
}

function deliveryNote(d: ChartDelivery): string {
  switch (d.kind) {
    case 'dm':
      return '📈 The chart is in your DM with paperbot (uploads cannot be ephemeral). Add `share` to post it here.';
    case 'channel':
      return `📈 Chart posted in <#${d.channel}>.`;
    case 'file':
      return `📈 Chart written to ${escapeClamped(d.path, 300)}`;
    case 'failed':
      return `No chart image: ${uploadFailureReason(d.error)}. The sparkline above shows the same counts.`;
    case 'none':
      return 'No chart: none of the matches has a date.';
  }
}

function section(blockId: string, text: string): KnownBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } };
}
