/**
 * Manifest loading and validation (SPEC section 3): files or text in, desired connectors or
 * every located error out.
 */
export { loadManifestPaths, loadManifestText } from './loadManifests.js';
export { formatManifestError } from './formatManifestError.js';
export { MANIFEST_VERSIONS } from './apiVersions.js';
export type { ConnectorManifest, ManifestVersion } from './connectorManifest.js';
export { KCR_CONNECTOR_ID_NAMESPACE, defaultConnectorId, uuidV5 } from './uuidV5.js';
export type { LoadOptions, LoadResult, ManifestError, ParsedManifestCache, SerializedCacheEntry } from './types.js';
export { StoreManifestCache, type ManifestCacheStore } from './parsedManifestCache.js';
