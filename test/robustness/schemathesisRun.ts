import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutsideTool } from '../helpers/outsideTool.js';

/** Where .ci/setup-schemathesis.sh puts its virtual environment (KCR_SCHEMATHESIS_HOME overrides). */
export const SCHEMATHESIS_BIN = join(process.env.KCR_SCHEMATHESIS_HOME ?? join(homedir(), '.cache', 'kcr-schemathesis'), 'venv', 'bin', 'schemathesis');

export const SCHEMATHESIS: OutsideTool = {
  needs: 'schemathesis 4.32.5 (Python 3 venv)',
  missingBecause: existsSync(SCHEMATHESIS_BIN) ? null : `${SCHEMATHESIS_BIN} does not exist`,
  enableWith: '.ci/setup-schemathesis.sh',
};

const STATIC_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'schemathesis.toml');

export interface FuzzInputs {
  /** Ids that exist on the server (seeded connectors, a plan, an apply), offered for `{id}` half the time. */
  ids: string[];
  /** Spaces that hold data, offered for `{space_id}` and `{space}` half the time. */
  spaces: string[];
  /** Connector types offered for `connector_type_id` in bodies most of the time (random strings the rest). */
  connectorTypes: string[];
}

export interface SchemathesisResult {
  exitCode: number;
  output: string;
  /** The JSON run report (generated test cases, failures, phases). */
  report: { test_cases: { generated: number; with_failures: number }; failures: unknown[]; errors: unknown[]; phases: Record<string, { status: string }> };
  /** Every request/response pair, from the HAR report. */
  exchanges: Array<{ method: string; url: string; status: number; responseText: string }>;
}

/**
 * The checked-in schemathesis.toml (which check applies where, and why) plus the run's own
 * test data: dictionaries of ids and spaces that exist, so links and path parameters reach real
 * resources instead of 404s.
 */
function writeConfig(dir: string, inputs: FuzzInputs): string {
  const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  const config = [
    readFileSync(STATIC_CONFIG, 'utf8'),
    '[dictionaries.ids]', `values = ${list(inputs.ids)}`,
    '[dictionaries.spaces]', `values = ${list(inputs.spaces)}`,
    '[dictionaries.types]', `values = ${list(inputs.connectorTypes)}`,
    '[parameters]',
    '"path.id" = { dictionary = "ids", probability = 0.5 }',
    '"path.space_id" = { dictionary = "spaces", probability = 0.5 }',
    '"path.space" = { dictionary = "spaces", probability = 0.5 }',
    '"body.connector_type_id" = { dictionary = "types", probability = 0.8 }',
    '',
  ].join('\n');
  const path = join(dir, 'schemathesis.toml');
  writeFileSync(path, config);
  return path;
}

/**
 * Runs `schemathesis run` (every phase: coverage, fuzzing, stateful) against `baseUrl`'s own
 * OpenAPI document, with one worker (schemathesis 4.32.5 on CPython 3.11 can fail its
 * coverage phase with "AST constructor recursion depth mismatch" when workers run in threads).
 */
export async function runSchemathesis(options: { baseUrl: string; authorization: string; maxExamples: number; seed: number; workDir: string; inputs: FuzzInputs }): Promise<SchemathesisResult> {
  const config = writeConfig(options.workDir, options.inputs);
  const har = join(options.workDir, 'run.har');
  const json = join(options.workDir, 'run.json');
  const args = [
    '--config-file', config, '--no-color',
    'run', `${options.baseUrl}/api/reconciler/openapi.json`,
    '-H', `Authorization: ${options.authorization}`,
    '--max-examples', String(options.maxExamples), '--seed', String(options.seed), '--workers', '1',
    '--request-timeout', '30',
    '--report', 'har,json', '--report-har-path', har, '--report-json-path', json,
  ];
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    // In the run's own directory: schemathesis keeps its example database in ./.schemathesis.
    const child = spawn(SCHEMATHESIS_BIN, args, { cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: homedir(), SCHEMATHESIS_HOOKS: '' } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode ?? -1, output: text }));
  });
  const report = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : { test_cases: { generated: 0, with_failures: 0 }, failures: [], errors: [], phases: {} };
  const entries = existsSync(har) ? (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries : [];
  const exchanges = entries.map((entry) => ({
    method: entry.request.method,
    url: entry.request.url,
    status: entry.response.status,
    responseText: `${entry.response.headers.map((h) => `${h.name}: ${h.value}`).join('\n')}\n${entry.response.content?.text ?? ''}`,
  }));
  return { exitCode: code, output, report, exchanges };
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; headers: Array<{ name: string; value: string }>; content?: { text?: string } };
}
