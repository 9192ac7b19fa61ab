// The lab's memory of shared paper links: remember a share, list what was shared, forget one's own share.
import type { Library } from '../library/library.ts';
import type { Log } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import type { FeedbackStore } from '../store/feedback.ts';
import type { PaperStore } from '../store/paper-store.ts';
import type { Share, ShareStore } from '../store/shares.ts';

/** Where shared papers that are not in the library files are kept (the `papers` table's source), so a restart has them. */
export const SHARED_SOURCE = 'shared';

/** `/paper shared today|week|month`: how far back, from now. */
export type SharedPeriod = 'today' | 'week' | 'month' | 'all';

const PERIOD_MS: Record<Exclude<SharedPeriod, 'all' | 'today'>, number> = { week: 7 * 86_400_000, month: 30 * 86_400_000 };

export interface SharedPaper {
  paper: Paper;
  /** Its latest share (who, where, when). */
  share: Share;
}

export interface SharedMemoryOptions {
  shares: ShareStore;
  papers: PaperStore;
  feedback?: FeedbackStore;
  library: Library;
  log: Log;
}

export class SharedMemory {
  constructor(private readonly o: SharedMemoryOptions) {}

  /**
   * Remembers that `userId` shared `paper` in a channel: the paper joins the searchable library (kept in the store
   * when it is not from the library files), and counts as the sharer's 👍 for the channel's lab feed. Only the
   * paper, the person, the channel, the message ts and the link are kept, nothing else of the message.
   * Returns false when this message's share was already remembered.
   */
  async remember(share: Share, paper: Paper): Promise<boolean> {
    const { library } = this.o;
    if (!library.get(paper.id)) {
      await this.o.papers.saveFetched([paper], SHARED_SOURCE, share.at);
      library.merge([paper]);
    }
    const fresh = await this.o.shares.record({ ...share, paperId: paper.id });
    if (fresh) await this.o.feedback?.vote({ teamId: share.teamId, channel: share.channel, userId: share.userId, paperId: paper.id }, 1, 'share', share.at);
    if (fresh) this.o.log.info({ event: 'paper_shared', channel: share.channel, user: share.userId, paper: paper.id }, 'paper link remembered');
    return fresh;
  }

  /** Shared papers kept in the store (not in the library files), for the library to take back at start. */
  stored(): Promise<{ papers: Paper[]; skipped: number }> {
    return this.o.papers.loadFetched(SHARED_SOURCE);
  }

  /** What the workspace shared in the period, newest first, each paper once (its latest share); within `among` when given. */
  async list(teamId: string, period: SharedPeriod, now: Date, among?: ReadonlySet<string>, limit = 50): Promise<SharedPaper[]> {
    const since = period === 'all' ? undefined : period === 'today' ? startOfUtcDay(now) : new Date(now.getTime() - PERIOD_MS[period]);
    const seen = new Set<string>();
    const out: SharedPaper[] = [];
    for (const share of await this.o.shares.list({ teamId, since, paperIds: among, limit: 1000 })) {
      if (seen.has(share.paperId)) continue;
      seen.add(share.paperId);
      const paper = this.o.library.get(share.paperId);
      if (paper) out.push({ paper, share });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The latest share of a paper in the workspace (a card's "shared by" line). */
  latest(teamId: string, paperId: string): Promise<Share | undefined> {
    return this.o.shares.latest(teamId, paperId);
  }

  /** Removes the person's own shares of a paper and the 👍 they gave; returns the channels it was shared in. */
  async forget(teamId: string, userId: string, paperId: string): Promise<string[]> {
    const removed = await this.o.shares.forget(teamId, userId, paperId);
    const channels = [...new Set(removed.map((s) => s.channel))];
    for (const channel of channels) await this.o.feedback?.unvoteShare({ teamId, channel, userId, paperId });
    if (removed.length) this.o.log.info({ event: 'share_forgotten', user: userId, paper: paperId, shares: removed.length }, 'share forgotten');
    return channels;
  }
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
