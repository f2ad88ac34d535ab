import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { CliProject } from './cliRun.js';

const SLACK_SECRET = 'https://hooks.slack.com/services/ROTATION-canary-1';
const MAIL_SECRET = 'ROTATION-canary-password-2';

function writeManifests(project: CliProject): void {
  project.write('m/slack.yaml', ['apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-slack}', 'spec:', '  name: Ops Slack', '  connector_type_id: .slack', '  secrets: {webhookUrl: "${env:SLACK_URL}"}'].join('\n'));
  project.write('m/mail.yaml', [
    'apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: ops-mail}', 'spec:', '  space_id: ops', '  name: Ops mail', '  connector_type_id: .email',
    '  config: {from: alerts@example.com, host: smtp.example.com, port: 587}', '  secrets: {user: alerts, password: "${env:MAIL_PASSWORD}"}',
  ].join('\n'));
}

/** The clear secrets of every embedded connector, read through a freshly opened store (a restart). */
async function storedSecrets(dataDir: string, encryptionKey?: string): Promise<Record<string, unknown>> {
  const store = await openSqliteStore({ dataDir, encryptionKey });
  try {
    const rows = [...(await store.embeddedConnectors.list('default')), ...(await store.embeddedConnectors.list('ops'))];
    return Object.fromEntries(rows.map((row) => [row.name, row.secrets.reveal()]));
  } finally {
    await store.close();
  }
}

describe('kcr secrets rotate-key', () => {
  let project: CliProject;
  const secretsEnv = { SLACK_URL: SLACK_SECRET, MAIL_PASSWORD: MAIL_SECRET };
  afterEach(() => project?.cleanup());

  it('with the key file: re-encrypts in place, never prints the key, and after a restart secrets decrypt and a re-plan is a no-op', async () => {
    project = new CliProject();
    writeManifests(project);
    expect((await project.run(['apply', 'm', '--auto-approve'], secretsEnv)).code).toBe(0);
    const keyPath = join(project.dir, '.kcr', 'encryption.key');
    const oldKey = readFileSync(keyPath, 'utf8').trim();

    const rotated = await project.run(['secrets', 'rotate-key'], secretsEnv);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/Re-encrypted \d+ secret\(s\) under the new key/);
    expect(rotated.stdout).toMatch(/key file .*encryption\.key now holds the new key/);
    const newKey = readFileSync(keyPath, 'utf8').trim();
    expect(newKey).not.toBe(oldKey);
    for (const key of [oldKey, newKey]) {
      expect(rotated.stdout + rotated.stderr).not.toContain(key);
      expect(rotated.stdout + rotated.stderr).not.toContain(Buffer.from(key, 'hex').toString('base64'));
    }

    expect(await storedSecrets(join(project.dir, '.kcr'))).toEqual({ 'Ops Slack': { webhookUrl: SLACK_SECRET }, 'Ops mail': { user: 'alerts', password: MAIL_SECRET } });
    const replan = await project.run(['plan', 'm', '--detailed-exitcode'], secretsEnv);
    expect(replan.code, replan.stdout + replan.stderr).toBe(0);
    expect(replan.stdout).toMatch(/No changes|0 to add, 0 to change, 0 to destroy/);
    expect((await project.run(['secrets', 'check-key'])).code).toBe(0);
  });

  it('with KCR_ENCRYPTION_KEY: needs the new key from the user, then the old key is refused (STORE_KEY_MISMATCH) and the new one serves a no-op re-plan', async () => {
    project = new CliProject();
    writeManifests(project);
    const oldKey = randomBytes(32).toString('hex');
    const newKey = randomBytes(32).toString('hex');
    expect((await project.run(['apply', 'm', '--auto-approve'], { ...secretsEnv, KCR_ENCRYPTION_KEY: oldKey })).code).toBe(0);

    const refused = await project.run(['secrets', 'rotate-key'], { KCR_ENCRYPTION_KEY: oldKey });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/comes from KCR_ENCRYPTION_KEY: give the new key .*--new-key-env NAME, or --generate/);

    const rotated = await project.run(['secrets', 'rotate-key', '--new-key-env', 'NEW_KCR_KEY'], { KCR_ENCRYPTION_KEY: oldKey, NEW_KCR_KEY: newKey });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/Set KCR_ENCRYPTION_KEY to the new key \(the value of NEW_KCR_KEY\)/);
    expect(rotated.stdout + rotated.stderr).not.toContain(newKey);
    expect(rotated.stdout + rotated.stderr).not.toContain(oldKey);

    const stale = await project.run(['plan', 'm'], { ...secretsEnv, KCR_ENCRYPTION_KEY: oldKey });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/STORE_KEY_MISMATCH/);
    expect(stale.stderr).not.toContain(oldKey);
    expect((await project.run(['secrets', 'check-key'], { KCR_ENCRYPTION_KEY: oldKey })).stderr).toMatch(/STORE_KEY_MISMATCH/);

    expect(await storedSecrets(join(project.dir, '.kcr'), newKey)).toEqual({ 'Ops Slack': { webhookUrl: SLACK_SECRET }, 'Ops mail': { user: 'alerts', password: MAIL_SECRET } });
    const replan = await project.run(['plan', 'm', '--detailed-exitcode'], { ...secretsEnv, KCR_ENCRYPTION_KEY: newKey });
    expect(replan.code, replan.stdout + replan.stderr).toBe(0);
  });

  it('prints a generated key once, only when asked with --generate, and that key opens the store', async () => {
    project = new CliProject();
    writeManifests(project);
    const oldKey = randomBytes(32).toString('hex');
    expect((await project.run(['apply', 'm', '--auto-approve'], { ...secretsEnv, KCR_ENCRYPTION_KEY: oldKey })).code).toBe(0);
    const rotated = await project.run(['secrets', 'rotate-key', '--generate', '--json'], { KCR_ENCRYPTION_KEY: oldKey });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(/shown once/);
    const printed = JSON.parse(rotated.stdout) as { newKey: string; updateEnvironment: boolean; reencrypted: number };
    expect(printed.newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(printed.updateEnvironment).toBe(true);
    expect(printed.reencrypted).toBeGreaterThan(0);
    expect((await project.run(['plan', 'm', '--detailed-exitcode'], { ...secretsEnv, KCR_ENCRYPTION_KEY: printed.newKey })).code).toBe(0);
  });
});
