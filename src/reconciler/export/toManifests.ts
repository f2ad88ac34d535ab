import { Document, isMap, isScalar, Pair, Scalar } from 'yaml';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { DEFAULT_POLICY, type ConnectorPolicy } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import { exportManifestNames, ownersById } from './exportNames.js';
import { configWithoutNulls, exportOrder, mapSecretKeys, nonUuidIdWarning, secretEnvName, secretKeysOf, secretPaths } from './exportValues.js';
import type { ExportConnector } from './types.js';

/** Exported manifests: the YAML text and the environment variables its secret placeholders read. */
export interface ManifestExport {
  yaml: string;
  /** Every `${env:...}` name the manifests use, in document order. */
  envVars: string[];
  /** Connectors the export cannot represent faithfully (an id that is not a UUID), one sentence each. */
  warnings: string[];
}

/**
 * Renders connectors as `kcr/v1` Connector manifests (one YAML document each), so a space kcr
 * does not manage yet can be brought under a set, or a set's manifests recovered. Each keeps
 * its `connector_id` and (owned ones) its manifest name and last applied policy, so re-planning
 * them changes nothing but secrets. Secrets are `${env:KCR_<SPACE>_<NAME>_<KEY>}` placeholders:
 * kcr never writes a stored secret value out, it only knows which keys are set.
 */
export function toManifests(connectors: ExportConnector[], inventory: InventoryEntry[], registry: ConnectorTypes): ManifestExport {
  const ordered = exportOrder(connectors);
  const names = exportManifestNames(ordered, inventory);
  const owners = ownersById(inventory);
  const envVars: string[] = [];
  const warnings = ordered.flatMap((connector) => nonUuidIdWarning(connector) ?? []);
  const documents = ordered.map((connector) => {
    const name = names.get(connector.id)!;
    const owner = owners.get(connector.id);
    const keys = secretKeysOf(connector, registry);
    envVars.push(...secretPaths(keys).map((path) => secretEnvName(connector.spaceId, name, path)));
    return manifestDocument(connector, name, owner, mapSecretKeys(keys, (path) => `\${env:${secretEnvName(connector.spaceId, name, path)}}`));
  });
  return { yaml: documents.map((document) => document.toString({ lineWidth: 0 })).join('---\n'), envVars, warnings };
}

function manifestDocument(connector: ExportConnector, name: string, owner: InventoryEntry | undefined, secrets: Record<string, unknown>): Document {
  const spec: Record<string, unknown> = {
    connector_id: connector.id,
    space_id: connector.spaceId,
    name: connector.name,
    connector_type_id: connector.connectorTypeId,
  };
  const config = configWithoutNulls(connector.config);
  if (Object.keys(config).length > 0) spec.config = config;
  if (Object.keys(secrets).length > 0) spec.secrets = secrets;
  const manifest: Record<string, unknown> = { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name }, spec };
  const policy = owner && nonDefaultPolicy(owner.lastApplied.policy);
  if (policy) manifest.policy = policy;
  const document = new Document(manifest);
  document.commentBefore = ownershipComment(connector, owner);
  quoteSecretPlaceholders(document);
  return document;
}

/** Only the policy fields that differ from the defaults, so a plain manifest stays plain. */
function nonDefaultPolicy(policy: ConnectorPolicy): Partial<ConnectorPolicy> | undefined {
  const out: Partial<ConnectorPolicy> = {};
  if (policy.protect !== DEFAULT_POLICY.protect) out.protect = policy.protect;
  if (policy.deletionPolicy !== DEFAULT_POLICY.deletionPolicy) out.deletionPolicy = policy.deletionPolicy;
  if (policy.ignoreChanges.length > 0) out.ignoreChanges = [...policy.ignoreChanges];
  return Object.keys(out).length > 0 ? out : undefined;
}

function ownershipComment(connector: ExportConnector, owner: InventoryEntry | undefined): string {
  const identity = ` ${connector.spaceId}/${connector.id} (${connector.connectorTypeId})`;
  const idWarning = nonUuidIdWarning(connector);
  const warning = idWarning ? `\n WARNING: ${idWarning}` : '';
  if (owner) return `${identity}: owned by set "${owner.set}"; plan these manifests with --set ${owner.set}${warning}`;
  const missing = connector.isMissingSecrets ? '; its secrets are missing, the first apply sets them' : '';
  return `${identity}: not owned by any set; planning it adopts it${missing}${warning}`;
}

/** `${env:...}` reads fine unquoted, but quoting makes clear to a reader that it is one string. */
function quoteSecretPlaceholders(document: Document): void {
  const spec = document.get('spec');
  if (!isMap(spec)) return;
  const visit = (node: unknown): void => {
    if (isMap(node)) for (const pair of node.items as Pair[]) visit(pair.value);
    else if (isScalar(node) && typeof node.value === 'string') (node as Scalar).type = Scalar.QUOTE_DOUBLE;
  };
  visit(spec.get('secrets', true));
}
