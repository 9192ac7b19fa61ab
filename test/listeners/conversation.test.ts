// Mentions and DMs answer every /paper form: personal ones only in a DM, charts through the slash command.
import { describe, expect, it } from 'vitest';
import { conversationAnswer } from '../../src/listeners/conversation.ts';
import { parsePaperRequest } from '../../src/listeners/paper-request.ts';
import { services } from './fakes.ts';

const ask = (text: string, where: 'mention' | 'dm') => conversationAnswer(services(), parsePaperRequest(text), { teamId: 'T1', channel: where === 'dm' ? 'D1' : 'C1', userId: 'U0ALICE', where });
const textOf = (m: { text: string; blocks?: unknown }) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`;

describe('conversationAnswer', () => {
  it('answers searches and "like" as the slash command does, naming the asker in a thread only', async () => {
    expect(textOf((await ask('robustness', 'mention')))).toContain('<@U0ALICE>');
    expect(textOf((await ask('robustness', 'dm')))).not.toContain('<@U0ALICE>');
    expect(textOf((await ask('robustness', 'dm')))).toMatch(/papers? for \*robustness\*/);
  });

  it('keeps what is the asker\'s own out of a public thread', async () => {
    expect(textOf((await ask('saved', 'mention')))).toMatch(/Your reading list is yours: `\/paper saved`/);
    expect(textOf((await ask('forget https://arxiv.org/abs/2007.08489', 'mention')))).toMatch(/Use `\/paper forget &lt;link&gt;` here/);
  });

  it('points charts to /paper trends, and digests to /paper digest, instead of answering with help', async () => {
    expect(textOf((await ask('trends robustness', 'dm')))).toMatch(/\/paper trends &lt;words&gt;/);
    expect(textOf((await ask('digest add robustness', 'mention')))).toMatch(/\/paper digest add/);
    expect(textOf((await ask('shared week', 'dm')))).not.toMatch(/help\.head/);
  });
});
