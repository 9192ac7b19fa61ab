// The `paperbot` command line: picks a subcommand module and turns user mistakes into a message and exit code.
import { CliError, type CliIO, type CliCommand } from './io.ts';

const USAGE = `usage: paperbot <command> [options]

commands:
  start                         start the Slack bot (a local console when no Slack tokens are set)
  search <query> [--limit N] [--json] [--papers PATH ...]
  search --batch QUERIES.jsonl [--limit N] [--json] [--papers PATH ...]
  similar <arXiv id, DOI, paper id or title> [--json] [--papers PATH ...]
  recommend --batch PROFILES.jsonl [--limit N] [--json] [--papers PATH ...]   rank papers for liked/disliked profiles
  corpus check [PATH ...]       counts per file, duplicates, bad records, and what enrichment found
  corpus enrich [--owner NAME] [--again] [PATH ...]   look up missing arXiv ids, DOIs, years, co-authors once
  digest send <channel-id>      post that channel's digests now
  digest preview <channel-id>   print that channel's digests without posting
`;

/** Each subcommand lives in its own module, loaded only when asked for (start-up stays fast). */
const COMMANDS: Record<string, () => Promise<{ run: CliCommand }>> = {
  start: () => import('./commands/start.ts'),
  search: () => import('./commands/search.ts'),
  similar: () => import('./commands/similar.ts'),
  recommend: () => import('./commands/recommend.ts'),
  corpus: () => import('./commands/corpus.ts'),
  digest: () => import('./commands/digest.ts'),
};

export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`paperbot: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const { run } = await load();
    // `start` stops through its own shutdown; any other command is stopped by a signal as usual, and one that came
    // while the modules loaded ends it before it begins.
    if (name !== 'start' && io.early) {
      io.early.release();
      const [signal] = io.early.received;
      if (signal) return signal === 'SIGINT' ? 130 : 0;
    }
    return await run(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`paperbot ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
