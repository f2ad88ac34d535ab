import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { formatManifestError, loadManifestPaths, type LoadResult } from '../../../src/reconciler/manifests/index.js';
import { CANARY, loaderOptions } from './loaderOptions.js';

const dir = mkdtempSync(join(tmpdir(), 'kcr-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, typeId: string, secrets: string, config = '{}'): string {
  return `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: ${name}}\nspec:\n  name: ${name}\n  connector_type_id: ${typeId}\n  config: ${config}\n  secrets:\n${secrets}\n`;
}

async function load(fileName: string, text: string, env: Record<string, string>): Promise<LoadResult> {
  writeFileSync(join(dir, fileName), text);
  return loadManifestPaths([fileName], loaderOptions(env, dir));
}

/** Every way an error reaches a user: the record, its one-line form and its JSON. */
function everyErrorText(result: LoadResult): string {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((error) => `${formatManifestError(error)}\n${JSON.stringify(error)}`).join('\n');
}

describe('secret references: resolved into SecretValue, never shown in an error', () => {
  it('interpolates references inside a string, keeps $${...} literal and resolves nested values', async () => {
    writeFileSync(join(dir, 'token.txt'), 'tok-from-file\r\n');
    const result = await load(
      'webhook.yaml',
      manifest('hook', '.webhook', '    user: "${env:HOOK_USER}"\n    password: "p-${file:token.txt}-$${env:NOT_A_REF}"', '{url: "https://example.com/hook", hasAuth: true}'),
      { HOOK_USER: 'robot' },
    );
    expect(result.ok).toBe(true);
    const [connector] = result.ok ? result.connectors : [];
    expect(connector.secrets.reveal()).toEqual({ user: 'robot', password: 'p-tok-from-file-${env:NOT_A_REF}' });
    expect(inspect(connector)).not.toContain('robot');
    expect(JSON.stringify(connector)).not.toContain('tok-from-file');
  });

  it('names the variable and the pointer of an unset or empty variable, and every problem of the document', async () => {
    const result = await load('unset.yaml', manifest('unset', '.webhook', '    user: ${env:HOOK_USER}\n    password: ${env:HOOK_PASSWORD}', '{url: "https://example.com/hook"}'), { HOOK_USER: '' });
    expect(!result.ok && result.errors).toEqual([
      { file: 'unset.yaml', document: 0, pointer: '/spec/secrets/user', message: expect.stringMatching(/environment variable HOOK_USER is empty/) },
      { file: 'unset.yaml', document: 0, pointer: '/spec/secrets/password', message: expect.stringMatching(/environment variable HOOK_PASSWORD is not set/) },
    ]);
  });

  it('never puts a resolved or literal secret in any error text (canary planted in env, file and literal)', async () => {
    writeFileSync(join(dir, 'canary.txt'), `${CANARY}-file\n`);
    const env = { SLACK_URL: `${CANARY}-env is not a url`, OTHER: `${CANARY}-other` };
    const text = [
      manifest('slack-bad-url', '.slack', '    webhookUrl: ${env:SLACK_URL}'),
      manifest('slack-file', '.slack', '    webhookUrl: ${file:canary.txt}'),
      manifest('slack-extra', '.slack', `    webhookUrl: ${CANARY}-literal\n    extra: \${env:OTHER}`),
      manifest('mail', '.email', `    password: ${CANARY}-pw\n    user: [1, 2]`, '{from: a@example.com, service: other, host: smtp.example.com, port: 25}'),
      manifest('slack-json', '.slack', `    nested: {deep: ["\${env:MISSING}", ${CANARY}-deep]}`),
      `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: str}\nspec: {name: s, connector_type_id: .slack, secrets: '{"webhookUrl": ${CANARY}-json'}\n`,
      `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: num}\nspec: {name: s, connector_type_id: .slack, secrets: 42}\n`,
    ].join('---\n');
    const result = await load('canary.yaml', text, env);
    const texts = everyErrorText(result);
    expect(!result.ok && result.errors.length).toBeGreaterThanOrEqual(7);
    expect(texts).toMatch(/\/spec\/secrets\/nested\/deep\/0: environment variable MISSING is not set/);
    expect(texts).not.toContain(CANARY);
  });

  it('refuses a ${file:} reference that points at a directory, naming the file', async () => {
    const result = await load('dir-ref.yaml', manifest('dir-ref', '.slack', '    webhookUrl: ${file:.}'), {});
    expect(!result.ok && result.errors).toEqual([
      { file: 'dir-ref.yaml', document: 0, pointer: '/spec/secrets/webhookUrl', message: expect.stringMatching(/secret file \. \(.*\) is a directory/) },
    ]);
  });
});
