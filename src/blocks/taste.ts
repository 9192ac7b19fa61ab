// How the lab feed says what it learned from: "Ranked by what this lab reads (10 library papers, 4 👍, 1 👎)".

/** What a channel's ranking was learned from, or that there was nothing to learn from. */
export interface TasteSummary {
  /** Papers of the lab's library (the corpus files). */
  library: number;
  /** Papers the channel marked 👍 (net), and 👎. */
  liked: number;
  disliked: number;
  /** Nothing to learn from: the ranking fell back to the topic, or to the paper of the day. */
  cold: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "learned from 10 library papers, 4 👍, 1 👎" */
export function learnedFrom(t: TasteSummary): string {
  const parts = [plural(t.library, 'library paper')];
  if (t.liked) parts.push(`${t.liked} 👍`);
  if (t.disliked) parts.push(`${t.disliked} 👎`);
  return `learned from ${parts.join(', ')}`;
}

/** The context line under a lab-feed digest's header (no user input: nothing to escape). */
export function tasteLine(t: TasteSummary): string {
  if (t.cold) return 'No library papers or 👍 to learn from yet, so these are the newest matches. Mark papers 👍 Relevant or 👎 Not for us to teach me.';
  return `Ranked by what this lab reads (${learnedFrom(t)}). 👍 Relevant / 👎 Not for us teach me more.`;
}
