import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, Workspace } from './cliHarness.js';

const INVALID_DIR = join(REPO_ROOT, 'test/fixtures/manifests/invalid');
// A case is one file, or one folder of files that are only invalid together (e.g. a duplicate identity across files).
const cases = readdirSync(INVALID_DIR).filter((name) => /\.(ya?ml|json)$/.test(name) || statSync(join(INVALID_DIR, name)).isDirectory()).sort();

describe('kcr CLI on invalid manifests: exit 1, one located message per problem, nothing written', () => {
  const ws = new Workspace();
  afterAll(() => ws.cleanup());

  it('has at least 25 distinct invalid manifests to try', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', async (name) => {
    const file = join(INVALID_DIR, name);
    const dataDir = join(ws.dir, `data-${name}`);
    const results = await Promise.all(['validate', 'plan'].map((command) => ws.run([command, file, '--data-dir', dataDir])));
    for (const result of results) {
      expect(result.code, result.stderr).toBe(1);
      const shownPath = relative(ws.dir, file);
      expect(result.stderr).toContain(shownPath.split('/').pop());
      expect(result.stderr).toMatch(/\[doc \d+\]/);
      expect(result.stderr).toMatch(/ \/[^ ]*: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    // Neither validate nor a refused plan may create or touch the store.
    expect(existsSync(dataDir)).toBe(false);
  });
});
