// What /paper, a mention or a DM asked for, and how `like` is answered on the shipped library.
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/blocks/limits.ts';
import type { Message } from '../../src/blocks/message.ts';
import { unescapeMrkdwn } from '../../src/blocks/mrkdwn.ts';
import { cutQuery } from '../../src/listeners/answers.ts';
import { MAX_QUERY_CHARS } from '../../src/search/query.ts';
import { paperCommand, type CommandArgs } from '../../src/listeners/commands/paper.ts';
import type { Services } from '../../src/listeners/services.ts';
import { loadCorpus } from '../../src/papers/corpus.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { fromSlackText, parsePaperRequest, stripBotMention } from '../../src/listeners/paper-request.ts';

describe('parsePaperRequest', () => {
  it('reads help, like, digest and search', () => {
    expect(parsePaperRequest(undefined)).toEqual({ kind: 'help' });
    expect(parsePaperRequest(' HELP ')).toEqual({ kind: 'help' });
    expect(parsePaperRequest('like 2006.14651')).toEqual({ kind: 'like', paperId: '2006.14651' });
    expect(parsePaperRequest('digest')).toEqual({ kind: 'digest', text: '' });
    expect(parsePaperRequest('digest add cs.LG robust')).toEqual({ kind: 'digest', text: 'add cs.LG robust' });
    // A bare `like` asks how to use it, and words after it are a title: neither is a search for "like".
    expect(parsePaperRequest('like')).toEqual({ kind: 'like', paperId: '' });
    expect(parsePaperRequest('LIKE  Do Adversarially Robust ImageNet Models Transfer Better? ')).toEqual({
      kind: 'like',
      paperId: 'Do Adversarially Robust ImageNet Models Transfer Better?',
    });
    expect(parsePaperRequest('likelihood ratio')).toEqual({ kind: 'search', text: 'likelihood ratio' });
    expect(parsePaperRequest('https://arxiv.org/abs/2006.14651')).toEqual({ kind: 'search', text: 'https://arxiv.org/abs/2006.14651' });
  });
});

describe('stripBotMention', () => {
  it('removes the bot mention anywhere, keeps other mentions', () => {
    expect(stripBotMention('<@UBOT> backdoor  attacks', 'UBOT')).toBe('backdoor attacks');
    expect(stripBotMention('ask <@UBOT|paperbot> about <@UOTHER>', 'UBOT')).toBe('ask about <@UOTHER>');
    expect(stripBotMention('<@UBOT123>: robustness')).toBe('robustness');
  });
});

describe('cutQuery', () => {
  it('cuts long input and says so, never splitting a surrogate pair', () => {
    expect(cutQuery('  short ')).toEqual({ query: 'short', truncated: false });
    const long = `${'a'.repeat(MAX_QUERY_CHARS - 1)}😀tail`;
    const cut = cutQuery(long);
    expect(cut.truncated).toBe(true);
    expect(cut.query).toBe('a'.repeat(MAX_QUERY_CHARS - 1));
  });

  it('is the same cap the search applies: a query cut here is not cut again there', async () => {
    const { parseQuery } = await import('../../src/search/query.ts');
    const words = Array.from({ length: 40 }, (_, i) => `representation${i}learning`).join(' ');
    const { query, truncated } = cutQuery(words);
    expect(truncated).toBe(true);
    expect(query.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(query.endsWith(' ')).toBe(false);
    expect(parseQuery(query).truncated).toBe(false);
    expect(parseQuery(words).text).toBe(query);
  });
});

describe('fromSlackText', () => {
  it('unwraps pasted links and decodes Slack entities', () => {
    expect(fromSlackText('<https://arxiv.org/abs/2006.14651>')).toBe('https://arxiv.org/abs/2006.14651');
    expect(fromSlackText('see <https://arxiv.org/abs/2006.14651|arxiv.org/abs/2006.14651> pls')).toBe('see https://arxiv.org/abs/2006.14651 pls');
    expect(fromSlackText('robustness &amp; accuracy &lt;3')).toBe('robustness & accuracy <3');
    expect(parsePaperRequest('<https://arxiv.org/abs/2006.14651>')).toEqual({ kind: 'search', text: 'https://arxiv.org/abs/2006.14651' });
  });
});

describe('/paper like, on the shipped library', async () => {
  const corpus = await loadCorpus(['data/papers']);
  const index = new SearchIndex(corpus.papers);
  const services = { index, health: { ready: true } } as unknown as Services;

  /** What the real /paper listener responds with. */
  async function paper(text: string): Promise<Message> {
    let reply: Message | undefined;
    const args = { command: { text, channel_id: 'C1', user_id: 'U1' }, ack: async () => {}, respond: async (m: Message) => void (reply = m), client: {} };
    await paperCommand(args as unknown as CommandArgs, services);
    expect(checkMessage(reply!)).toEqual([]);
    return reply!;
  }
  type Block = { block_id?: string; text?: { text: string }; elements?: Array<{ text: string }> };
  const blocks = (m: Message) => (m.blocks ?? []) as Block[];
  const cardTitles = (m: Message) => blocks(m).filter((b) => String(b.block_id).endsWith('.main')).map((b) => b.text!.text);
  const head = (m: Message) => unescapeMrkdwn(blocks(m)[0]?.text?.text ?? '');
  const allText = (m: Message) => unescapeMrkdwn(JSON.stringify(m.blocks));

  it('answers a bare `like` with how to use it, and examples that work as typed', async () => {
    const usage = await paper('like');
    expect(blocks(usage)[0].block_id).toBe('like.usage');
    expect(head(usage)).toContain('`/paper like <arXiv id, DOI or paper title>`');
    expect(cardTitles(usage)).toEqual([]);
    const examples = [...head(usage).matchAll(/`\/paper (like [^`<]+)`/g)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const example of examples) {
      const reply = await paper(example);
      expect(head(reply), example).toMatch(/^Papers like \*/);
      expect(cardTitles(reply).length, example).toBeGreaterThan(0);
    }
  });

  it('finds the paper by its exact title and shows papers like it, not itself', async () => {
    const title = 'Do Adversarially Robust ImageNet Models Transfer Better?';
    for (const typed of [title, title.toLowerCase().replace('?', '')]) {
      const reply = await paper(`like ${typed}`);
      expect(head(reply)).toMatch(/^Papers like \*Do Adversarially Robust ImageNet Models Transfer Better\?\* · /);
      expect(cardTitles(reply).length).toBeGreaterThan(0);
      expect(cardTitles(reply).join('\n')).not.toContain(title);
    }
  });

  it('takes the closest title when the words are near one, and its short name', async () => {
    expect(head(await paper('like Adversarially Robust ImageNet Models Transfer'))).toMatch(/^Papers like \*Do Adversarially Robust ImageNet Models Transfer Better\?\*/);
    expect(head(await paper('like breeds'))).toMatch(/^Papers like \*BREEDS: Benchmarks for Subpopulation Shift\*/);
  });

  it('says when no title matches, with a search to try instead', async () => {
    const reply = await paper('like robust imagenet transfer');
    expect(cardTitles(reply)).toEqual([]);
    expect(head(reply)).toBe('No paper in the library has the title *robust imagenet transfer*.');
    expect(allText(reply)).toContain('`/paper robust imagenet transfer`');
  });

  it('says an arXiv id that is not in the library is not there, without guessing by title', async () => {
    const reply = await paper('like 1706.06083');
    expect(cardTitles(reply)).toEqual([]);
    expect(head(reply)).toContain("is not in the lab's library");
  });
});

describe('saved and trends', () => {
  it('reads `saved [words]` and `trends <words> [share]`', () => {
    expect(parsePaperRequest('saved')).toEqual({ kind: 'saved', text: '' });
    expect(parsePaperRequest('saved robust models')).toEqual({ kind: 'saved', text: 'robust models' });
    expect(parsePaperRequest('trends robustness')).toEqual({ kind: 'trends', text: 'robustness', share: false });
    expect(parsePaperRequest('trends large language models share')).toEqual({ kind: 'trends', text: 'large language models', share: true });
    expect(parsePaperRequest('trendsetters')).toEqual({ kind: 'search', text: 'trendsetters' });
  });
});
