// The papers stage's public surface: load a corpus, parse an arXiv Atom feed, and the Paper types.
export { loadCorpus, DEFAULT_CORPUS_PATHS } from './corpus.ts';
export type { Corpus, CorpusDuplicate, CorpusFileStats, CorpusFormat, LoadCorpusOptions } from './corpus.ts';
export { parseArxivAtom, type ArxivAtomResult } from './formats/arxiv-atom.ts';
export { paperUrl, extractLinks, classifyLink } from './links.ts';
export { findArxivId, normalizeDoi, paperId, titleKey, titleSlug } from './paper-id.ts';
export type { CorpusIssue, Paper, PaperLink, PaperSource } from './paper.ts';
