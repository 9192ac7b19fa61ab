// app_uninstalled: the workspace removed paperbot. Its installation (tokens) is deleted and its digests paused.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { forgetWorkspace, type WorkspaceLifecycle } from '../../slack/oauth.ts';

export type AppUninstalledArgs = Pick<AllMiddlewareArgs, 'context'> & Pick<SlackEventMiddlewareArgs<'app_uninstalled'>, 'body'>;

/**
 * Bolt runs this listener without authorizing the event (the tokens are already dead), so the workspace comes from
 * the envelope, as Bolt copies it into `context`.
 */
export async function appUninstalled({ context, body }: AppUninstalledArgs, deps: WorkspaceLifecycle): Promise<void> {
  await forgetWorkspace(deps, { teamId: context.teamId ?? body.team_id, enterpriseId: context.enterpriseId ?? body.enterprise_id, isEnterpriseInstall: context.isEnterpriseInstall }, 'app_uninstalled');
}
