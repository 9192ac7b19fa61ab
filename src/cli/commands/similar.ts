// `paperbot similar <paper-id>`: papers sharing the given paper's most distinctive terms, as text or JSON.
import { CliError, parseOptions, type CliCommand } from '../io.ts';
import { COMMON_OPTIONS, intFlag, loadIndex, printResults } from './search.ts';

const USAGE = 'usage: paperbot similar <paper-id | arXiv id | DOI> [--limit N] [--offset N] [--json] [--papers PATH ...]';

export const run: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = intFlag(values.limit, 'limit', 5, 1, 1000);
  const offset = intFlag(values.offset, 'offset', 0, 0, 1_000_000);
  const ref = positionals.join(' ').trim();
  if (!ref) throw new CliError(`missing paper id\n${USAGE}`);
  const index = await loadIndex(values.papers, io);
  // A paper id as the corpus gives it, else a pasted arXiv id/URL or DOI resolved through the index.
  let resolved = index.get(ref) ? ref : undefined;
  if (!resolved) {
    const lookup = index.search(ref, { limit: 1 });
    if (lookup.lookup) resolved = lookup.hits[0]?.paper.id;
  }
  if (!resolved) throw new CliError(`no paper with id "${ref}" (ids are shown by \`paperbot search --json\`)`, 1);
  const results = index.similar(resolved, { limit, offset });
  if (!values.json) io.stdout.write(`Papers like "${index.get(resolved)!.title}":\n`);
  printResults(results, io, values.json ?? false);
  return 0;
};
