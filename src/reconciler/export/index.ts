/**
 * `kcr export` (SPEC section 6): a space's connectors as manifests, a Kibana saved-objects NDJSON
 * or Terraform HCL. The renderers are pure; none ever receives a secret value, only key names.
 */
export { toManifests, type ManifestExport } from './toManifests.js';
export { toSavedObjectsNdjson, type NdjsonOptions } from './toSavedObjectsNdjson.js';
export { toTerraform } from './toTerraform.js';
export { readExportConnectors, type ExportState } from './readExportConnectors.js';
export { secretKeyTree, exportedIsMissingSecrets, typeHasSecrets } from './secretKeys.js';
export { secretEnvName } from './exportValues.js';
export { slugOf } from './exportNames.js';
export type { ExportConnector, SecretKeyTree } from './types.js';
