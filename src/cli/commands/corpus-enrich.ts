// `paperbot corpus enrich`: looks library papers up once on arXiv and Crossref and stores what they lack (docs/links.md).
import { existsSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { ArxivClient } from '../../feeds/arxiv-client.ts';
import { realSleep, systemClock } from '../../feeds/clock.ts';
import { enrichmentLines, enrichReportText } from '../../blocks/enrich-text.ts';
import { CrossrefClient } from '../../links/crossref.ts';
import { enrichLibrary } from '../../links/enrich.ts';
import { loadCorpus } from '../../papers/corpus.ts';
import type { Paper } from '../../papers/paper.ts';
import { connectStore } from '../../store/index.ts';
import { CliError, parseOptions, type CliCommand, type CliIO, requireConfig } from '../io.ts';

export const ENRICH_USAGE = 'usage: paperbot corpus enrich [--owner "First Last"] [--again] [--json] [PATH ...]   (default: PAPERS_PATH)';

/** Runs the lookups and prints one line per paper, then the totals. Exit 0, or 1 when lookups failed (run it again). */
export const runEnrich: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args, { owner: { type: 'string' }, again: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(`${ENRICH_USAGE}\n`);
    return 0;
  }
  const config = requireConfig();
  const corpus = await loadCorpus(positionals.length ? positionals : config.papersPath);
  if (!corpus.papers.length) throw new CliError(`no papers in ${(positionals.length ? positionals : config.papersPath).join(', ')}`, 1);
  const store = await connectStore(config);
  const arxiv = new ArxivClient({ apiUrl: config.arxiv.apiUrl, clock: systemClock, sleep: realSleep });
  const crossref = new CrossrefClient({ apiUrl: config.lookups.crossrefUrl, mailto: config.lookups.crossrefMailto });
  try {
    const report = await enrichLibrary({
      papers: corpus.papers,
      owner: values.owner,
      arxiv,
      crossref,
      store: store.enrichments,
      clock: systemClock,
      again: values.again,
      onPaper: (o) => values.json || io.stdout.write(`${enrichmentLines([o]).join('\n')}\n`),
    }).catch((err: Error) => {
      if (/no profile owner/.test(err.message)) throw new CliError(err.message, 2);
      throw err;
    });
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : enrichReportText(report));
    return report.failed ? 1 : 0;
  } finally {
    arxiv.stop();
    await store.close();
  }
};

/** `corpus check`: the enrichment outcomes stored for these papers, when the database exists (never creates one). */
export async function storedEnrichment(papers: readonly Paper[], config: Pick<Config, 'databasePath' | 'databaseUrl'> | undefined, io: CliIO): Promise<void> {
  if (!config || (!config.databaseUrl && !existsSync(config.databasePath))) return;
  const store = await connectStore(config);
  try {
    const ids = new Set(papers.map((p) => p.id));
    const outcomes = [...(await store.enrichments.outcomes()).values()].filter((o) => ids.has(o.paperId));
    if (outcomes.length) io.stdout.write(`\nenrichment (${outcomes.length} looked up, from ${store.location}):\n${enrichmentLines(outcomes).map((l) => `  ${l}`).join('\n')}\n`);
  } finally {
    await store.close();
  }
}
