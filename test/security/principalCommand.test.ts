import request from 'supertest';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrincipalConfig } from '../../src/config/types.js';
import { CliProject } from './cliRun.js';
import { createSecureApp, type SecureApp } from './secureApp.js';

interface Printed {
  entry: PrincipalConfig;
  credential: { apiKeyId?: string; apiKey?: string; username?: string; password?: string; tokenId?: string; token?: string; authorization: string };
}

describe('kcr principal add | rotate', () => {
  let project: CliProject;
  const apps: SecureApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.cleanup();
    project?.cleanup();
  });
  const appWith = async (principals: PrincipalConfig[]) => {
    const app = await createSecureApp({ principals });
    apps.push(app);
    return app;
  };

  it('prints a kcr.yaml entry with only a hash and the key once; pasted in, the key works with exactly its privileges', async () => {
    project = new CliProject();
    const human = await project.run(['principal', 'add', 'ci', '--api-key', '--privilege', 'a=all', '--privilege', 'b=read']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stderr).toMatch(/shown once and stored nowhere/);
    const pasted = YAML.parse(human.stdout.split('\n\n')[0]!) as PrincipalConfig[];
    expect(pasted).toEqual([{ name: 'ci', apiKeyId: expect.any(String), secretHash: expect.stringMatching(/^scrypt\$32768\$8\$1\$/), privileges: { a: 'all', b: 'read' } }]);
    const key = /API key:\s+(\S+)/.exec(human.stdout)![1]!;
    const header = /Authorization:\s+(ApiKey \S+)/.exec(human.stdout)![1]!;
    expect(human.stdout.split(key).length - 1).toBe(1);
    expect(human.stderr).not.toContain(key);
    expect(JSON.stringify(pasted)).not.toContain(key);

    const kcr = await appWith(pasted);
    expect((await request(kcr.app).post('/s/a/api/actions/connector').set('authorization', header).set('kbn-xsrf', 'x').send({ name: 'x', connector_type_id: '.index', config: { index: 'x' } })).status).toBe(200);
    expect((await request(kcr.app).get('/s/b/api/actions/connectors').set('authorization', header)).status).toBe(200);
    expect((await request(kcr.app).post('/s/b/api/actions/connector').set('authorization', header).set('kbn-xsrf', 'x').send({ name: 'x', connector_type_id: '.index', config: { index: 'x' } })).status).toBe(403);
  });

  it('rotates a principal of kcr.yaml: same id and privileges, a new hash; the old key stops working', async () => {
    project = new CliProject();
    const added = JSON.parse((await project.run(['principal', 'add', 'auditor', '--basic', 'audrey', '--admin', '--json'])).stdout) as Printed;
    expect(added.entry).toMatchObject({ name: 'auditor', username: 'audrey', admin: true, privileges: {} });
    project.write('kcr.yaml', YAML.stringify({ principals: [added.entry] }));
    const rotated = await project.run(['principal', 'rotate', 'auditor', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const next = JSON.parse(rotated.stdout) as Printed;
    expect(next.entry).toMatchObject({ name: 'auditor', username: 'audrey', admin: true });
    expect(next.entry.secretHash).not.toBe(added.entry.secretHash);
    expect(next.credential.password).not.toBe(added.credential.password);

    const before = await appWith([added.entry]);
    expect((await request(before.app).get('/metrics').set('authorization', added.credential.authorization)).status).toBe(200);
    const after = await appWith([next.entry]);
    expect((await request(after.app).get('/metrics').set('authorization', added.credential.authorization)).status).toBe(401);
    expect((await request(after.app).get('/metrics').set('authorization', next.credential.authorization)).status).toBe(200);

    const missing = await project.run(['principal', 'rotate', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no principal named "nobody"/);
  });

  it('adds and rotates a bearer-token principal (the Terraform provider\'s bearer_token): the token works, the rotated one replaces it', async () => {
    project = new CliProject();
    const human = await project.run(['principal', 'add', 'terraform', '--token', '--privilege', 'ops=all']);
    expect(human.code, human.stderr).toBe(0);
    const pasted = YAML.parse(human.stdout.split('\n\n')[0]!) as PrincipalConfig[];
    expect(pasted).toEqual([{ name: 'terraform', tokenId: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), secretHash: expect.stringMatching(/^scrypt\$/), privileges: { ops: 'all' } }]);
    const token = /Token:\s+(\S+)/.exec(human.stdout)![1]!;
    expect(token.startsWith(`${pasted[0]!.tokenId}.`)).toBe(true);
    expect(human.stdout).toContain(`Authorization:  Bearer ${token}`);
    expect(JSON.stringify(pasted)).not.toContain(token.split('.')[1]);

    const kcr = await appWith(pasted);
    const create = await request(kcr.app).post('/s/ops/api/actions/connector').set('authorization', `Bearer ${token}`).set('kbn-xsrf', 'x').send({ name: 'x', connector_type_id: '.index', config: { index: 'x' } });
    expect(create.status).toBe(200);
    expect((await request(kcr.app).get('/s/ops/api/actions/connectors').set('authorization', `Bearer ${token}x`)).status).toBe(401);

    project.write('kcr.yaml', YAML.stringify({ principals: pasted }));
    const rotated = JSON.parse((await project.run(['principal', 'rotate', 'terraform', '--json'])).stdout) as Printed;
    expect(rotated.entry.tokenId).toBe(pasted[0]!.tokenId);
    expect(rotated.credential.authorization).toBe(`Bearer ${rotated.credential.token}`);
    const after = await appWith([rotated.entry]);
    expect((await request(after.app).get('/s/ops/api/actions/connectors').set('authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await request(after.app).get('/s/ops/api/actions/connectors').set('authorization', rotated.credential.authorization)).status).toBe(200);
  });

  it.each([
    [['principal', 'add', 'x', '--privilege', 'a=all'], /exactly one of --api-key, --basic USER or --token/],
    [['principal', 'add', 'x', '--api-key', '--token', '--privilege', 'a=all'], /exactly one of --api-key, --basic USER or --token/],
    [['principal', 'add', 'x', '--api-key'], /at least one --privilege/],
    [['principal', 'add', 'x', '--api-key', '--privilege', 'a=write'], /SPACE=read or SPACE=all/],
    [['principal', 'add', 'bad name', '--api-key', '--admin'], /principal name "bad name" is invalid/],
  ])('refuses %j with a clear line and exit 1, printing no key', async (args, message) => {
    project = new CliProject();
    const result = await project.run(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
