// A large synthetic corpus for start-up tests: a few thousand arXiv-like papers as JSON Lines in a temp folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORDS =
  'robust adversarial training certified defense backdoor attack poisoning distribution shift transfer learning imagenet vision language model diffusion policy gradient reinforcement agent graph neural network pruning sparsity quantization privacy federated fairness calibration uncertainty benchmark dataset retrieval ranking retrieval-augmented generation reasoning chain thought prompt tuning alignment preference feedback interpretability circuit probe feature attribution datamodel influence scaling law compute optimal'.split(
    ' ',
  );

/** Writes `n` papers (each ~1 kB: a title and a 120-word abstract drawn from a fixed word list) to `dir/papers.jsonl`. */
export function writeSyntheticCorpus(dir: string, n: number): string {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const words = (k: number) => Array.from({ length: k }, () => WORDS[next() % WORDS.length]).join(' ');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ id: `2501.${String(i).padStart(5, '0')}`, title: `${words(8)} ${i}`, abstract: `${words(120)} token${i}`, authors: `Author ${i % 97}, Other Person`, categories: 'cs.LG' }));
  }
  const file = join(dir, 'papers.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
