// App Home and search-modal buttons: open the search, page the list, Remove, BibTeX, Export, Pause/Resume a digest.
//
// Views have no response_url: every answer here is a views.publish (the Home), views.open / push / update (modals),
// or a DM (the exported .bib file).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { toBibtexFile } from '../../blocks/bibtex-file.ts';
import { bibtexModalView, MODAL_PAGE, noteModalView, searchModalView } from '../../blocks/home.ts';
import { decodeAction } from '../../blocks/index.ts';
import type { Paper } from '../../papers/paper.ts';
import { cutQuery, paperById } from '../answers.ts';
import { publishHome, type Reader } from '../reading-list.ts';
import type { Services } from '../services.ts';
import { clicker } from './click.ts';
import { dmChannel, slackError } from '../trends.ts';

export type ViewButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
export type ViewButtonHandler = (args: ViewButtonArgs, services: Services) => Promise<void>;

function reader(body: BlockAction): Reader {
  return clicker(body);
}

/** The Home's reading-list page now shown (kept in the view's private_metadata). */
function homeOffset(body: BlockAction): number {
  try {
    const o = JSON.parse(String(body.view?.private_metadata ?? '{}')).o;
    return Number.isInteger(o) && o >= 0 ? o : 0;
  } catch {
    return 0;
  }
}

/** The search modal with `query` searched at `offset`. */
export async function searchModal(services: Services, who: Reader, query: string, offset = 0) {
  const q = cutQuery(query).query;
  const results = q && services.health.ready ? services.index.search(q, { limit: MODAL_PAGE, offset }) : undefined;
  return searchModalView({ query: q, results, saved: (await services.saved?.ids(who.teamId, who.userId)) ?? new Set<string>() });
}

export const openSearch: ViewButtonHandler = async ({ ack, body, client }, services) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: (await searchModal(services, reader(body), '')) as any });
};

export const homePage: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  await publishHome(client, services, reader(body), decodeAction(action.value)?.offset ?? 0);
};

export const homeRemove: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  const paperId = decodeAction(action.value)?.paperId;
  const who = reader(body);
  if (paperId) await services.saved?.remove({ ...who, paperId });
  await publishHome(client, services, who, homeOffset(body));
};

/** BibTeX from the Home (a new modal) or from the search modal (pushed on top of it). */
export const homeBibtex: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  const paperId = decodeAction(action.value)?.paperId;
  const paper = paperId ? paperById(services, paperId) : undefined;
  const view = (paper ? bibtexModalView(paper) : noteModalView('BibTeX', 'That paper is no longer in the library.')) as any;
  if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
};

/** Every saved paper as one .bib file in the user's DM (files.uploadV2 needs files:write; a failure is shown in a modal). */
export const homeExport: ViewButtonHandler = async ({ ack, body, client }, services) => {
  await ack();
  const who = reader(body);
  const papers = ((await services.saved?.list(who.teamId, who.userId)) ?? []).map((s) => paperById(services, s.paperId)).filter((p): p is Paper => !!p);
  if (!papers.length) {
    await client.views.open({ trigger_id: body.trigger_id, view: noteModalView('Export', 'Your reading list is empty: nothing to export.') as any });
    return;
  }
  try {
    const channel = await dmChannel(client, who.userId);
    await client.filesUploadV2({ channel_id: channel, file: Buffer.from(toBibtexFile(papers), 'utf8'), filename: 'reading-list.bib', title: `Reading list (${papers.length} papers)`, initial_comment: `Your reading list: ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'} as BibTeX.` });
  } catch (err) {
    const error = slackError(err);
    services.log.warn({ event: 'export_upload_failed', error }, 'reading-list export upload failed');
    const why = error === 'missing_scope' ? 'paperbot needs the `files:write` scope to send files: add it in the app’s OAuth settings and reinstall.' : `Slack refused the upload (${error}).`;
    await client.views.open({ trigger_id: body.trigger_id, view: noteModalView('Export failed', why) as any });
  }
};

export const digestPause: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  const who = reader(body);
  const sub = await visibleDigest(services, who, action.value);
  if (sub && sub.status === 'active') await services.homeDigests!.pause(sub.id, who.userId, who.teamId);
  await publishHome(client, services, who, homeOffset(body));
};

/** Resume goes through the digest commands, so the scheduler re-arms and catches up like `/paper digest resume`. */
export const digestResume: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  const who = reader(body);
  const sub = await visibleDigest(services, who, action.value);
  if (sub && sub.status === 'paused' && services.digests) await services.digests.command({ text: `resume ${sub.id}`, channelId: sub.channel, userId: who.userId, teamId: who.teamId, client });
  await publishHome(client, services, who, homeOffset(body));
};

/** The digest a Pause/Resume button names, only if this person's Home lists it (a forged value does nothing). */
async function visibleDigest(services: Services, who: Reader, value: string | undefined) {
  const id = Number(value);
  if (!Number.isInteger(id) || !services.homeDigests) return undefined;
  return (await services.homeDigests.visibleTo(who.teamId, who.userId)).find((s) => s.id === id);
}

/** Search modal: another page, in place. */
export const modalPage: ViewButtonHandler = async ({ ack, action, body, client }, services) => {
  await ack();
  const state = decodeAction(action.value);
  if (!body.view?.id || !state) return;
  await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: (await searchModal(services, reader(body), state.query, state.offset)) as any });
};

/** Search modal: Save / Saved ✓, redrawn in place; the Home is republished with the new list. */
async function modalToggle({ ack, action, body, client }: ViewButtonArgs, services: Services, save: boolean): Promise<void> {
  await ack();
  const state = decodeAction(action.value);
  const who = reader(body);
  if (!state?.paperId || !services.saved || !body.view?.id) return;
  if (save) await services.saved.save({ ...who, paperId: state.paperId }, '', services.now?.() ?? new Date());
  else await services.saved.remove({ ...who, paperId: state.paperId });
  await client.views.update({ view_id: body.view.id, view: (await searchModal(services, who, state.query, state.offset)) as any });
  await publishHome(client, services, who).catch((err) => services.log.warn({ event: 'home_publish_failed', error: slackError(err) }, 'could not republish the App Home'));
}

export const modalSave: ViewButtonHandler = (args, services) => modalToggle(args, services, true);
export const modalUnsave: ViewButtonHandler = (args, services) => modalToggle(args, services, false);
