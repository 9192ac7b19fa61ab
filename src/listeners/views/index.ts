// Registers the view_submission listeners (modals).
import type { App } from '@slack/bolt';
import { SEARCH_MODAL } from '../../blocks/home.ts';
import type { Services } from '../services.ts';
import { searchSubmitted } from './search-modal.ts';

export function register(app: App, services: Services): void {
  app.view(SEARCH_MODAL, (args) => searchSubmitted(args as Parameters<typeof searchSubmitted>[0], services));
}
