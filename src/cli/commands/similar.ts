// `paperbot similar <paper-id | title>`: papers sharing the given paper's most distinctive terms, as text or JSON.
import { findPaper } from '../../search/paper-lookup.ts';
import { parsePaperRef } from '../../search/paper-ref.ts';
import { CliError, parseOptions, type CliCommand } from '../io.ts';
import { COMMON_OPTIONS, intFlag, loadIndex, printResults } from './search.ts';

const USAGE = 'usage: paperbot similar <paper-id | arXiv id | DOI | title> [--limit N] [--offset N] [--json] [--papers PATH ...]';

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
  // A paper id, a pasted arXiv id/URL or DOI, or a title: the same lookup as `/paper like`.
  const found = findPaper(index, ref);
  if (!found && /\s/.test(ref) && !parsePaperRef(ref)) throw new CliError(`no paper titled "${ref}" (to search its words: paperbot search ${ref})`, 1);
  if (!found) throw new CliError(`no paper with id "${ref}" (ids are shown by \`paperbot search --json\`)`, 1);
  const resolved = found.paper.id;
  const results = index.similar(resolved, { limit, offset });
  if (!values.json) io.stdout.write(`Papers like "${found.paper.title}":\n`);
  printResults(results, io, values.json ?? false);
  return 0;
};
