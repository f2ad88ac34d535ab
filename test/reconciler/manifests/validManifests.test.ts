import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DesiredConnectorInput } from '../../../src/model/desired.js';
import { loadManifestPaths, type LoadResult } from '../../../src/reconciler/manifests/index.js';
import { loaderOptions } from './loaderOptions.js';

const VALID = 'test/fixtures/manifests/valid';
const ENV = { KCR_FIXTURE_SLACK_URL: 'https://hooks.slack.com/services/T1/B1/abc', KCR_FIXTURE_WEBHOOK_PASSWORD: 'pw-from-env' };

function connectorsOf(result: LoadResult): DesiredConnectorInput[] {
  if (!result.ok) throw new Error(`expected valid manifests, got: ${JSON.stringify(result.errors)}`);
  return result.connectors;
}

function byName(connectors: DesiredConnectorInput[], name: string): DesiredConnectorInput {
  const found = connectors.find((connector) => connector.source.name === name);
  if (!found) throw new Error(`no connector ${name}`);
  return found;
}

describe('valid manifests: files and directories become desired connectors', () => {
  const tempDirs: string[] = [];
  afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reads a directory recursively, yaml, yml and json only, in path order', async () => {
    const result = await loadManifestPaths([VALID], loaderOptions(ENV));
    expect(result.ok && result.files).toEqual([
      `${VALID}/array.json`,
      `${VALID}/list.json`,
      `${VALID}/multi-doc.yaml`,
      `${VALID}/nested/file-secret.yaml`,
      `${VALID}/space-ops.yml`,
    ]);
    expect(connectorsOf(result).map((connector) => connector.source.name)).toEqual([
      'array-first', 'array-second', 'audit-log', 'audit-index', 'ops-slack', 'alerts-index', 'ops-webhook', 'pager', 'ops-index',
    ]);
  });

  it('numbers YAML documents as written, empty ones included, and skips the empty ones', async () => {
    const connectors = connectorsOf(await loadManifestPaths([`${VALID}/multi-doc.yaml`], loaderOptions(ENV)));
    expect(connectors.map((connector) => [connector.source.name, connector.source.document])).toEqual([
      ['ops-slack', 0], ['alerts-index', 2], ['ops-webhook', 3],
    ]);
  });

  it('keeps what the manifest declared: config without defaults, nulls dropped (as the Terraform provider sends it), labels and policy', async () => {
    const connectors = connectorsOf(await loadManifestPaths([`${VALID}/multi-doc.yaml`], loaderOptions(ENV)));
    expect(byName(connectors, 'alerts-index').config).toEqual({ index: 'alerts', refresh: false });
    expect(byName(connectors, 'alerts-index')).toMatchObject({
      spaceId: 'default', name: 'Alerts index', connectorTypeId: '.index',
      policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: [] }, labels: {},
    });
    expect(byName(connectors, 'ops-slack')).toMatchObject({ labels: { team: 'ops' }, policy: { protect: true, deletionPolicy: 'Orphan', ignoreChanges: [] } });
  });

  it('parses config and secrets given as JSON strings, as Terraform sends them, and resolves references inside', async () => {
    const webhook = byName(connectorsOf(await loadManifestPaths([`${VALID}/multi-doc.yaml`], loaderOptions(ENV))), 'ops-webhook');
    expect(webhook.config).toEqual({ url: 'https://hooks.example.com/ops', method: 'post', hasAuth: true });
    expect(webhook.secrets.reveal()).toEqual({ user: 'ops', password: 'pw-from-env' });
    expect(webhook.policy.ignoreChanges).toEqual(['/headers']);
  });

  it('resolves ${env:} and ${file:} (relative to the manifest, trailing newline trimmed) into values that never serialize', async () => {
    const connectors = connectorsOf(await loadManifestPaths([VALID], loaderOptions(ENV)));
    const slack = byName(connectors, 'ops-slack');
    expect(slack.secrets.reveal()).toEqual({ webhookUrl: ENV.KCR_FIXTURE_SLACK_URL });
    expect(byName(connectors, 'pager').secrets.reveal()).toEqual({ routingKey: 'routing-key-from-file' });
    expect(JSON.stringify(connectors)).not.toContain(ENV.KCR_FIXTURE_SLACK_URL);
    expect(JSON.stringify(connectors)).not.toContain('routing-key-from-file');
  });

  it('reads ConnectorList and JSON arrays; a JSON array element counts as a document', async () => {
    const connectors = connectorsOf(await loadManifestPaths([`${VALID}/list.json`, `${VALID}/array.json`], loaderOptions()));
    expect(connectors.map((connector) => [connector.source.file, connector.source.document, connector.spaceId, connector.name])).toEqual([
      [`${VALID}/array.json`, 0, 'default', 'Array first'],
      [`${VALID}/array.json`, 1, 'default', 'Array second'],
      [`${VALID}/list.json`, 0, 'security', 'Audit log'],
      [`${VALID}/list.json`, 0, 'security', 'Audit index'],
    ]);
  });

  it('gives the items of a ConnectorList the labels of the list, their own labels winning', async () => {
    const connectors = connectorsOf(await loadManifestPaths([`${VALID}/list.json`], loaderOptions()));
    expect(connectors.map((connector) => connector.labels)).toEqual([{ team: 'security', tier: '0' }, { team: 'security', tier: '1' }]);
  });

  it('defaults connector_id to the UUIDv5 of "<space_id>/<metadata.name>" and keeps a declared one', async () => {
    const connectors = connectorsOf(await loadManifestPaths([VALID], loaderOptions(ENV)));
    // Computed independently: python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("c767e429-58fc-44e8-acdc-8d89d212208f"), "default/ops-slack"))'
    expect(byName(connectors, 'ops-slack').connectorId).toBe('df6d0887-3bcd-5c7f-80b1-9479eb795275');
    expect(byName(connectors, 'pager')).toMatchObject({ spaceId: 'ops', connectorId: '7bdd74e4-5d29-55f3-923b-2f26fcd90c17' });
    expect(byName(connectors, 'ops-index')).toMatchObject({ spaceId: 'ops', connectorId: '0f7c3b9e-5d1a-4c2b-8e3f-9a6b7c8d9e0f' });
  });

  it('allows the same name in two spaces (the identity includes the space)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcr-manifests-'));
    tempDirs.push(dir);
    const doc = (space: string) => `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: audit}\nspec: {space_id: ${space}, name: Audit, connector_type_id: .server-log}\n`;
    writeFileSync(join(dir, 'audit.yaml'), `${doc('ops')}---\n${doc('security')}`);
    const connectors = connectorsOf(await loadManifestPaths([dir], loaderOptions({}, dir)));
    expect(connectors.map((connector) => connector.spaceId)).toEqual(['ops', 'security']);
    expect(connectors[0].connectorId).not.toBe(connectors[1].connectorId);
  });

  it('shows paths relative to cwd when under it, absolute otherwise, and skips hidden folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcr-manifests-'));
    tempDirs.push(dir);
    mkdirSync(join(dir, 'ops'));
    mkdirSync(join(dir, '.kcr'));
    writeFileSync(join(dir, 'ops/log.yaml'), 'apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: log}\nspec: {name: Log, connector_type_id: .server-log}\n');
    writeFileSync(join(dir, '.kcr/broken.yaml'), 'not: [valid');
    writeFileSync(join(dir, 'ops/notes.txt'), 'not a manifest');
    const inside = await loadManifestPaths(['.'], loaderOptions({}, dir));
    expect(inside.ok && inside.files).toEqual(['ops/log.yaml']);
    const outside = await loadManifestPaths([join(dir, 'ops')], loaderOptions({}, join(dir, '.kcr')));
    expect(outside.ok && outside.files).toEqual([join(dir, 'ops/log.yaml')]);
  });

  it('reports a path that does not exist, along with the problems of the other paths', async () => {
    const result = await loadManifestPaths(['no/such/dir', 'test/fixtures/manifests/invalid/wrong-kind.yaml'], loaderOptions());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => [error.file, error.pointer])).toEqual([
      ['no/such/dir', ''],
      ['test/fixtures/manifests/invalid/wrong-kind.yaml', '/kind'],
    ]);
    expect(!result.ok && result.errors[0].message).toMatch(/does not exist; expected a manifest file or a directory/);
  });

  it('treats an empty directory as an empty desired state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcr-manifests-'));
    tempDirs.push(dir);
    expect(await loadManifestPaths([dir], loaderOptions({}, dir))).toEqual({ ok: true, connectors: [], files: [] });
  });
});
