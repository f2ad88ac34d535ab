import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { REPO_ROOT } from '../cli/cliHarness.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README.md', () => {
  it('starts with the two commands a newcomer runs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm start/m);
    expect(firstBlock).toMatch(/^npm test/m);
  });

  it.each(Object.entries(ERROR_CODES))('documents error code %s with its HTTP status', (code, { status }) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``));
    expect(row, `README has no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${status} |`);
  });
});

describe('README.md configuration table', () => {
  it('lists every KCR_* variable the config loader reads', async () => {
    const { ENV_BINDINGS } = await import('../../src/config/envOverrides.js');
    for (const { name } of ENV_BINDINGS) expect(readme, `README does not list ${name}`).toContain(`\`${name}\``);
  });
});
