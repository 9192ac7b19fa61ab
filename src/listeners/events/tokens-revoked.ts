// tokens_revoked: a workspace revoked paperbot's bot token. Its installation is deleted and its digests paused.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { forgetWorkspace, type WorkspaceLifecycle } from '../../slack/oauth.ts';

export type TokensRevokedArgs = Pick<AllMiddlewareArgs, 'context'> & Pick<SlackEventMiddlewareArgs<'tokens_revoked'>, 'body' | 'event'>;

/**
 * https://docs.slack.dev/reference/events/tokens_revoked: `tokens.bot` lists revoked bot tokens, `tokens.oauth` user
 * tokens. paperbot acts with its bot token only, so a revoked user token (the installer's, which it never uses)
 * changes nothing; a revoked bot token leaves nothing to act with.
 */
export async function tokensRevoked({ context, body, event }: TokensRevokedArgs, deps: WorkspaceLifecycle): Promise<void> {
  const bots = event.tokens?.bot ?? [];
  const teamId = context.teamId ?? body.team_id;
  if (bots.length === 0) {
    deps.log.info({ event: 'tokens_revoked', team: teamId, user_tokens: event.tokens?.oauth?.length ?? 0 }, 'only user tokens were revoked; the bot keeps working');
    return;
  }
  await forgetWorkspace(deps, { teamId, enterpriseId: context.enterpriseId ?? body.enterprise_id, isEnterpriseInstall: context.isEnterpriseInstall }, 'tokens_revoked');
}
