import { DEFAULT_POLICY, type ConnectorPolicy } from '../../model/desired.js';
import type { JsonObject } from '../../model/json.js';
import { compiledSchema } from '../../schemas/schemaCatalog.js';
import type { ConnectorManifest, ConvertedDocument, ManifestVersion } from './connectorManifest.js';
import { describeSchemaErrors, pointerSegments } from './schemaIssues.js';
import type { ManifestIssue } from './types.js';

/**
 * Every manifest `apiVersion` kcr reads, each with its converter to the newest internal form
 * (`ConnectorManifest`). Adding `kcr/v2` is one entry here (plus its JSON Schema in schemas/);
 * v1 stays readable because its converter never changes.
 */
export const MANIFEST_VERSIONS: Readonly<Record<string, ManifestVersion>> = Object.freeze({
  'kcr/v1': { kinds: ['Connector', 'ConnectorList'], convert: convertV1 },
});

/** The v1 document as its schema guarantees it. */
interface V1Connector {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { connector_id?: string; space_id?: string; name: string; connector_type_id: string; config?: JsonObject | string | null; secrets?: JsonObject | string | null };
  policy?: Partial<ConnectorPolicy>;
}

function convertV1(document: Record<string, unknown>): ConvertedDocument {
  const validate = compiledSchema('https://kcr.dev/schemas/manifest.v1.json');
  const valid = validate(document);
  const issues = valid ? [] : describeSchemaErrors(validate.errors ?? [], validate.schema as object, document);
  if (document.kind !== 'ConnectorList') {
    return issues.length > 0 ? { connectors: [], issues } : { connectors: [fromV1(document as unknown as V1Connector, '')], issues };
  }
  // A bad item must not hide the good ones: only items without issues of their own are read on.
  const badItems = new Set(issues.map((issue) => itemIndexOf(issue)));
  if (badItems.has(undefined)) return { connectors: [], issues };
  const items = document.items as V1Connector[];
  // Labels on the list apply to every item; an item's own label of the same key wins.
  const listLabels = (document.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
  const connectors = items.flatMap((item, index) => (badItems.has(index) ? [] : [fromV1(item, `/items/${index}`, listLabels)]));
  return { connectors, issues };
}

function itemIndexOf(issue: ManifestIssue): number | undefined {
  const [first, second] = pointerSegments(issue.pointer);
  return first === 'items' && second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
}

function fromV1(item: V1Connector, base: string, inheritedLabels: Record<string, string> = {}): ConnectorManifest {
  const spec = `${base}/spec`;
  return {
    name: item.metadata.name,
    labels: { ...inheritedLabels, ...(item.metadata.labels ?? {}) },
    connectorId: item.spec.connector_id,
    spaceId: item.spec.space_id,
    displayName: item.spec.name,
    connectorTypeId: item.spec.connector_type_id,
    // `null` is Terraform's "not set" (the provider then sends `{}`).
    config: item.spec.config ?? undefined,
    secrets: item.spec.secrets ?? undefined,
    policy: {
      protect: item.policy?.protect ?? DEFAULT_POLICY.protect,
      deletionPolicy: item.policy?.deletionPolicy ?? DEFAULT_POLICY.deletionPolicy,
      ignoreChanges: [...(item.policy?.ignoreChanges ?? DEFAULT_POLICY.ignoreChanges)],
    },
    pointers: {
      spec,
      name: `${base}/metadata/name`,
      connectorId: `${spec}/connector_id`,
      config: `${spec}/config`,
      secrets: `${spec}/secrets`,
      connectorTypeId: `${spec}/connector_type_id`,
    },
  };
}

/**
 * Dispatches one document on its `apiVersion` and `kind`; an unknown value of either is one
 * issue naming the allowed values (checked before the schema, whose other errors would be noise).
 */
export function convertDocument(document: unknown): ConvertedDocument {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    const found = Array.isArray(document) ? 'an array' : typeof document;
    return { connectors: [], issues: [{ pointer: '', message: `must be a mapping with apiVersion and kind (a Connector or a ConnectorList) (found ${found})` }] };
  }
  const record = document as Record<string, unknown>;
  const versions = Object.keys(MANIFEST_VERSIONS);
  const version = typeof record.apiVersion === 'string' ? MANIFEST_VERSIONS[record.apiVersion] : undefined;
  if (!version || !Object.hasOwn(MANIFEST_VERSIONS, String(record.apiVersion))) {
    return { connectors: [], issues: [{ pointer: '/apiVersion', message: `${foundText(record.apiVersion)}; expected one of: ${versions.join(', ')}` }] };
  }
  if (typeof record.kind !== 'string' || !version.kinds.includes(record.kind)) {
    return { connectors: [], issues: [{ pointer: '/kind', message: `${foundText(record.kind)}; expected one of: ${version.kinds.join(', ')}` }] };
  }
  return version.convert(record);
}

function foundText(value: unknown): string {
  if (value === undefined) return 'is missing';
  return typeof value === 'string' ? `unknown value ${JSON.stringify(value.slice(0, 60))}` : `must be a string (found ${typeof value})`;
}
