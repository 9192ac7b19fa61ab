// Registers one handler per card/page button (action ids from blocks/actions.ts).
import { unlessStoreDown } from '../degrade.ts';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../blocks/index.ts';
import type { Services } from '../services.ts';
import { hideAbstract, showAbstract } from './abstract.ts';
import { showBibtex } from './bibtex.ts';
import { markNotForUs, markRelevant } from './feedback.ts';
import { clicker, unlessIndexing, type ButtonHandler } from './click.ts';
import { digestPause, digestResume, homeBibtex, homeExport, homePage, homeRemove, modalPage, modalSave, modalUnsave, openSearch, type ViewButtonHandler } from './home.ts';
import { nextResults } from './next.ts';
import { savedPage, savePaper, unsavePaper } from './save.ts';
import { decodeAction } from '../../blocks/actions.ts';
import { withSaved } from '../../blocks/saved.ts';
import { markShares } from '../shared-links.ts';
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
  [ACTION.save]: savePaper,
  [ACTION.unsave]: unsavePaper,
  [ACTION.savedPage]: savedPage,
};

/** Buttons on views (the App Home, the search modal): no response_url, so no "still indexing" reply either. */
const VIEW_HANDLERS: Record<string, ViewButtonHandler> = {
  [ACTION.homeSearch]: openSearch,
  [ACTION.homePage]: homePage,
  [ACTION.homeRemove]: homeRemove,
  [ACTION.homeBibtex]: homeBibtex,
  [ACTION.homeExport]: homeExport,
  [ACTION.homeDigestPause]: digestPause,
  [ACTION.homeDigestResume]: digestResume,
  [ACTION.modalPage]: modalPage,
  [ACTION.modalSave]: modalSave,
  [ACTION.modalUnsave]: modalUnsave,
};

/**
 * Pages are rendered for anyone; what the clicker sees marks their own saved papers "Saved ✓". Wrapping respond
 * once here covers every handler that redraws a page (next, abstract, save, …).
 */
function markingSaved(handler: ButtonHandler): ButtonHandler {
  return (args, services) => {
    const saved = services.saved;
    const { teamId } = clicker(args.body);
    const mark = async (msg: any) => {
      const own = saved ? withSaved(msg, await unlessStoreDown(() => saved.ids(teamId, args.body.user.id), new Set<string>(), services.log, 'Saved marks')) : msg;
      // A card already on the shared surface carries its "shared by" line.
      return decodeAction(args.action.value)?.surface === 'shared' ? own : markShares(services, teamId, own);
    };
    const respond: typeof args.respond = async (msg) => args.respond(typeof msg === 'string' ? msg : ((await mark(msg)) as typeof msg));
    return handler({ ...args, respond }, services);
  };
}

export function register(app: App, services: Services): void {
  for (const [actionId, handler] of Object.entries(HANDLERS)) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, (args) => unlessIndexing(markingSaved(handler))(args, services));
  }
  for (const [actionId, handler] of Object.entries(VIEW_HANDLERS)) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, (args) => handler(args, services));
  }
}
