// Registers the Events API listeners: mentions in channels, direct messages, 👍/👎 reactions on one-paper posts, paper
// links, and a workspace uninstalling the app or revoking its token.
import type { App } from '@slack/bolt';
import type { Services } from '../services.ts';
import { appHomeOpened } from './app-home.ts';
import { appMention } from './app-mention.ts';
import { appUninstalled } from './app-uninstalled.ts';
import { directMessage } from './direct-message.ts';
import { linkShared } from './link-shared.ts';
import { reactionChanged } from './reaction.ts';
import { tokensRevoked } from './tokens-revoked.ts';

export function register(app: App, services: Services): void {
  app.event('app_mention', (args) => appMention(args, services));
  app.event('message', (args) => directMessage(args, services));
  app.event('reaction_added', (args) => reactionChanged(args, services));
  app.event('reaction_removed', (args) => reactionChanged(args, services));
  app.event('app_home_opened', (args) => appHomeOpened(args, services));
  app.event('link_shared', (args) => linkShared(args, services));
  if (services.workspaces) {
    const deps = { ...services.workspaces, log: services.log };
    app.event('app_uninstalled', (args) => appUninstalled(args, deps));
    app.event('tokens_revoked', (args) => tokensRevoked(args, deps));
  }
}
