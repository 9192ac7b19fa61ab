// Registers one handler per card/page button (action ids from blocks/actions.ts).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../blocks/index.ts';
import type { Services } from '../services.ts';
import { hideAbstract, showAbstract } from './abstract.ts';
import { showBibtex } from './bibtex.ts';
import { markNotForUs, markRelevant } from './feedback.ts';
import { unlessIndexing, type ButtonHandler } from './click.ts';
import { nextResults } from './next.ts';
import { shareToChannel } from './share.ts';
import { moreLikeThis } from './similar.ts';
import { runSuggestion } from './suggest.ts';

const HANDLERS: Record<string, ButtonHandler> = {
  [ACTION.abstract]: showAbstract,
  [ACTION.abstractHide]: hideAbstract,
  [ACTION.similar]: moreLikeThis,
  [ACTION.share]: shareToChannel,
  [ACTION.bibtex]: showBibtex,
  [ACTION.next]: nextResults,
  [ACTION.previous]: nextResults,
  [ACTION.suggest]: runSuggestion,
  [ACTION.relevant]: markRelevant,
  [ACTION.notForUs]: markNotForUs,
};

export function register(app: App, services: Services): void {
  for (const [actionId, handler] of Object.entries(HANDLERS)) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, (args) => unlessIndexing(handler)(args, services));
  }
}
