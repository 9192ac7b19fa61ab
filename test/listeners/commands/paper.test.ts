import { describe, expect, it, vi } from 'vitest';
import { paperCommand, type CommandArgs } from '../../../src/listeners/commands/paper.ts';
import { SearchIndex } from '../../../src/search/search-index.ts';
import { fakeClient, fakeRespond, PAPERS, services } from '../fakes.ts';

function args(text: string) {
  const order: string[] = [];
  const ack = vi.fn(async () => void order.push('ack'));
  const respond = fakeRespond();
  respond.mockImplementation(async () => void order.push('respond') as never);
  const client = fakeClient();
  const a = { command: { text, channel_id: 'C1', user_id: 'U1', command: '/paper' }, ack, respond, client } as unknown as CommandArgs;
  return { a, ack, respond, client, order };
}

describe('paperCommand', () => {
  it('acks before answering, ephemerally, with a page of results', async () => {
    const { a, respond, order } = args('robustness');
    await paperCommand(a, services());
    expect(order).toEqual(['ack', 'respond']);
    const msg = respond.mock.calls[0][0];
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toMatch(/^5 of 6 papers for robustness/);
  });

  it('answers help for empty text and "help"', async () => {
    for (const text of ['', '  ', 'help', '--help']) {
      const { a, respond } = args(text);
      await paperCommand(a, services());
      expect(respond.mock.calls[0][0].text).toMatch(/paperbot finds papers/);
    }
  });

  it('answers like <id> with similar papers and an unknown id with a message', async () => {
    const ok = args('like p-robust-1');
    await paperCommand(ok.a, services());
    expect(ok.respond.mock.calls[0][0].text).toMatch(/^Papers like Robustness of classifiers/);
    const bad = args('like nope');
    await paperCommand(bad.a, services());
    expect(bad.respond.mock.calls[0][0].text).toMatch(/no paper "nope"/);
  });

  it('answers like <arXiv id | arXiv link | DOI> for a paper whose corpus id is neither (cards never show ids)', async () => {
    const known = { ...PAPERS[1], id: 'cohen2019certified', arxivId: '1902.02918', doi: '10.5555/3327757.3327882' };
    const index = new SearchIndex([...PAPERS.filter((p) => p.id !== known.id), known]);
    // As Slack sends them: a pasted link arrives wrapped in <…>.
    for (const ref of ['1902.02918', '<https://arxiv.org/abs/1902.02918v2>', '10.5555/3327757.3327882', 'cohen2019certified']) {
      const { a, respond } = args(`like ${ref}`);
      await paperCommand(a, services({ index }));
      expect(respond.mock.calls[0][0].text, ref).toMatch(/^Papers like Certified robustness via smoothing/);
    }
    const unknown = args('like 2101.00001');
    await paperCommand(unknown.a, services({ index }));
    // An identifier that names no paper here is not in the library (never "removed", never guessed by title).
    expect(unknown.respond.mock.calls[0][0].text).toBe("2101.00001 is not in the lab's library.");
  });

  it('routes digest subcommands to the digest service with channel, user and client', async () => {
    const off = args('digest add robustness');
    await paperCommand(off.a, services());
    expect(off.respond.mock.calls[0][0].text).toMatch(/Digests are not enabled/);

    const on = args('digest add robustness');
    const command = vi.fn(async () => ({ text: 'Subscribed.' }));
    await paperCommand(on.a, services({ digests: { command } }));
    expect(command).toHaveBeenCalledWith({ text: 'add robustness', channelId: 'C1', userId: 'U1', teamId: expect.any(String), client: on.client });
    expect(on.respond.mock.calls[0][0].text).toBe('Subscribed.');
  });

  it('answers a digest preview "still indexing" before the corpus is ready, but still routes other subcommands', async () => {
    const command = vi.fn(async () => ({ text: 'Subscribed.' }));
    const preview = args('digest preview robustness');
    await paperCommand(preview.a, services({ health: { ready: false }, digests: { command } } as never));
    expect(preview.respond.mock.calls[0][0].text).toMatch(/still indexing/);
    expect(command).not.toHaveBeenCalled();
    const add = args('digest add robustness');
    await paperCommand(add.a, services({ health: { ready: false }, digests: { command } } as never));
    expect(add.respond.mock.calls[0][0].text).toBe('Subscribed.');
  });

  it('says "still indexing" before the corpus is ready', async () => {
    const { a, respond } = args('robustness');
    await paperCommand(a, services({ health: { ready: false } }));
    expect(respond.mock.calls[0][0].text).toMatch(/still indexing/);
  });

  it('lets a Slack failure propagate to the error boundary (no local try/catch)', async () => {
    const { a, respond } = args('robustness');
    respond.mockRejectedValueOnce(Object.assign(new Error('expired'), { code: 'slack_bolt_respond_error', statusCode: 404 }));
    await expect(paperCommand(a, services())).rejects.toThrow('expired');
  });
});
