// What every listener is given: config, log, the search index, readiness, and the optional digest service.
import type { webApi } from '@slack/bolt';
import type { Message } from '../blocks/message.ts';
import type { Config } from '../config.ts';
import type { Library } from '../library/library.ts';
import type { Log } from '../log.ts';
import type { SearchIndex } from '../search/search-index.ts';

/** A `/paper digest …` request as the digest service receives it. */
export interface DigestCommandRequest {
  /** The text after "digest", e.g. "add robustness". */
  text: string;
  channelId: string;
  userId: string;
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
}
