// Registers the Events API listeners: mentions in channels and direct messages.
import type { App } from '@slack/bolt';
import type { Services } from '../services.ts';
import { appMention } from './app-mention.ts';
import { directMessage } from './direct-message.ts';

export function register(app: App, services: Services): void {
  app.event('app_mention', (args) => appMention(args, services));
  app.event('message', (args) => directMessage(args, services));
}
