// The recommend stage's public surface: rank papers for a lab's profile of liked and disliked papers, with why.
export { Recommender, publishedSince, paperDate } from './recommender.ts';
export type { Candidates, Profile, Recommendation, RecommenderOptions, Why } from './recommender.ts';
export { DEFAULT_VECTOR_OPTIONS, type VectorOptions } from './paper-vectors.ts';
export { DEFAULT_SCORING_OPTIONS, type ScoringOptions } from './profile-scorer.ts';
