// PLACEHOLDER CLI entry: `paperbot <command> …`. Returns the exit code.
import { loadCorpus } from '../papers/corpus.ts';
import { SearchIndex } from '../search/search-index.ts';

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'search') {
    const corpus = await loadCorpus(['data/papers']);
    const index = new SearchIndex(corpus.papers);
    const res = index.search(rest.join(' '));
    for (const h of res.hits) console.log(`${h.score.toFixed(2)}  ${h.paper.title}`);
    return 0;
  }
  console.error('usage: paperbot search <query>');
  return 2;
}
