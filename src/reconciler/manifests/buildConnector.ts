import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes, ConnectorValidationIssue } from '../../connector-types/types.js';
import type { DesiredConnectorInput, ManifestSource } from '../../model/desired.js';
import { stripNulls } from '../../model/canonicalJson.js';
import { isJsonObject, type JsonObject } from '../../model/json.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { ConnectorManifest } from './connectorManifest.js';
import { jsonReason } from './parseDocuments.js';
import { resolveSecretReferences, type ReferenceContext } from './secretReferences.js';
import type { ManifestIssue } from './types.js';
import { defaultConnectorId } from './uuidV5.js';

/** A connector's identity in a desired state: no two documents may share it. */
export interface ConnectorIdentity {
  spaceId: string;
  connectorId: string;
}

/** `space_id` defaults to `default`, `connector_id` to the UUIDv5 of `"<space_id>/<metadata.name>"`. */
export function identityOf(manifest: ConnectorManifest): ConnectorIdentity {
  const spaceId = manifest.spaceId ?? 'default';
  return { spaceId, connectorId: manifest.connectorId ?? defaultConnectorId(spaceId, manifest.name) };
}

export interface BuildContext extends ReferenceContext {
  registry: ConnectorTypes;
  settings: ActionsSettings;
}

/**
 * Makes one desired connector of a converted manifest: parses JSON-string config/secrets,
 * resolves secret references (wrapping the result at once), then runs the connector type's own
 * checks. Config is kept as declared, with Kibana's conversions: its defaults are the planner's business. `identity`
 * is the caller's when it already computed it (a UUIDv5 is a SHA-1).
 */
export async function buildConnector(
  manifest: ConnectorManifest,
  source: ManifestSource,
  context: BuildContext,
  identity: ConnectorIdentity = identityOf(manifest),
): Promise<{ connector?: DesiredConnectorInput; issues: ManifestIssue[] }> {
  const config = asTerraformSendsConfig(parseObject(manifest.config, manifest.pointers.config, false));
  const declaredSecrets = parseObject(manifest.secrets, manifest.pointers.secrets, true);
  // Every problem of this connector at once: a bad type does not hide an unset variable.
  const resolved = await resolveSecretReferences(declaredSecrets.value, manifest.pointers.secrets, context);
  const issues = [...config.issues, ...declaredSecrets.issues, ...resolved.issues, ...typeProblems(manifest, context.registry)];
  if (issues.length > 0) return { issues };
  const result = context.registry.validate(manifest.connectorTypeId, config.value, resolved.secrets, context.settings);
  if (!result.ok) return { issues: result.issues.map((issue) => mapTypeIssue(issue, manifest, resolved.clearStrings)) };
  const { spaceId, connectorId } = identity;
  return {
    issues: [],
    connector: {
      spaceId,
      connectorId,
      name: manifest.displayName,
      connectorTypeId: manifest.connectorTypeId,
      // As Kibana will store it, without its defaults (`port: "587"` is 587, or every plan would show a change).
      config: result.declaredConfig,
      secrets: new SecretValue(result.secrets),
      policy: manifest.policy,
      labels: manifest.labels,
      source,
    },
  };
}

/** Keys the Terraform provider keeps in `config` for itself and removes before sending it. */
const PROVIDER_CONFIG_KEYS = ['__tf_provider_context', '__tf_provider_connector_type_id'];

/**
 * The config as the Terraform provider sends it (its `SanitizedValue`): its own context keys
 * removed and `null` values dropped at every object depth (not inside arrays), so a manifest
 * written like a Terraform `config = jsonencode({...})` means what the resource would apply.
 */
function asTerraformSendsConfig(parsed: { value: JsonObject; issues: ManifestIssue[] }): { value: JsonObject; issues: ManifestIssue[] } {
  if (!PROVIDER_CONFIG_KEYS.some((key) => key in parsed.value) && !Object.values(parsed.value).some((child) => child === null || isJsonObject(child))) return parsed;
  const value = stripNulls(parsed.value);
  for (const key of PROVIDER_CONFIG_KEYS) delete value[key];
  return { value, issues: parsed.issues };
}

/** An object as declared, or parsed from a JSON string (Terraform's `jsonencode` form); `""` is none, as the provider reads it. */
function parseObject(value: JsonObject | string | undefined, pointer: string, secret: boolean): { value: JsonObject; issues: ManifestIssue[] } {
  if (value === undefined || value === '') return { value: {}, issues: [] };
  if (typeof value !== 'string') return { value, issues: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    // Even without its excerpt, the parser's reason names a character of the text: none for secrets.
    const detail = secret ? '' : `: ${jsonReason(error as Error)}`;
    return { value: {}, issues: [{ pointer, message: `is a string but not valid JSON${detail}; expected an object or a JSON string of an object` }] };
  }
  if (!isJsonObject(parsed)) {
    const found = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed;
    return { value: {}, issues: [{ pointer, message: `is a JSON string of ${found}; expected an object or a JSON string of an object` }] };
  }
  return { value: parsed, issues: [] };
}

function typeProblems(manifest: ConnectorManifest, registry: ConnectorTypes): ManifestIssue[] {
  const definition = registry.get(manifest.connectorTypeId);
  const pointer = manifest.pointers.connectorTypeId;
  if (!definition) {
    return [{ pointer, message: `"${manifest.connectorTypeId}" is not a registered connector type; expected a registered type id (\`kcr types\` lists them)` }];
  }
  if (definition.isSystemActionType) {
    return [{ pointer, message: `"${manifest.connectorTypeId}" is a system action type, built into Kibana; expected a connector type that can be declared` }];
  }
  return [];
}

/** Registry pointers are from the connector root (`/config/x`); manifests report them where they were written. */
function mapTypeIssue(issue: ConnectorValidationIssue, manifest: ConnectorManifest, clearStrings: string[]): ManifestIssue {
  const [, part, ...rest] = issue.pointer.split('/');
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  let pointer = `${manifest.pointers.spec}${issue.pointer}`;
  if (part === 'config') pointer = `${manifest.pointers.config}${tail}`;
  if (part === 'secrets') pointer = `${manifest.pointers.secrets}${tail}`;
  return { pointer, message: scrub(issue.message, clearStrings) };
}

/** Defence in depth: a type rule that echoes a value must still not print a secret. */
function scrub(message: string, clearStrings: string[]): string {
  let out = message;
  for (const clear of clearStrings) if (clear.length >= 4) out = out.split(clear).join('(sensitive)');
  return out;
}
