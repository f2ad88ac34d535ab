/** Drift detection: a pure, refresh-only comparison of the actual state with what each set last applied. */
export { classifyDrift, computeDrift } from './computeDrift.js';
export { renderDriftText } from './renderDriftText.js';
export { newDriftReportId } from './driftReportId.js';
export { detectDrift, type DriftDependencies } from './detectDrift.js';
export type { DriftInput } from './types.js';
