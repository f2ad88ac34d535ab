import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import type { SourceConfig } from '../../src/config/types.js';
import { KcrError } from '../../src/errors.js';
import { driftIntervalMs, readSourceSettings } from '../../src/reconciler/sources/sourceSettings.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { GIT, startGitOpsApp, waitForStatus } from './gitOpsHarness.js';

const TOKEN = 'ghp_canary0123456789abcdefTOKEN';

function settingsOf(sources: unknown[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kcr-src-'));
  try {
    const config = loadConfig({ cwd: dir, env: {}, dataDir: dir, overrides: { sources } as never });
    return readSourceSettings(config, { env, cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function configProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof KcrError && error.code === 'CONFIG_INVALID') return (error.errors ?? []).map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('sources in kcr.yaml', () => {
  it('applies the defaults: ref main, path ., interval 1m, mode plan, set = name', () => {
    const [source] = settingsOf([{ name: 'ops', git: { url: 'https://git.example.com/ops.git' } }]);
    expect(source).toMatchObject({ name: 'ops', set: 'ops', ref: 'main', path: '.', intervalMs: 60_000, mode: 'plan', selfHeal: false, allowEmpty: false });
    expect(source.authorization).toBeUndefined();
  });

  it('reads the drift schedule: none by default and for null (SPEC section 8), else the duration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcr-drift-'));
    const read = (drift: unknown) => driftIntervalMs(loadConfig({ cwd: dir, env: {}, dataDir: dir, overrides: (drift === undefined ? {} : { drift }) as never }));
    try {
      expect(read(undefined)).toBeNull();
      expect(read({ interval: null })).toBeNull();
      expect(read({ interval: '5m' })).toBe(300_000);
      expect(read({ interval: 1500 })).toBe(1500);
      expect(configProblems(() => read({ interval: 'hourly' })).join('\n')).toContain('/drift/interval: must match pattern');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ name: 'ops', git: { url: 'https://git.example.com/x', token: TOKEN } }, '/sources/0/git/token: must match pattern'],
    [{ name: 'ops', git: { url: 'https://git.example.com/x', ref: '--upload-pack=touch /tmp/x' } }, '/sources/0/git/ref: must match pattern'],
    [{ name: 'ops', git: { url: '-oProxyCommand=x' } }, '/sources/0/git/url: must match pattern'],
    [{ name: 'ops', git: { url: 'file:///r' }, mode: 'yolo' }, '/sources/0/mode: must be one of: "plan", "apply"'],
    [{ name: 'ops', git: { url: 'file:///r' }, interval: 'soon' }, '/sources/0/interval: must match pattern'],
    [{ name: 'Ops', git: { url: 'file:///r' } }, '/sources/0/name: must match pattern'],
    [{ name: 'ops' }, '/sources/0/git: is required'],
  ])('refuses %j at load, naming the setting', (source, expected) => {
    const problems = configProblems(() => settingsOf([source]));
    expect(problems.join('\n')).toContain(expected);
    expect(problems.join('\n')).not.toContain(TOKEN);
  });

  it.each([
    [[{ name: 'ops', git: { url: `https://user:${TOKEN}@git.example.com/x` } }], '/sources/0/git/url: must not hold credentials'],
    [[{ name: 'ops', git: { url: 'file:///r', path: '../../etc' } }], '/sources/0/git/path: "../../etc" leaves the repository'],
    [[{ name: 'a', git: { url: 'file:///r' }, set: 's' }, { name: 'b', git: { url: 'file:///r' }, set: 's' }], '/sources/1/set: set "s" is already used by /sources/0'],
    [[{ name: 'ops', git: { url: 'https://git.example.com/x', token: '${env:GIT_TOKEN}' } }], 'environment variable GIT_TOKEN is not set or empty'],
    [[{ name: 'ops', git: { url: 'file:///r', token: '${env:GIT_TOKEN}' } }], '/sources/0/git/token: a token is sent only over http(s) URLs'],
  ])('refuses %j when the sources are read, without ever showing a token', (sources, expected) => {
    const problems = configProblems(() => settingsOf(sources as SourceConfig[]));
    expect(problems.join('\n')).toContain(expected);
    expect(problems.join('\n')).not.toContain(TOKEN);
  });

  it('reads the token from a ${file:} reference and keeps it out of every serialization', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcr-tok-'));
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    const config = loadConfig({ cwd: dir, env: {}, dataDir: dir, overrides: { sources: [{ name: 'ops', git: { url: 'https://git.example.com/x', token: '${file:token}' } }] } as never });
    const [source] = readSourceSettings(config, { env: {}, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(source.authorization!.reveal()).toBe(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`);
    expect(JSON.stringify(source)).not.toContain(TOKEN);
    expect(JSON.stringify(source)).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
  });
});

describeWithOutsideTool(GIT, 'a source over https with a token (real git against a local HTTP server)', () => {
  let server: Server;
  let url: string;
  const seen: Array<string | undefined> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.statusCode = 403;
      res.end(`denied for ${req.headers.authorization ?? 'nobody'}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ops.git`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never follows a redirect, so the token cannot be sent to another host', async () => {
    const elsewhere: Array<string | undefined> = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.headers.authorization);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const redirector = createServer((req, res) => {
      res.statusCode = 302;
      res.setHeader('location', `http://127.0.0.1:${(other.address() as AddressInfo).port}${req.url ?? '/'}`);
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const kcr = await startGitOpsApp([{ name: 'ops', git: { url: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/ops.git`, token: '${env:GIT_TOKEN}' }, interval: '200ms' }], {}, { PATH: process.env.PATH, GIT_TOKEN: TOKEN });
    try {
      await waitForStatus(kcr.app, (s) => s.sources[0]?.status === 'Failed', 'the redirected fetch to fail');
      expect(elsewhere).toEqual([]);
    } finally {
      await kcr.cleanup();
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('hands an ssh key file to ssh through GIT_SSH_COMMAND, in batch mode', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'kcr-fake-ssh-'));
    const argsFile = join(bin, 'args');
    // A stand-in for ssh that records how git called it and refuses, as an unreachable host would.
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho 'ssh: connect to host git.example.com port 22: Connection refused' >&2\nexit 255\n`, { mode: 0o755 });
    const kcr = await startGitOpsApp([{ name: 'ops', git: { url: 'ssh://git@git.example.com/ops.git', sshKeyFile: '/etc/kcr/deploy key' }, interval: '200ms' }], {}, { PATH: `${bin}:${process.env.PATH}` });
    try {
      const status = await waitForStatus(kcr.app, (s) => s.sources[0]?.status === 'Failed', 'the ssh fetch to fail');
      expect(status.sources[0].reason).toContain('cannot fetch main from ssh://git.example.com/ops.git: ');
      const args = readFileSync(argsFile, 'utf8').split('\n');
      expect(args.slice(0, 6)).toEqual(['-i', '/etc/kcr/deploy key', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes']);
      expect(args).toContain('git@git.example.com');
    } finally {
      await kcr.cleanup();
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('sends the token as Basic auth and never shows it in the status, the events or the logs', async () => {
    const kcr = await startGitOpsApp([{ name: 'ops', git: { url, token: '${env:GIT_TOKEN}' }, interval: '200ms' }], {}, { PATH: process.env.PATH, GIT_TOKEN: TOKEN });
    try {
      const status = await waitForStatus(kcr.app, (s) => s.sources[0]?.status === 'Failed', 'the denied fetch to fail');
      expect(seen).toContain(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`);
      const everything = JSON.stringify(status) + JSON.stringify(await kcr.store.listEvents({})) + kcr.logs.text;
      expect(status.sources[0].reason).toContain(`cannot fetch main from ${url}`);
      for (const secret of [TOKEN, Buffer.from(`x-access-token:${TOKEN}`).toString('base64')]) expect(everything).not.toContain(secret);
    } finally {
      await kcr.cleanup();
    }
  });
});
