// Registers the slash commands.
import type { App } from '@slack/bolt';
import type { Services } from '../services.ts';
import { paperCommand } from './paper.ts';

export function register(app: App, services: Services): void {
  app.command('/paper', (args) => paperCommand(args, services));
}
