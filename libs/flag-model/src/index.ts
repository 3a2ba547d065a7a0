export { environmentContext, identityKeyOf, valueOf } from './compile';
export { FlagEvaluator } from './evaluator';
export { FLAGS_MODEL_FORMAT_VERSION, FlagsModel, type FlagsModelState } from './flags-model';
export { LiveFlagModel } from './live-flag-model';
export { flagsModelDigest } from './model-digest';
export { flagsModelFollows } from './model-feed';
export type { Cohort, Environment, Flag, IdentityOverrideValue } from './model-types';
