import { describe, expect, it } from 'vitest';
import { loadManifestText, type LoadResult } from '../../../src/reconciler/manifests/index.js';
import { loaderOptions } from './loaderOptions.js';

const LOG = { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: 'log' }, spec: { name: 'Log', connector_type_id: '.server-log' } };
const INDEX = { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: 'idx' }, spec: { space_id: 'ops', name: 'Idx', connector_type_id: '.index', config: { index: 'a' } } };

function text(body: unknown): string {
  return JSON.stringify(body);
}

function names(result: LoadResult): string[] {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.connectors.map((connector) => `${connector.source.file}[${connector.source.document}] ${connector.spaceId}/${connector.name}`);
}

describe('manifests sent as text (HTTP bodies)', () => {
  const options = (contentType: 'yaml' | 'json') => ({ ...loaderOptions({ SLACK: 'https://hooks.slack.com/services/x' }), label: 'request body', contentType });

  it.each([
    ['{"manifests": [...]}', text({ manifests: [LOG, INDEX] })],
    ['an array', text([LOG, INDEX])],
  ])('reads JSON as %s, each element a document', async (_shape, body) => {
    expect(names(await loadManifestText(body, options('json')))).toEqual(['request body[0] default/Log', 'request body[1] ops/Idx']);
  });

  it('reads JSON as one document', async () => {
    const result = await loadManifestText(text(LOG), options('json'));
    expect(names(result)).toEqual(['request body[0] default/Log']);
    expect(result.ok && result.files).toEqual(['request body']);
  });

  it('reads multi-document YAML with env references', async () => {
    const yaml = 'apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: s}\nspec: {name: S, connector_type_id: .slack, secrets: {webhookUrl: "${env:SLACK}"}}\n---\n---\napiVersion: kcr/v1\nkind: ConnectorList\nitems: []\n';
    const result = await loadManifestText(yaml, options('yaml'));
    expect(names(result)).toEqual(['request body[0] default/S']);
    expect(result.ok && result.connectors[0].secrets.reveal()).toEqual({ webhookUrl: 'https://hooks.slack.com/services/x' });
  });

  it('refuses ${file:} references, since a body has no file to resolve them against', async () => {
    const body = text({ manifests: [{ ...LOG, spec: { ...LOG.spec, connector_type_id: '.slack', secrets: { webhookUrl: '${file:/etc/hostname}' } } }] });
    const result = await loadManifestText(body, options('json'));
    expect(!result.ok && result.errors).toEqual([
      { file: 'request body', document: 0, pointer: '/spec/secrets/webhookUrl', message: expect.stringMatching(/\$\{file:\/etc\/hostname\} cannot be used in manifests sent as text.*expected a literal or \$\{env:NAME\}/) },
    ]);
  });

  it('reports JSON syntax errors with line and column, and a non-array manifests field', async () => {
    const broken = await loadManifestText('{\n  "manifests": [\n    {"apiVersion": "kcr/v1",}\n  ]\n}', options('json'));
    expect(!broken.ok && broken.errors).toEqual([{ file: 'request body', document: 0, pointer: '', message: expect.stringMatching(/^JSON syntax error at line 3, column \d+/) }]);
    const wrapped = await loadManifestText(text({ manifests: LOG }), options('json'));
    expect(!wrapped.ok && wrapped.errors).toEqual([{ file: 'request body', document: 0, pointer: '/manifests', message: 'must be an array of manifests (found object)' }]);
  });

  it('reports every problem of every document of a YAML body', async () => {
    const yaml = 'apiVersion: kcr/v2\nkind: Connector\n---\napiVersion: kcr/v1\nkind: Connector\nmetadata: {name: x}\nspec: {name: "", connector_type_id: .nope}\n---\nkey: [unclosed\n';
    const result = await loadManifestText(yaml, options('yaml'));
    expect(!result.ok && result.errors.map((error) => [error.document, error.pointer])).toEqual([
      [0, '/apiVersion'],
      [1, '/spec/name'],
      [2, ''],
    ]);
  });

  it('reports a duplicate identity and the problems of the duplicate itself together', async () => {
    const doc = (type: string) => `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: twin}\nspec: {name: Twin, connector_type_id: ${type}}\n`;
    const result = await loadManifestText(`${doc('.server-log')}---\n${doc('.nope')}`, options('yaml'));
    expect(!result.ok && result.errors).toEqual([
      { file: 'request body', document: 1, pointer: '/metadata/name', message: expect.stringMatching(/duplicate connector identity .*first declared at request body\[doc 0\] \/metadata\/name/) },
      { file: 'request body', document: 1, pointer: '/spec/connector_type_id', message: expect.stringMatching(/not a registered connector type/) },
    ]);
  });
});

describe("manifests get Kibana's number conversion", () => {
  it('reads `port: "587"` as 587, so the plan compares what Kibana will store', async () => {
    const mail = ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: mail}', 'spec:', '  name: Mail', '  connector_type_id: .email',
      '  config: {from: alerts@example.com, host: smtp.example.com, port: "587", hasAuth: false}'].join('\n');
    const result = await loadManifestText(mail, { ...loaderOptions(), label: 'request body', contentType: 'yaml' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.connectors[0].config).toEqual({ from: 'alerts@example.com', host: 'smtp.example.com', port: 587, hasAuth: false });
  });
});

describe('manifests read like the Terraform resource', () => {
  const load = (spec: Record<string, unknown>) =>
    loadManifestText(JSON.stringify({ apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: 'idx' }, spec: { name: 'Idx', connector_type_id: '.index', ...spec } }), {
      ...loaderOptions(), label: 'request body', contentType: 'json',
    });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['nulls dropped at every object depth, as the provider sends config', { config: '{"index":"a","refresh":null,"executionTimeField":null}' }, { index: 'a' }],
    ["the provider's own context keys removed", { config: { index: 'a', __tf_provider_context: { x: 1 }, __tf_provider_connector_type_id: '.index' } }, { index: 'a' }],
    ['secrets: null as none (the provider sends {})', { config: { index: 'a' }, secrets: null }, { index: 'a' }],
  ])('accepts %s', async (_label, spec, config) => {
    const result = await load(spec);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.connectors[0].config).toEqual(config);
    expect(result.connectors[0].secrets.reveal()).toEqual({});
  });

  it('reads config: null and config: "" as no config (then the type says what is missing)', async () => {
    for (const config of [null, '']) {
      const result = await load({ config });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => `${e.pointer}: ${e.message}`)).toEqual([expect.stringMatching(/^\/spec\/config\/index: /)]);
    }
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an upper-case connector_id (Kibana refuses it)', { connector_id: '6F1C2B8E-93A4-4B7E-9C1D-2E5F8A7B3C90', config: { index: 'a' } }, '/spec/connector_id', /must be a lowercase UUID/],
    ['a name of spaces only', { name: '   ', config: { index: 'a' } }, '/spec/name', /must be a non-empty string \(found "   "\)/],
  ])('refuses %s', async (_label, spec, pointer, message) => {
    const result = await load(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ pointer, message: expect.stringMatching(message) })]);
  });
});
