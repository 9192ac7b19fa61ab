// Hand-written papers and fake ack/respond/client for calling listeners as plain functions.
import { expect, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { checkMessage } from '../../src/blocks/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Message } from '../../src/blocks/message.ts';
import type { Services } from '../../src/listeners/services.ts';
import { createLog } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const paper = (id: string, title: string, abstract: string, year: number): Paper => ({ id, title, authors: ['Ada Lovelace', 'Alan Turing'], abstract, venue: 'Test Venue', year, links: [], source: { file: 'fixture' } });

/** Seven small papers: enough for two pages of five on "robustness". */
export const PAPERS: Paper[] = [
  paper('p-robust-1', 'Robustness of classifiers to noise', 'We study robustness of image classifiers under random noise.', 2019),
  paper('p-robust-2', 'Certified robustness via smoothing', 'Randomized smoothing gives certified robustness guarantees.', 2020),
  paper('p-robust-3', 'Robustness and accuracy trade-offs', 'Adversarial robustness may be at odds with accuracy.', 2018),
  paper('p-robust-4', 'Distribution shift robustness benchmarks', 'Benchmarks for robustness to subpopulation shift.', 2021),
  paper('p-robust-5', 'Robustness in reinforcement learning', 'Policies with robustness to perturbed dynamics.', 2020),
  paper('p-robust-6', 'Robustness of language models', 'Evaluating robustness of language models to typos.', 2022),
  paper('p-backdoor', 'Spectral signatures of backdoor attacks <!channel>', 'Backdoor attacks plant triggers & <@U999> mentions.', 2018),
];

export function services(over: Partial<Services> = {}): Services {
  return {
    config: loadConfig({}),
    log: createLog('error', new PassThrough()),
    index: new SearchIndex(PAPERS),
    health: { ready: true },
    ...over,
  };
}

/** A fake respond() that records messages and checks each against Block Kit limits. */
export function fakeRespond() {
  return vi.fn(async (msg: Message & Record<string, unknown>) => {
    expect(checkMessage(msg)).toEqual([]);
    return undefined as never;
  });
}

/** A fake WebClient with the chat methods listeners use; each call's message is checked against Block Kit limits. */
export function fakeClient() {
  const check = (args: Message) => {
    expect(checkMessage(args)).toEqual([]);
    return { ok: true, ts: '1.000001' };
  };
  return { chat: { postMessage: vi.fn(async (a: any) => check(a)), postEphemeral: vi.fn(async (a: any) => check(a)) } };
}

