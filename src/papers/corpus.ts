// PLACEHOLDER (to be replaced by the loaders work): reads the profile-export text only.
import { readFile, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorpusIssue, Paper } from './paper.ts';

export interface Corpus {
  papers: Paper[];
  issues: CorpusIssue[];
}

function slug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

function parseProfile(text: string, file: string): Paper[] {
  const blocks = text.split(/\n\s*\n+/).map((b) => b.trim()).filter(Boolean);
  const owner = (blocks[1] ?? '').replace(/^\u00a0/, '').trim();
  const papers: Paper[] = [];
  for (let i = 2; i + 2 < blocks.length + 1; i += 3) {
    const [title, venue, abstract] = [blocks[i], blocks[i + 1], blocks[i + 2] ?? ''];
    if (!title) break;
    papers.push({ id: slug(title), title, authors: [owner], abstract, venue, links: [], source: { file } });
  }
  return papers;
}

export async function loadCorpus(paths: string[]): Promise<Corpus> {
  const papers: Paper[] = [];
  for (const p of paths) {
    const s = await stat(p);
    const files = s.isDirectory() ? (await readdir(p)).map((f) => join(p, f)) : [p];
    for (const f of files) papers.push(...parseProfile(await readFile(f, 'utf8'), f));
  }
  return { papers, issues: [] };
}
