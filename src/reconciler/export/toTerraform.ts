import type { ConnectorTypes } from '../../connector-types/types.js';
import type { InventoryEntry } from '../../model/inventory.js';
import { exportManifestNames } from './exportNames.js';
import { configWithoutNulls, exportOrder, mapSecretKeys, nonUuidIdWarning, secretKeysOf, secretPaths, upperSnake } from './exportValues.js';
import { alignAttributes, HclExpression, hclIdentifier, hclString, hclValue, type HclValue } from './hcl.js';
import { typeHasSecrets } from './secretKeys.js';
import type { ExportConnector } from './types.js';

const RESOURCE_TYPE = 'elasticstack_kibana_action_connector';

/**
 * Renders connectors as Terraform HCL for the `elastic/elasticstack` provider: one
 * `elasticstack_kibana_action_connector` per connector with an `import {}` block
 * (`<space_id>/<connector_id>`), so `terraform plan` adopts what exists instead of creating it.
 * Secrets are sensitive variables (one `variable` block each), never values; `secrets` is
 * written only for types that have secrets. Resource names follow the manifest export's names.
 */
export function toTerraform(connectors: ExportConnector[], registry: ConnectorTypes, inventory: InventoryEntry[] = []): string {
  const ordered = exportOrder(connectors);
  const names = exportManifestNames(ordered, inventory);
  const blocks = [header(ordered)];
  for (const connector of ordered) {
    const resource = hclIdentifier(names.get(connector.id)!);
    blocks.push(...connectorBlocks(connector, resource, registry));
  }
  return `${blocks.join('\n\n')}\n`;
}

function header(connectors: ExportConnector[]): string {
  const spaces = [...new Set(connectors.map((connector) => connector.spaceId))].join(', ') || '(none)';
  return [
    `# kcr export: ${connectors.length} connector(s) of space ${spaces} for the elastic/elasticstack provider.`,
    '# Secrets are sensitive variables: set them (TF_VAR_<name> or a .tfvars file) before applying; kcr never exports a secret value.',
    '# Needs: terraform { required_providers { elasticstack = { source = "elastic/elasticstack" } } } (Terraform >= 1.5 for import blocks).',
  ].join('\n');
}

function connectorBlocks(connector: ExportConnector, resource: string, registry: ConnectorTypes): string[] {
  const keys = typeHasSecrets(registry, connector.connectorTypeId) ? secretKeysOf(connector, registry) : undefined;
  const variableOf = (path: string[]) => `${resource}_${path.map((part) => upperSnake(part).toLowerCase()).join('_')}`;
  const variables = keys ? secretPaths(keys).map((path) => variableBlock(variableOf(path), connector, path)) : [];
  const attributes: { key: string; value: HclValue }[] = [
    { key: 'connector_id', value: connector.id },
    { key: 'space_id', value: connector.spaceId },
    { key: 'name', value: connector.name },
    { key: 'connector_type_id', value: connector.connectorTypeId },
  ];
  const config = configWithoutNulls(connector.config);
  if (Object.keys(config).length > 0) attributes.push({ key: 'config', value: jsonencode(config) });
  if (keys) attributes.push({ key: 'secrets', value: jsonencode(mapSecretKeys(keys, (path) => new HclExpression(`var.${variableOf(path)}`)) as HclValue) });
  const body = alignAttributes(attributes.map(({ key, value }) => {
    const rendered = value instanceof HclExpression ? value.text : hclValue(value, '  ');
    return { key, rendered, single: !rendered.includes('\n') };
  }));
  const idWarning = nonUuidIdWarning(connector);
  const resourceBlock = `${idWarning ? `# WARNING: ${idWarning}\n` : ''}resource "${RESOURCE_TYPE}" "${resource}" {\n${body.map((line) => `  ${line}`).join('\n')}\n}`;
  const importBlock = `import {\n  to = ${RESOURCE_TYPE}.${resource}\n  id = ${hclString(`${connector.spaceId}/${connector.id}`)}\n}`;
  return [...variables, resourceBlock, importBlock];
}

/** `jsonencode({...})` around an object, laid out like terraform fmt. */
function jsonencode(value: HclValue): HclExpression {
  return new HclExpression(`jsonencode(${hclValue(value, '  ')})`);
}

function variableBlock(name: string, connector: ExportConnector, path: string[]): string {
  const description = `secrets.${path.join('.')} of connector "${connector.name}" (${connector.spaceId}/${connector.id})`;
  return `variable "${name}" {\n  description = ${hclString(description)}\n  type        = string\n  sensitive   = true\n}`;
}
