// PLACEHOLDER: `paperbot search <query>` (to be replaced by the search work).
import { loadCorpus } from '../../papers/corpus.ts';
import { SearchIndex } from '../../search/search-index.ts';
import type { CliCommand } from '../io.ts';

export const run: CliCommand = async (args, io) => {
  const corpus = await loadCorpus(['data/papers']);
  const index = new SearchIndex(corpus.papers);
  for (const h of index.search(args.join(' ')).hits) io.stdout.write(`${h.score.toFixed(2)}  ${h.paper.title}\n`);
  return 0;
};
