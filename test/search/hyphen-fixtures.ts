// A day of arXiv-like abstracts where a hyphenated query word ("vision-language") is common and a plain one rare.
import type { Paper } from '../../src/papers/paper.ts';

const paper = (id: string, title: string, abstract: string): Paper => ({ id, title, abstract, authors: [], links: [], source: { file: 'hyphen-fixtures.ts' } });

/**
 * Shaped like the day in issue 13: papers saying "vision-language" often, and one paper about hallucination that
 * says it once. "hallucination" is the rarer, more telling word, so that paper must come first.
 */
export const VLM_DAY: Paper[] = [
  paper('hallucination', 'Contrastive decoding reduces object hallucination', 'Large multimodal assistants often describe objects that are not in the image, a failure known as object hallucination. We trace it to the decoder over-trusting its text prior, measure hallucination in vision-language models on three benchmarks, and propose contrastive decoding, which compares the output distribution with and without the image and needs no retraining.'),
  paper('vl-pretraining', 'Vision-language pre-training with noisy captions', 'Vision-language models learn from image-text pairs. We scale vision-language pre-training to billions of pairs and study language supervision for vision tasks.'),
  paper('vl-prompts', 'Prompt learning for vision-language models', 'Vision-language models such as CLIP transfer to new tasks. We learn prompts for vision-language models from a few examples.'),
  paper('vl-adapters', 'Efficient vision-language adapters', 'We adapt vision-language models with small adapters, fusing language and vision features at every layer.'),
  paper('vl-retrieval', 'Vision-language retrieval at scale', 'Dense vision-language encoders retrieve images for text queries; we study vision-language retrieval on web data.'),
  paper('vl-robotics', 'Vision-language-action models for robots', 'Vision-language-action models map camera images and instructions to robot actions.'),
  paper('llm-hallucination', 'Detecting hallucination in language models', 'Language models state falsehoods fluently; we detect hallucination from the internal states of language models.'),
  paper('llm-facts', 'Hallucination and retrieval in question answering', 'Retrieval reduces hallucination of language models when answering open-domain questions.'),
  paper('translation', 'Hallucination in neural machine translation', 'Translation systems sometimes produce fluent output unrelated to the source; we study when such hallucination happens.'),
  paper('summaries', 'Faithfulness of abstractive summaries', 'Abstractive summarizers hallucinate content; we annotate hallucination in news summaries.'),
  paper('vit', 'Vision transformers for image classification', 'Transformers applied to patches of images match convolutional networks on vision benchmarks.'),
  paper('llm', 'Language models are few-shot learners', 'Scaling language models improves few-shot performance across many language tasks.'),
  paper('speech', 'Speech recognition with self-supervised models', 'Self-supervised speech models reduce the labelled data needed for recognition.'),
  paper('graphs', 'Graph neural networks for molecules', 'Message passing networks predict molecular properties from graphs.'),
  paper('rl', 'Offline reinforcement learning from logged data', 'We learn policies from logged interactions without further exploration.'),
];
