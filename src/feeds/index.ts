// The feeds stage's public surface: the arXiv API poller, the corpus file watcher and the injectable clock.
export { ArxivPoller, arxivSearchQuery, ARXIV_FEED, type ArxivPollerOptions, type PollResult } from './arxiv-poller.ts';
export { CorpusWatcher, type CorpusWatcherOptions } from './corpus-watcher.ts';
export { systemClock, realSleep, type Clock, type Sleep } from './clock.ts';
