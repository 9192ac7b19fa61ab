// The 12 short keyword queries the scale benchmark times, with the arXiv data set it runs on.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ARXIV_FILE = resolve('../shared/data/external/arxiv-daily-cs/arxiv_daily_2025-03-18_to_2026-07-01.dedup.jsonl.gz');
export const SCIFACT_DIR = resolve('../shared/data/external/beir-scifact');
export const haveArxiv = () => existsSync(ARXIV_FILE);

/** Short keyword queries a lab would type; "model" and "learning" are the common-term worst cases. */
export const QUERIES = [
  'diffusion models',
  'transformer',
  'robustness',
  'large language models',
  'backdoor attacks',
  'semantic segmentation',
  'reinforcement learning',
  'graph neural network',
  'model',
  'learning',
  'adversarial examples',
  'vision language',
];

/**
 * Other queries a serving process would have answered before: run once each before the timed rounds, so that the
 * scoring loops are compiled (V8 optimizes a function after some calls; on a busy 2-core machine that took 100+ ms
 * of background compilation). None of them is timed.
 */
export const WARM_UP = [
  'neural networks', 'attention', 'object detection', 'benchmark', 'federated learning', 'image generation',
  'language', 'speech recognition', 'point cloud', 'medical imaging', 'fairness', 'retrieval augmented generation',
  'video understanding', 'knowledge graph', 'optimization', 'contrastive learning', 'data', 'agents', 'few-shot',
  'explainability', 'privacy', 'multimodal models', 'network', 'time series', 'quantization', 'method',
];

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
