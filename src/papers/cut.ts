// The one surrogate-safe cutter: every place that shortens user or paper text (queries, button values, messages).

/**
 * The first `max` UTF-16 units of `s`, one fewer when the cut would fall between the two halves of a surrogate
 * pair (an emoji or other astral character): a lone half is invalid UTF-16, and Slack rejects it.
 */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
