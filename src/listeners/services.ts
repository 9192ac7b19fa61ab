// What every listener is given: config, log, the search index, readiness, and the optional digest service.
import type { webApi } from '@slack/bolt';
import type { Message } from '../blocks/message.ts';
import type { Config } from '../config.ts';
import type { LabFeed } from '../library/lab-feed.ts';
import type { Library } from '../library/library.ts';
import type { Links } from '../links/index.ts';
import type { ChannelRef, FeedbackStore, HomeDigests, SavedStore } from '../store/types.ts';
import type { Log } from '../log.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { WorkspaceLifecycle } from '../slack/oauth.ts';

/** A `/paper digest …` request as the digest service receives it. */
export interface DigestCommandRequest {
  /** The text after "digest", e.g. "add robustness". */
  text: string;
  channelId: string;
  userId: string;
  /** Workspace id (team_id); '' when Slack did not say. */
  teamId?: string;
  /** The request's WebClient (users.info for the subscriber's timezone, chat.postMessage for previews). */
  client: webApi.WebClient;
}

/** The part of the digest service /paper needs; absent when digests are not enabled. */
export interface DigestCommands {
  command(req: DigestCommandRequest): Promise<Message>;
}

export interface Services {
  config: Config;
  log: Log;
  /** The lab's papers and the index over them (src/library); grows as feeds bring papers. */
  library?: Library;
  /** The index searched now (the library's; empty until the corpus is indexed). Read it at call time, never cache it. */
  readonly index: SearchIndex;
  /** False until the corpus is indexed: listeners then answer "still indexing". */
  health: { ready: boolean };
  digests?: DigestCommands;
  /** 👍/👎 per channel and person (absent: the lab feed is off, e.g. a listener test without a store). */
  feedback?: FeedbackStore;
  /** Ranks new papers by a channel's taste (`/paper for us`). */
  labFeed?: LabFeed;
  /** Papers digests already posted in a channel (the ledger): `/paper for us` leaves them out. */
  postedIn?: (ch: ChannelRef) => Promise<ReadonlySet<string>>;
  /** Reading lists (Save on a card, `/paper saved`, the App Home); absent: saving is off (no store). */
  saved?: SavedStore;
  /** The digests an App Home lists, with Pause. */
  homeDigests?: HomeDigests;
  /** When the arXiv poller last polled (the App Home's library line); undefined when it never did or is off. */
  lastPoll?: () => Promise<Date | undefined>;
  /** Paper links: lookups for unfurls and the lab's memory of shares (absent: no unfurls, nothing remembered). */
  links?: Links;
  /**
   * What app_uninstalled and tokens_revoked act on: the workspace's OAuth installation (absent with a single
   * SLACK_BOT_TOKEN) and its digests, paused. Absent: those events are not listened to.
   */
  workspaces?: Omit<WorkspaceLifecycle, 'log'>;
  /** Clock for feedback times. Default the system clock. */
  now?: () => Date;
}
