// Block Kit rendering, the public API: pure functions from search data to Slack messages.
export type { Message, KnownBlock } from './message.ts';
export { ACTION, ACTION_IDS, SURFACES, encodeAction, decodeAction, type ActionId, type ActionState, type Surface } from './actions.ts';
export { cardBlocks, authorsLine, venueYear, type CardOptions } from './card.ts';
export { searchMessage, similarMessage, countPhrase, type SearchMessageOptions, type SimilarMessageOptions } from './search-message.ts';
export { sharedCardMessage, abstractMessage, bibtexMessage } from './paper-messages.ts';
export { toBibtex, citeKey } from './bibtex.ts';
export { helpMessage, errorMessage } from './help-message.ts';
export { digestMessage, type DigestMessageInput } from './digest-message.ts';
export { LIMITS, BlockLimitError, checkMessage, assertMessage } from './limits.ts';
export { messageToConsole, mrkdwnToText, type ConsoleButton, type ConsoleMessage, type ConsoleOptions } from './console.ts';
export { escapeMrkdwn, unescapeMrkdwn, escapeClamped, bold, link, safeUrl, mention, markedSnippet } from './mrkdwn.ts';
export { cardUrl } from './paper-url.ts';
export { forUsMessage, feedbackNoted, withVoteCounts, type ForUsInput } from './lab-feed.ts';
export { tasteLine, learnedFrom, type TasteSummary } from './taste.ts';
export { digestPost, digestReplies, describeSubscription, pauseAdvice, DIGEST_USAGE } from './digest-replies.ts';
