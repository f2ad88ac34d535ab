/** The kibana target: what the composition root and the planner import. */
export { KibanaTarget, type KibanaTargetDependencies } from './KibanaTarget.js';
export { listConnectorsInSpaces } from './listConnectorsInSpaces.js';
export { resolveKibanaTargetOptions, type KibanaTargetInput, type KibanaTargetOptions, type RetrySettings } from './options.js';
export { kibanaTargetFromConfig } from './kibanaTargetFromConfig.js';
