// Every example the console banner, /paper help and the README print must work on data/papers as shipped.
//
// The examples are read out of the printed text itself (CONSOLE_BANNER, helpMessage(), README.md), so a new
// example that answers nothing fails here. Each one goes through the real /paper listener and the real search
// index built from the shipped seed; nothing is written anywhere.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/feeds/clock.ts';
import { LabFeed } from '../src/library/lab-feed.ts';
import { Library } from '../src/library/library.ts';
import { openStore } from '../src/store/index.ts';
import { helpMessage } from '../src/blocks/help-message.ts';
import type { Message } from '../src/blocks/message.ts';
import { unescapeMrkdwn } from '../src/blocks/mrkdwn.ts';
import { parseDigestCommand } from '../src/digests/command-parser.ts';
import { resolvePaperId } from '../src/listeners/answers.ts';
import { paperCommand, type CommandArgs } from '../src/listeners/commands/paper.ts';
import { parsePaperRequest } from '../src/listeners/paper-request.ts';
import type { Services } from '../src/listeners/services.ts';
import { loadCorpus } from '../src/papers/corpus.ts';
import { SearchIndex } from '../src/search/search-index.ts';
import { parsePaperRef } from '../src/search/paper-ref.ts';
import { CONSOLE_BANNER } from '../src/slack/console-receiver.ts';

type Any = Record<string, any>;

/** An example as printed, and what a user would type in /paper for it (a mention or DM asks the same). */
interface Example {
  where: string;
  printed: string;
  /** The text after `/paper` (or after the bot's mention, or a whole DM). */
  text: string;
}

/** A placeholder (`<topic>`, `[id]`, `…`) is syntax, not something to run. */
const isPlaceholder = (s: string) => /[<>[\]…]|\.\.\./.test(s);

/** `/paper X`, `@paperbot X` or a DM line `X` as the text the listener gets. */
function asRequest(where: string, printed: string): Example | undefined {
  const line = printed.trim();
  if (isPlaceholder(line)) return undefined;
  const slash = /^\/paper(?:\s+([\s\S]*))?$/.exec(line);
  if (slash) return { where, printed: line, text: slash[1] ?? '' };
  const mention = /^@paperbot\b:?\s*([\s\S]*)$/i.exec(line);
  if (mention) return { where, printed: line, text: mention[1] };
  return undefined;
}

/** Banner rows are "  <what you type>   <what it does>"; a row that is a bare number presses a button. */
function bannerExamples(): Example[] {
  const out: Example[] = [];
  for (const row of CONSOLE_BANNER.split('\n')) {
    const typed = /^\s+(\S.*?)\s{2,}\S/.exec(row)?.[1];
    if (!typed || /^\d+$/.test(typed)) continue;
    // Anything that is not a command or a mention is a direct message, read as a search.
    out.push(asRequest('banner', typed) ?? { where: 'banner', printed: typed, text: typed });
  }
  return out;
}

function helpExamples(): Example[] {
  const sections = (helpMessage().blocks as Any[]).filter((b) => b.type === 'section').map((b) => b.text.text as string);
  const spans = sections.flatMap((t) => [...t.matchAll(/`([^`]+)`/g)].map((m) => unescapeMrkdwn(m[1])));
  return spans.map((s) => asRequest('help', s)).filter((e): e is Example => e !== undefined);
}

/** README: `/paper …` and `@paperbot …` in code spans and code blocks, pasted ids, and `paperbot search|similar …`. */
function readmeExamples(): Example[] {
  const text = readFileSync('README.md', 'utf8');
  const out: Example[] = [];
  const spans = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  const blockLines = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1].split('\n'));
  const indented = text.split('\n').filter((l) => /^ {4}\S/.test(l));
  // The README's indented block is the console: a line that is not a command, a mention or a button is a DM.
  const consoleLines = new Set(indented);
  for (const candidate of [...spans, ...blockLines, ...indented]) {
    // A code line may carry its explanation after two or more spaces or a shell comment.
    const typed = candidate.trim().split(/\s{2,}|\s#\s/)[0];
    const request = asRequest('README', typed);
    if (request) out.push(request);
    else if (consoleLines.has(candidate) && !/^\d+$/.test(typed)) out.push({ where: 'README', printed: typed, text: typed });
    else if (parsePaperRef(typed)) out.push({ where: 'README', printed: typed, text: typed });
    const cli = /^(?:npx |node bin\/)?paperbot(?:\.js)? (search|similar) (.+)$/.exec(typed);
    // A CLI search of another corpus (--papers, --batch) is not about the shipped library.
    if (cli && !isPlaceholder(cli[2]) && !/--(papers|batch)\b/.test(cli[2])) {
      const args = cli[2].replace(/\s--\S+(\s+\d+)?/g, '').trim();
      out.push({ where: 'README (CLI)', printed: typed, text: cli[1] === 'similar' ? `like ${args}` : args });
    }
  }
  return out;
}

describe('every printed example works on the shipped library', async () => {
  const corpus = await loadCorpus(['data/papers']);
  const index = new SearchIndex(corpus.papers);
  // The lab feed on a store in a temp folder (never data/), over the shipped library.
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-examples-'));
  const store = openStore(join(dir, 'bot.db'));
  const library = new Library(store.papers, systemClock);
  await library.open(index);
  const services = { index, library, health: { ready: true }, feedback: store.feedback, labFeed: new LabFeed(library, store.feedback), saved: store.saved, log: { warn: () => {} } } as unknown as Services;
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const seedIds = new Set(corpus.papers.map((p) => p.id));

  /** What the real /paper listener responds with. */
  async function answer(text: string): Promise<Message> {
    let reply: Message | undefined;
    const args = { command: { text, channel_id: 'C1', user_id: 'U1' }, ack: async () => {}, respond: async (m: Message) => void (reply = m), client: {} };
    await paperCommand(args as unknown as CommandArgs, services);
    return reply!;
  }
  const cards = (m: Message) => (m.blocks as Any[]).filter((b) => String(b.block_id).endsWith('.main')).length;
  const isError = (m: Message) => (m.blocks as Any[]).some((b) => b.block_id === 'error');

  const examples = [...bannerExamples(), ...helpExamples(), ...readmeExamples()];

  beforeAll(() => {
    expect(corpus.papers.length).toBe(10);
  });

  it('finds examples in each place (the extraction itself works)', () => {
    const count = (where: string) => examples.filter((e) => e.where === where).length;
    expect(count('banner')).toBeGreaterThanOrEqual(4);
    expect(count('help')).toBeGreaterThanOrEqual(8);
    expect(count('README')).toBeGreaterThanOrEqual(8);
    expect(examples.map((e) => e.printed)).toContain('/paper robustness');
  });

  it.each(examples.map((e) => [`${e.where}: ${e.printed}`, e] as const))('%s', async (_, example) => {
    const request = parsePaperRequest(example.text);
    const reply = await answer(example.text);
    // Digests are not enabled on this bare app, so a digest example's reply says so; every other must not be an error.
    if (request.kind !== 'digest') expect(isError(reply), `${example.printed} answered: ${reply.text}`).toBe(false);
    switch (request.kind) {
      case 'help':
        expect(reply.blocks?.[0]).toMatchObject({ block_id: 'help.head' });
        break;
      case 'like': {
        // The id, arXiv id, link or DOI must name a paper in the seed, and it must have neighbours to show.
        const id = resolvePaperId(services, request.paperId);
        expect(id && seedIds.has(id), `${request.paperId} is not a seed paper`).toBe(true);
        expect(index.similar(id!, { limit: 5 }).total).toBeGreaterThan(0);
        expect(cards(reply)).toBeGreaterThan(0);
        break;
      }
      case 'search': {
        const results = index.search(example.text, { limit: 5 });
        expect(results.total, `${example.printed} matches nothing`).toBeGreaterThan(0);
        // An example must work as typed, not through a typo correction.
        expect(results.understoodAs, `${example.printed} only works as "${results.understoodAs}"`).toBeUndefined();
        if (parsePaperRef(example.text)) {
          expect(results.lookup).toBe(true);
          expect(seedIds.has(results.hits[0].paper.id)).toBe(true);
        }
        expect(cards(reply)).toBeGreaterThan(0);
        break;
      }
      case 'saved':
        // Nothing saved yet on this bare app: the answer says how to fill the list.
        expect(JSON.stringify(reply.blocks)).toContain('saved.head');
        break;
      case 'trends':
        // The topic must find dated papers: a sparkline is drawn (the bare app's client cannot upload, which it says).
        expect(reply.text, example.printed).toMatch(/papers? match .* [▁▂▃▄▅▆▇█]+$/);
        break;
      case 'forUs': {
        // The shipped library is the lab's own papers: it is what the feed learns from. With no feed papers yet the
        // answer says where new papers come from, instead of an error or an empty list.
        const text = JSON.stringify(reply.blocks);
        expect(cards(reply) > 0 || (text.includes('forus.none') && text.includes('ARXIV_CATEGORIES')), text).toBe(true);
        break;
      }
      case 'digest': {
        // A digest example answers with a confirmation (digests are off here); its topic must find papers.
        const command = parseDigestCommand(request.text);
        expect(command.kind, example.printed).not.toBe('help');
        if (command.kind === 'add' && command.topic) expect(index.search(command.topic).total, command.topic).toBeGreaterThan(0);
        break;
      }
    }
  });
});
