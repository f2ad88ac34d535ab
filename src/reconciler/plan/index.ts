/** The pure planning core: everything here is plain data in, plain data out. */
export { canonicalConfig, configsEqual, parseJsonPointer, type CanonicalConfigOptions } from './canonicalConfig.js';
export { computePlan } from './computePlan.js';
export { computeDesiredDigest } from './desiredDigest.js';
export { inventoryAfter } from './planOperations.js';
export { PLAN_ERROR_CODES, PLAN_WARNING_CODES, type PlanErrorCode, type PlanWarningCode } from './planMessages.js';
export { renderPlanText, type RenderPlanOptions } from './renderPlanText.js';
export { renderPlanMarkdown } from './renderPlanMarkdown.js';
export { summarizePlan } from './summarizePlan.js';
export type { PlanInput, PlanOptions, PlanOutcome } from './types.js';
