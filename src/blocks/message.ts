// The message shape every renderer returns: fallback text plus Block Kit blocks.
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;

/** What a listener posts or responds with. `text` is the notification/fallback text Slack requires next to blocks. */
export interface Message {
  text: string;
  blocks?: KnownBlock[];
}
