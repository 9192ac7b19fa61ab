// The message shape every renderer returns: fallback text plus Block Kit blocks.
import type { KnownBlock } from '@slack/bolt';

/** What a listener posts or responds with. `text` is the notification/fallback text Slack requires next to blocks. */
export interface Message {
  text: string;
  blocks?: KnownBlock[];
}
