import type { ManifestError } from './types.js';

/**
 * One line per problem, the same in the CLI and in logs:
 * `manifests/ops/slack.yaml[doc 0] /spec/name: must be a non-empty string`.
 * The whole-document pointer `''` is shown as `/` so that the line always has a pointer.
 */
export function formatManifestError(error: ManifestError): string {
  return `${error.file}[doc ${error.document}] ${error.pointer === '' ? '/' : error.pointer}: ${error.message}`;
}
