// The lab feed: a channel's taste (the library, its 👍 and 👎) turned into a ranking of new papers, with why.
import type { CardWhy } from '../blocks/card.ts';
import type { TasteSummary } from '../blocks/taste.ts';
import type { Paper } from '../papers/paper.ts';
import type { FeedbackStore } from '../store/types.ts';
import type { Library } from './library.ts';

/** Where a ranking is asked for: a channel of a workspace. */
export interface ChannelRef {
  teamId: string;
  channel: string;
}

export interface Pick {
  paper: Paper;
  score: number;
  why: CardWhy;
}

export interface LabRanking {
  /** Best first; empty when there was nothing new to rank, or on a cold start. */
  picks: Pick[];
  /** What the ranking learned from; `cold` when there was nothing (the caller falls back and says so). */
  taste: TasteSummary;
}

export interface RankRequest extends ChannelRef {
  /** Most papers returned. */
  limit: number;
  /** Rank only these paper ids (a topic's matches). Default: every paper that came from a feed. */
  among?: Iterable<string>;
  /** Never these (already posted in the channel). */
  exclude?: ReadonlySet<string>;
}

/** Feed papers a ranking without a topic considers: the newest this many (a few days of arXiv's cs listings). */
export const LAB_CANDIDATES = 2000;

export class LabFeed {
  constructor(
    private readonly library: Library,
    private readonly feedback: FeedbackStore,
  ) {}

  /**
   * The channel's profile. Positives: the library (corpus files) and the channel's 👍; negatives: its 👎 (the
   * recommender adds a sample of the feed as background). Read at each call, so a click counts at the next ranking.
   */
  async profile(ref: ChannelRef): Promise<{ liked: string[]; disliked: string[]; taste: TasteSummary }> {
    const votes = await this.feedback.taste(ref.teamId, ref.channel);
    const disliked = new Set(votes.disliked);
    // The library's newest papers (TASTE_LIBRARY_MAX at most), read from the index's dates, not its records.
    const library = this.library.tasteLibrary().filter((id) => !disliked.has(id));
    const liked = [...new Set([...votes.liked, ...library])];
    const known = (ids: string[]) => ids.filter((id) => this.library.get(id)).length;
    const taste: TasteSummary = { library: library.length, liked: known(votes.liked), disliked: known(votes.disliked), cold: liked.length === 0 };
    return { liked, disliked: votes.disliked, taste };
  }

  /** The best papers for the channel, with why. Papers of the library and the channel's own 👍/👎 are never picked. */
  async rank(req: RankRequest): Promise<LabRanking> {
    const { liked, disliked, taste } = await this.profile(req);
    if (taste.cold) return { picks: [], taste };
    const exclude = req.exclude ?? new Set<string>();
    // Without a topic, the newest LAB_CANDIDATES feed papers not posted here yet, newest merged first: "new papers"
    // for a digest or `/paper for us`, at a cost that stays bounded however long the bot has been polling.
    const candidates = req.among ? [...req.among].filter((id) => !exclude.has(id) && !this.library.inCorpus(id)) : this.library.newestFeedIds(LAB_CANDIDATES, exclude);
    // Nothing new to rank: say so without building the profile (which costs more the larger the library).
    if (candidates.length === 0) return { picks: [], taste };
    const recs = this.library.recommender([...liked, ...disliked]).rank({ liked, disliked }, candidates, req.limit);
    if (recs === null) return { picks: [], taste: { ...taste, cold: true } };
    const picks: Pick[] = [];
    for (const r of recs) {
      const paper = this.library.get(r.id);
      const like = this.library.get(r.why.like);
      if (paper) picks.push({ paper, score: r.score, why: { likeTitle: like?.title ?? r.why.like, shared: r.why.shared } });
    }
    return { picks, taste };
  }
}
