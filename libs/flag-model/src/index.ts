export { environmentContext, identityKeyOf, valueOf } from './compile';
export { type AnswersVersion, bodyEtag, type DocumentAnswer, FlagEvaluator, type KeyHolder, type ServedDocument } from './evaluator';
export type { EnvironmentDocument } from './environment-document';
export { FLAGS_MODEL_FORMAT_VERSION, FlagsModel, type FlagsModelState } from './flags-model';
export { LiveFlagModel } from './live-flag-model';
export { flagsModelDigest } from './model-digest';
export { flagsModelFollows } from './model-feed';
export type { Cohort, Environment, Flag, IdentityOverrideValue } from './model-types';
