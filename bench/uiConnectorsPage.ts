/**
 * The web page's connectors page over 10,000 connectors in one space, against a real `kcr serve`:
 * time to first byte (response headers) and page weight (HTML, plus the one stylesheet) of a
 * first page, a deep page, a search, a type filter, a connector's page and the overview.
 *
 *   npm run build && node --import tsx bench/uiConnectorsPage.ts [connectors]
 *
 * Applies the connectors with `kcr apply` first (so each has an owning set and a create event),
 * then serves on loopback without principals. Prints the median and max of 7 requests per URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateManifests } from './generateManifests.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/kcr.js');
const TOTAL = Number(process.argv[2] ?? 10_000);
const RUNS = 7;

function get(url: string): Promise<{ ttfbMs: number; totalMs: number; bytes: number; status: number }> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
    request(url, (response) => {
      const ttfbMs = ms();
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => done({ ttfbMs, totalMs: ms(), bytes, status: response.statusCode ?? 0 }));
    }).on('error', fail).end();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kcr-bench-ui-'));
  try {
    const dataDir = join(dir, 'data');
    generateManifests(join(dir, 'manifests'), TOTAL, 1);
    const applyStart = Date.now();
    const applied = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, 'apply', join(dir, 'manifests'), '--auto-approve'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    if (applied.status !== 0) throw new Error(`kcr apply failed (${applied.status}, ${applied.signal}): ${applied.stderr}${applied.stdout.slice(-2000)}`);
    console.log(`applied ${TOTAL} connectors in space-0 in ${((Date.now() - applyStart) / 1000).toFixed(1)} s`);

    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    const base = await new Promise<string>((done) => {
      let log = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const line = log.split('\n').find((l) => l.includes('kcr is serving'));
        if (line) done((JSON.parse(line) as { url: string }).url);
      });
    });
    try {
      const firstId = /href="\/ui\/connectors\/([^"?]+)\?/.exec(await (await fetch(`${base}/ui/connectors?space=space-0`)).text())?.[1];
      const css = await get(`${base}/ui/style.css`);
      const urls: Array<[string, string]> = [
        ['connectors, page 1 (50 rows)', '/ui/connectors?space=space-0'],
        ['connectors, last page', `/ui/connectors?space=space-0&offset=${TOTAL - 50}`],
        ['connectors, 200 rows', '/ui/connectors?space=space-0&limit=200'],
        ['search "-99" (name substring)', '/ui/connectors?space=space-0&q=-99'],
        ['type filter .slack', '/ui/connectors?space=space-0&type=.slack'],
        ['category filter generative-ai', '/ui/connectors?space=space-0&category=generative-ai'],
        ['one connector', `/ui/connectors/${firstId}?space=space-0`],
        ['overview', '/ui/'],
      ];
      console.log(`stylesheet: ${css.bytes} bytes (served once, cached 5 min)`);
      console.log('page | status | TTFB median / max (ms) | total median (ms) | HTML bytes');
      for (const [label, path] of urls) {
        await get(`${base}${path}`); // warm-up
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await get(`${base}${path}`));
        const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
        const ttfb = runs.map((r) => r.ttfbMs);
        console.log(`${label} | ${runs[0]!.status} | ${median(ttfb).toFixed(1)} / ${Math.max(...ttfb).toFixed(1)} | ${median(runs.map((r) => r.totalMs)).toFixed(1)} | ${runs[0]!.bytes}`);
      }
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
