// Wires every listener kind (commands, events, actions) to the app, Slack starter-template style.
import type { App } from '@slack/bolt';
import * as actions from './actions/index.ts';
import * as commands from './commands/index.ts';
import * as events from './events/index.ts';
import type { Services } from './services.ts';
import * as views from './views/index.ts';

export function registerListeners(app: App, services: Services): void {
  commands.register(app, services);
  events.register(app, services);
  actions.register(app, services);
  views.register(app, services);
}
