import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { isKnownCrossFieldText, KIBANA_PHASE_PREFIXES, KIBANA_TYPE_VALIDATION, type KibanaPhase } from '../../src/connector-types/kibanaValidation.js';
import { KIBANA_CASES } from './kibanaCases.js';

/** config-schema's own words, which the table does not repeat. */
const CONFIG_SCHEMA_TEXT = /^(\[[^\]]+\]: (expected |definition for this key is missing|types that failed validation:|value has length|Value must be|array size)|types that failed validation:)/;

function phaseOf(message: string): { phase: KibanaPhase; detail: string } {
  const entry = Object.entries(KIBANA_PHASE_PREFIXES).find(([, prefix]) => message.startsWith(prefix));
  if (!entry) throw new Error(`no Kibana phase prefix on: ${message}`);
  return { phase: entry[0] as KibanaPhase, detail: message.slice(entry[1].length) };
}

describe('the table of Kibana validation per connector type', () => {
  it('has one entry for every registered type and none for a type kcr does not register', () => {
    const registered = createConnectorTypeRegistry().list().map((type) => type.id).sort();
    expect(Object.keys(KIBANA_TYPE_VALIDATION).sort()).toEqual(registered);
  });

  it('uses the prefixes of Kibana 8.x and 9.0-9.2 (lib/validate_with_schema.ts)', () => {
    expect(KIBANA_PHASE_PREFIXES).toEqual({
      config: 'error validating action type config: ',
      secrets: 'error validating action type secrets: ',
      connector: 'error validating action type connector: ',
    });
  });

  const refusals = KIBANA_CASES.flatMap((typeCase) => typeCase.refusals.map((refusal) => [typeCase.typeId, refusal.title, refusal.message] as const));
  it.each(refusals)('%s, %s: the message is config-schema\'s or one of the type\'s own texts', (typeId, _title, message) => {
    const { phase, detail } = phaseOf(message);
    expect(CONFIG_SCHEMA_TEXT.test(detail) || isKnownCrossFieldText(typeId, phase, detail)).toBe(true);
  });

  it('matches a template with a value in place of each <placeholder>, and nothing else', () => {
    expect(isKnownCrossFieldText('.email', 'config', "[service] value 'pigeon' is not valid")).toBe(true);
    expect(isKnownCrossFieldText('.email', 'config', "[service] value 'pigeon' is not valid!")).toBe(false);
    expect(isKnownCrossFieldText('.email', 'secrets', '[user] is required')).toBe(false);
  });
});
