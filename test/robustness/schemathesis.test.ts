import { afterAll, beforeAll, expect, it } from 'vitest';
import { request } from 'undici';
import { authorizationHeader, hashSecret } from '../../src/security/secretHash.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { SCHEMATHESIS, runSchemathesis } from './schemathesisRun.js';
import { serveIn, workingDir, type ServedKcr } from './servedKcr.js';

/*
 * Schemathesis (an outside fuzzer, from PyPI) reads kcr's own OpenAPI document from a running
 * `kcr serve` with principals, and generates requests for every operation: schema-driven
 * positive and negative cases, every documented status, and stateful chains along the
 * document's links. Every response must be documented (status, content type, schema), no
 * 5xx, and none of the canary secrets planted in seeded connectors may appear in any response
 * or in the server's log.
 *
 * Short run (npm test): a few examples per operation. Long run: KCR_SCHEMATHESIS_LONG=1
 * (at least 20,000 requests, a read-only principal too); figures in the README.
 */

const LONG = process.env.KCR_SCHEMATHESIS_LONG === '1';
const MAX_EXAMPLES = LONG ? Number(process.env.KCR_SCHEMATHESIS_EXAMPLES ?? 500) : 4;
const SEED = Number(process.env.KCR_SCHEMATHESIS_SEED ?? 20261204);

const CANARY = {
  preconfigured: 'https://hooks.slack.com/services/CANARY-fuzz-preconfigured-51c3',
  kibana: 'CANARY-fuzz-kibana-password-7d21',
  manifest: 'https://hooks.slack.com/services/CANARY-fuzz-manifest-0be9',
  apiKey: 'CANARY-fuzz-api-key-4e6a',
  readerKey: 'CANARY-fuzz-reader-key-9a0c',
};
const CHEAP_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

async function kcrYaml(): Promise<string> {
  return [
    'principals:',
    '  - {name: fuzzer, apiKeyId: fuzzer-id, admin: true, privileges: {"*": all}, secretHash: "' + (await hashSecret(CANARY.apiKey, CHEAP_SCRYPT)) + '"}',
    '  - {name: reader, apiKeyId: reader-id, privileges: {default: read}, secretHash: "' + (await hashSecret(CANARY.readerKey, CHEAP_SCRYPT)) + '"}',
    // Real 429s from the write limit would make most generated writes unreachable.
    'server: {writeRateLimit: {burst: 1000000, perSecond: 1000000}, authFailureLimit: {burst: 1000000, perSecond: 1000000}}',
    'preconfigured:',
    `  pre-slack: {actionTypeId: .slack, name: Preconfigured Slack, secrets: {webhookUrl: "${CANARY.preconfigured}"}}`,
    '',
  ].join('\n');
}

const ADMIN = authorizationHeader('ApiKey', 'fuzzer-id', CANARY.apiKey);
const READER = authorizationHeader('ApiKey', 'reader-id', CANARY.readerKey);

async function call(kcr: ServedKcr, method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, any>> {
  const response = await request(`${kcr.url}${path}`, { method, headers: { authorization: ADMIN, 'kbn-xsrf': 'seed', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await response.body.json()) as Record<string, any>;
  if (response.statusCode >= 300) throw new Error(`seeding ${method} ${path}: ${response.statusCode} ${JSON.stringify(parsed)}`);
  return parsed;
}

/** Connectors with canary secrets through both APIs, a plan and its apply; returns the ids that now exist. */
async function seed(kcr: ServedKcr): Promise<string[]> {
  const ids = ['pre-slack'];
  for (const space of ['default', 'ops']) {
    const prefix = space === 'default' ? '' : `/s/${space}`;
    const created = await call(kcr, 'POST', `${prefix}/api/actions/connector`, { name: `Mail ${space}`, connector_type_id: '.email', config: { from: 'a@example.com', host: 'smtp.example.com', port: 25 }, secrets: { user: 'u', password: CANARY.kibana } });
    ids.push(created.id);
  }
  const manifests = ['default', 'ops'].map((space) => ({
    apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: `managed-${space}` },
    spec: { space_id: space, name: `Managed ${space}`, connector_type_id: '.slack', secrets: { webhookUrl: CANARY.manifest } },
  }));
  const plan = await call(kcr, 'POST', '/api/reconciler/plans?set=fuzz-seed', { manifests });
  const applied = await call(kcr, 'POST', `/api/reconciler/plans/${plan.plan_id}/apply`, {});
  return [...ids, 'managed-default', 'managed-ops', plan.plan_id, applied.apply_id];
}

describeWithOutsideTool(SCHEMATHESIS, 'schemathesis against kcr serve and its own OpenAPI document', () => {
  let kcr: ServedKcr;
  let ids: string[];
  beforeAll(async () => {
    kcr = await serveIn(workingDir(await kcrYaml(), 'kcr-schemathesis-'));
    ids = await seed(kcr);
  }, 60_000);
  afterAll(async () => {
    await kcr?.stop();
    kcr?.cleanup();
  });

  const principals = LONG ? [['admin', ADMIN], ['read-only', READER]] : [['admin', ADMIN]];
  it.each(principals)('finds no undocumented answer, no 5xx and no secret, as the %s principal', async (_name, authorization) => {
    const result = await runSchemathesis({
      baseUrl: kcr.url, authorization, maxExamples: MAX_EXAMPLES, seed: SEED, workDir: kcr.dir,
      inputs: { ids, spaces: ['default', 'ops'], connectorTypes: ['.server-log', '.slack', '.webhook', '.email', '.index'] },
    });
    const links = /API Links:\s*([^\n]+)/.exec(result.output)?.[1]?.trim() ?? 'no stateful phase';
    const summary = `schemathesis (${authorization === ADMIN ? 'admin' : 'read-only'}): ${result.report.test_cases.generated} test cases, ${result.exchanges.length} requests, stateful links ${links}, exit ${result.exitCode}`;
    process.stdout.write(`${summary}\n`);
    expect(result.exitCode, result.output.slice(-12_000)).toBe(0);
    expect(result.report.failures).toEqual([]);
    expect(result.report.errors).toEqual([]);
    expect(Object.values(result.report.phases).map((phase) => phase.status)).not.toContain('failure');
    expect(result.exchanges.length).toBeGreaterThan(LONG ? 10_000 : 300);
    expect(result.exchanges.filter((exchange) => exchange.status >= 500)).toEqual([]);
    // The fuzzer reached real resources, not only 404s: reads of seeded connectors, plans and applies answered 200.
    const reachedSeeded = result.exchanges.filter((exchange) => exchange.method === 'GET' && exchange.status === 200 && ids.some((id) => exchange.url.endsWith(`/${id}`)));
    expect(reachedSeeded.length).toBeGreaterThan(0);
    const everything = result.exchanges.map((exchange) => exchange.responseText).join('\n') + kcr.log();
    for (const canary of Object.values(CANARY)) expect(everything).not.toContain(canary);
  }, LONG ? 3_600_000 : 180_000);
});
