import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { toTerraform, type ExportConnector } from '../../../src/reconciler/export/index.js';
import { inventoryEntry, sampleConnectors } from './fixtures.js';

const registry = createConnectorTypeRegistry();

/** The text of the top-level block that starts with `header` (blocks end at a `}` in column 0). */
function block(hcl: string, header: string): string {
  const start = hcl.indexOf(`${header} {\n`);
  expect(start, `no block ${header}`).toBeGreaterThanOrEqual(0);
  return hcl.slice(start, hcl.indexOf('\n}\n', start) + 2);
}

/** Brackets balance outside string literals, and every string literal is closed: a cheap HCL well-formedness check. */
function balanced(hcl: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
  let inString = false;
  for (let i = 0; i < hcl.length; i += 1) {
    const char = hcl[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '#') i = hcl.indexOf('\n', i);
    else if (char === '"') inString = true;
    else if ('{(['.includes(char)) stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0 && !inString;
}

describe('toTerraform', () => {
  const hcl = toTerraform(sampleConnectors(), registry, [inventoryEntry('11111111-1111-4111-8111-111111111111', 'ops-chat')]);

  it('writes one elasticstack_kibana_action_connector with an import block per connector', () => {
    expect(hcl.match(/^resource "elasticstack_kibana_action_connector"/gm)).toHaveLength(3);
    expect(hcl.match(/^import \{/gm)).toHaveLength(3);
    expect(hcl).toContain('import {\n  to = elasticstack_kibana_action_connector.ops_chat\n  id = "ops/11111111-1111-4111-8111-111111111111"\n}');
    expect(balanced(hcl)).toBe(true);
  });

  it('renders the arguments, config with jsonencode minus nulls, and secrets as sensitive variables', () => {
    const hook = block(hcl, 'resource "elasticstack_kibana_action_connector" "deploy_hook_stage"');
    expect(hook).toContain('  connector_id      = "22222222-2222-4222-8222-222222222222"\n  space_id          = "ops"\n  name              = "Deploy Hook $${stage}"\n  connector_type_id = ".webhook"\n');
    expect(hook).toContain('  config = jsonencode({\n    "url"      = "https://hooks.example.com/deploy"\n    "method"   = "post"\n    "hasAuth"  = true\n    "authType" = "webhook-authentication-basic"\n  })');
    expect(hook).not.toMatch(/headers|null/);
    expect(hook).toContain('  secrets = jsonencode({\n    "user"     = var.deploy_hook_stage_user\n    "password" = var.deploy_hook_stage_password\n  })');
    const variable = block(hcl, 'variable "deploy_hook_stage_password"');
    expect(variable).toMatch(/sensitive\s+= true/);
    expect(variable).toMatch(/type\s+= string/);
  });

  it('writes secrets only for types that have them', () => {
    const index = block(hcl, 'resource "elasticstack_kibana_action_connector" "alerts_index"');
    expect(index).not.toContain('secrets');
    expect(index).toContain('"index"   = "alerts-history"');
  });

  it('makes identifiers valid and keeps template sequences in values literal', () => {
    const odd: ExportConnector[] = [{ spaceId: 'default', id: '44444444-4444-4444-8444-444444444444', name: '1st %{x} hook', connectorTypeId: '.index', config: { index: '${var.nope}' }, isMissingSecrets: false }];
    const text = toTerraform(odd, registry);
    expect(text).toContain('resource "elasticstack_kibana_action_connector" "c_1st_x_hook"');
    expect(text).toContain('name              = "1st %%{x} hook"');
    expect(text).toContain('"index" = "$${var.nope}"');
    expect(balanced(text)).toBe(true);
  });
});
