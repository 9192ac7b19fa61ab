// What every button handler shares: reading the button's state, re-rendering its page, and answering the click.
//
// Search results are ephemeral, and block_actions from ephemeral messages carry no `message`, so all
// state comes from the button's value (see blocks/actions.ts), never from body.message.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeAction, errorMessage, type ActionState, type Message } from '../../blocks/index.ts';
import { searchAnswer, similarAnswer, stillIndexing } from '../answers.ts';
import type { Services } from '../services.ts';

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** The button's state, or null for a value we did not make (an old or tampered button). */
export function clickState(action: ButtonAction): ActionState | null {
  return decodeAction(action.value);
}

/** Who clicked, in which workspace: `team` is absent on some payloads (Enterprise Grid), `user.team_id` then says it. */
export function clicker(body: { team?: { id: string } | null; user: { id: string; team_id?: string } }): { teamId: string; userId: string } {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}

export function staleButton(): Message {
  return errorMessage('That button no longer works — search again with /paper <words>.');
}

/**
 * Ephemeral pages (`search`, `similar`) are re-rendered in place; clicks on public messages (mention
 * answers, digests, shared cards) are answered with a new message only the clicker sees, so one person's
 * click never rewrites what the channel sees.
 */
export function editsInPlace(state: ActionState): boolean {
  return state.surface === 'search' || state.surface === 'similar';
}

/** The page the button sat on, re-rendered with `changes` (another card expanded, another offset). */
export function pageFor(services: Services, state: ActionState, changes: Partial<ActionState> = {}): Message {
  const s = { ...state, ...changes };
  // A page reached from a public message continues as an ephemeral page of its own.
  const surface = editsInPlace(s) ? s.surface : s.likeId ? 'similar' : 'search';
  const req = { surface, offset: s.offset, limit: s.limit, expandedId: s.expandedId, truncated: s.truncated } as const;
  return s.likeId ? similarAnswer(services, s.likeId, req) : searchAnswer(services, s.query, req);
}

/** Replaces the message the button is on, or posts a new ephemeral one (see editsInPlace). */
export async function answerClick(respond: RespondFn, message: Message, replace: boolean): Promise<void> {
  await respond(replace ? { replace_original: true, ...message } : { response_type: 'ephemeral', replace_original: false, ...message });
}

export type ButtonHandler = (args: ButtonArgs, services: Services) => Promise<void>;

/**
 * Wraps a button handler: while the corpus is still being indexed (after a restart, clicks on pages posted
 * before it), every lookup would fail, so the clicker gets "still indexing" as a new ephemeral message and the
 * clicked page stays as it was (re-rendering it in place would replace its cards and buttons with the note,
 * and a card's paper would be reported as removed).
 */
export function unlessIndexing(handler: ButtonHandler): ButtonHandler {
  return async (args, services) => {
    if (services.health.ready) return handler(args, services);
    await args.ack();
    await answerClick(args.respond, stillIndexing(), false);
  };
}
