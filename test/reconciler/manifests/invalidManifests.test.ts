import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatManifestError, loadManifestPaths, type ManifestError } from '../../../src/reconciler/manifests/index.js';
import { CANARY, FIXTURES, loaderOptions } from './loaderOptions.js';

const INVALID = 'test/fixtures/manifests/invalid';

/** [fixture, file the error names, document, pointer, what the message must say] */
const CASES: Array<[string, string, number, string, RegExp]> = [
  ['wrong-api-version.yaml', 'wrong-api-version.yaml', 0, '/apiVersion', /unknown value "kcr\/v0"; expected one of: kcr\/v1/],
  ['wrong-kind.yaml', 'wrong-kind.yaml', 0, '/kind', /unknown value "Connecter"; expected one of: Connector, ConnectorList/],
  ['unknown-top-level-key.yaml', 'unknown-top-level-key.yaml', 0, '/status', /unknown key "status"; expected only: apiVersion, kind, metadata, spec, policy/],
  ['unknown-spec-key.yaml', 'unknown-spec-key.yaml', 0, '/spec/id', /unknown key "id"; expected only: connector_id, space_id, name, connector_type_id, config, secrets/],
  ['unknown-policy-key.yaml', 'unknown-policy-key.yaml', 0, '/policy/prevent_destroy', /unknown key "prevent_destroy"; expected only: protect, deletionPolicy, ignoreChanges/],
  ['missing-metadata.yaml', 'missing-metadata.yaml', 0, '/metadata', /is missing; expected an object with name/],
  ['bad-metadata-name-chars.yaml', 'bad-metadata-name-chars.yaml', 0, '/metadata/name', /lowercase letters, digits and '-'.*\(found "Ops_Slack"\)/],
  ['metadata-name-too-long.yaml', 'metadata-name-too-long.yaml', 0, '/metadata/name', /at most 63 characters \(found a 64-character string\)/],
  ['missing-spec-name.yaml', 'missing-spec-name.yaml', 0, '/spec/name', /is missing; expected a non-empty string/],
  ['empty-spec-name.yaml', 'empty-spec-name.yaml', 0, '/spec/name', /must be a non-empty string \(found ""\)/],
  ['missing-connector-type-id.yaml', 'missing-connector-type-id.yaml', 0, '/spec/connector_type_id', /is missing; expected a connector type id/],
  ['unknown-connector-type.yaml', 'unknown-connector-type.yaml', 0, '/spec/connector_type_id', /"\.carrier-pigeon" is not a registered connector type.*`kcr types` lists them/],
  ['system-action-type.yaml', 'system-action-type.yaml', 0, '/spec/connector_type_id', /"\.cases" is a system action type/],
  ['unknown-config-key.yaml', 'unknown-config-key.yaml', 0, '/spec/config/channel', /definition for this key is missing/],
  ['wrong-config-value-type.yaml', 'wrong-config-value-type.yaml', 0, '/spec/config/index', /expected value of type \[string\] but got \[number\]/],
  ['email-auth-without-user.yaml', 'email-auth-without-user.yaml', 0, '/spec/secrets/user', /\[user\] is required/],
  ['slack-secret-not-a-url.yaml', 'slack-secret-not-a-url.yaml', 0, '/spec/secrets/webhookUrl', /expected a valid URL/],
  ['bad-connector-id.yaml', 'bad-connector-id.yaml', 0, '/spec/connector_id', /must be a lowercase UUID .*\(found "not-a-uuid"\)/],
  ['bad-space-id.yaml', 'bad-space-id.yaml', 0, '/spec/space_id', /must be a Kibana space id of lowercase letters, digits, '_' and '-' \(found "Ops Team"\)/],
  ['config-wrong-type.yaml', 'config-wrong-type.yaml', 0, '/spec/config', /must be an object or a JSON string \(found number 5\)/],
  ['config-invalid-json-string.yaml', 'config-invalid-json-string.yaml', 0, '/spec/config', /is a string but not valid JSON.*expected an object or a JSON string of an object/],
  ['config-json-string-not-object.yaml', 'config-json-string-not-object.yaml', 0, '/spec/config', /is a JSON string of an array; expected an object/],
  ['secrets-invalid-json-string.yaml', 'secrets-invalid-json-string.yaml', 0, '/spec/secrets', /is a string but not valid JSON; expected an object or a JSON string of an object/],
  ['unresolvable-env.yaml', 'unresolvable-env.yaml', 0, '/spec/secrets/webhookUrl', /environment variable KCR_FIXTURE_UNSET_WEBHOOK is not set/],
  ['unresolvable-file.yaml', 'unresolvable-file.yaml', 0, '/spec/secrets/webhookUrl', /secret file secrets\/missing-webhook\.txt .* does not exist; expected a readable file/],
  ['duplicate-identity-in-one-file.yaml', 'duplicate-identity-in-one-file.yaml', 1, '/metadata/name', /duplicate connector identity \(space_id "default", connector_id "[0-9a-f-]{36}"\), first declared at .*duplicate-identity-in-one-file\.yaml\[doc 0\] \/metadata\/name/],
  ['duplicate-across-files', 'duplicate-across-files/b.yaml', 0, '/metadata/name', /duplicate connector identity .*first declared at .*duplicate-across-files\/a\.yaml\[doc 0\]/],
  ['malformed-yaml.yaml', 'malformed-yaml.yaml', 0, '', /YAML syntax error at line \d+, column \d+: Missing closing "quote/],
  ['json-syntax-error.json', 'json-syntax-error.json', 0, '', /JSON syntax error at line 5, column 87: Unexpected token 'K'; expected a valid JSON document/],
  ['json-array-bad-second.json', 'json-array-bad-second.json', 1, '/kind', /is missing; expected one of: Connector, ConnectorList/],
  ['multi-doc-bad-third.yaml', 'multi-doc-bad-third.yaml', 2, '/spec/connector_type_id', /is missing/],
  ['not-a-mapping.yaml', 'not-a-mapping.yaml', 0, '', /must be a mapping with apiVersion and kind .*\(found an array\)/],
  ['labels-non-string.yaml', 'labels-non-string.yaml', 0, '/metadata/labels/tier', /must be a string \(found number 1\)/],
  ['bad-deletion-policy.yaml', 'bad-deletion-policy.yaml', 0, '/policy/deletionPolicy', /must be one of: Delete, Orphan \(found "Remove"\)/],
  ['ignore-changes-not-pointer.yaml', 'ignore-changes-not-pointer.yaml', 0, '/policy/ignoreChanges/1', /must be a JSON pointer into config.*\(found "defaultModel"\)/],
  ['connector-list-bad-item.yaml', 'connector-list-bad-item.yaml', 0, '/items/1/spec/name', /must be a non-empty string/],
  ['connector-list-item-bad-config.yaml', 'connector-list-item-bad-config.yaml', 0, '/items/1/spec/config/index', /expected value of type \[string\]/],
];

async function errorsOf(fixture: string): Promise<ManifestError[]> {
  const result = await loadManifestPaths([join(INVALID, fixture)], loaderOptions());
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('invalid manifests: every problem located by file, document and pointer, saying what was expected', () => {
  it('covers every fixture under invalid/ (so a CLI test can reuse them)', () => {
    const fixtures = readdirSync(join(FIXTURES, 'invalid')).sort();
    expect(CASES.map(([fixture]) => fixture).sort()).toEqual(fixtures);
    expect(new Set(CASES.map(([fixture]) => fixture)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('%s', async (fixture, file, document, pointer, message) => {
    const errors = await errorsOf(fixture);
    const expected = expect.objectContaining({ file: `${INVALID}/${file}`, document, pointer, message: expect.stringMatching(message) });
    expect(errors).toContainEqual(expected);
    for (const error of errors) {
      expect(error.message).not.toContain(CANARY);
      expect(formatManifestError(error)).toMatch(/^test\/fixtures\/manifests\/invalid\/\S+\[doc \d+\] \/\S*: \S/);
    }
  });

  it('reports only the bad item of a ConnectorList, not its good neighbours', async () => {
    const errors = await errorsOf('connector-list-bad-item.yaml');
    expect(errors.map((error) => error.pointer)).toEqual(['/items/1/spec/name']);
  });

  it('collects the errors of every file and document in one run instead of stopping at the first', async () => {
    const result = await loadManifestPaths([INVALID], loaderOptions());
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const filesWithErrors = new Set(errors.map((error) => error.file));
    // Every fixture file is invalid on its own; a.yaml of the duplicate pair is the first declaration.
    expect(filesWithErrors.size).toBe(CASES.length);
    expect([...filesWithErrors]).toEqual([...filesWithErrors].sort());
  });

  it('formats one line per problem: file[doc N] pointer: message', async () => {
    const [error] = await errorsOf('empty-spec-name.yaml');
    expect(formatManifestError(error)).toBe(`${INVALID}/empty-spec-name.yaml[doc 0] /spec/name: must be a non-empty string (found "")`);
  });
});
