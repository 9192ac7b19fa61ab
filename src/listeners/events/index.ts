// Registers the Events API listeners: mentions in channels, direct messages, and 👍/👎 reactions on one-paper posts.
import type { App } from '@slack/bolt';
import type { Services } from '../services.ts';
import { appMention } from './app-mention.ts';
import { directMessage } from './direct-message.ts';
import { reactionChanged } from './reaction.ts';

export function register(app: App, services: Services): void {
  app.event('app_mention', (args) => appMention(args, services));
  app.event('message', (args) => directMessage(args, services));
  app.event('reaction_added', (args) => reactionChanged(args, services));
  app.event('reaction_removed', (args) => reactionChanged(args, services));
}
