import { describe, expect, it } from 'vitest';
import { cutQuery, MAX_QUERY_CHARS } from '../../src/listeners/answers.ts';
import { fromSlackText, parsePaperRequest, stripBotMention } from '../../src/listeners/paper-request.ts';

describe('parsePaperRequest', () => {
  it('reads help, like, digest and search', () => {
    expect(parsePaperRequest(undefined)).toEqual({ kind: 'help' });
    expect(parsePaperRequest(' HELP ')).toEqual({ kind: 'help' });
    expect(parsePaperRequest('like 2006.14651')).toEqual({ kind: 'like', paperId: '2006.14651' });
    expect(parsePaperRequest('digest')).toEqual({ kind: 'digest', text: '' });
    expect(parsePaperRequest('digest add cs.LG robust')).toEqual({ kind: 'digest', text: 'add cs.LG robust' });
    expect(parsePaperRequest('like')).toEqual({ kind: 'search', text: 'like' });
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
});

describe('fromSlackText', () => {
  it('unwraps pasted links and decodes Slack entities', () => {
    expect(fromSlackText('<https://arxiv.org/abs/2006.14651>')).toBe('https://arxiv.org/abs/2006.14651');
    expect(fromSlackText('see <https://arxiv.org/abs/2006.14651|arxiv.org/abs/2006.14651> pls')).toBe('see https://arxiv.org/abs/2006.14651 pls');
    expect(fromSlackText('robustness &amp; accuracy &lt;3')).toBe('robustness & accuracy <3');
    expect(parsePaperRequest('<https://arxiv.org/abs/2006.14651>')).toEqual({ kind: 'search', text: 'https://arxiv.org/abs/2006.14651' });
  });
});
