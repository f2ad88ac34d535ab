import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSourceManifestError, lineOfManifestError } from '../../src/reconciler/sources/manifestLines.js';

const root = mkdtempSync(join(tmpdir(), 'kcr-lines-'));
writeFileSync(join(root, 'list.yaml'), [
  'apiVersion: kcr/v1', 'kind: Connector', 'metadata: {name: first}', 'spec: {name: a, connector_type_id: .webhook, config: {url: "https://x"}}',
  '---', 'apiVersion: kcr/v1', 'kind: ConnectorList', 'items:', '  - metadata:', '      name: second', '    spec:', '      connector_type_id: .webhook', '      config:', '        method: teleport', '',
].join('\n'));

describe('lineOfManifestError', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['/items/0/spec/config/method', 1, 14],
    ['/items/0/spec/name', 1, 12], // missing: its object's line
    ['/metadata/name', 0, 3],
    ['', 1, 6],
  ])('finds %s of document %i at line %i', (pointer, document, line) => {
    expect(lineOfManifestError(root, { file: 'list.yaml', document, pointer, message: 'x' })).toBe(line);
  });

  it('takes the line a syntax error names, and gives none for a file it cannot read', () => {
    expect(lineOfManifestError(root, { file: 'gone.yaml', document: 0, pointer: '', message: 'YAML syntax error at line 7, column 2: bad' })).toBe(7);
    expect(lineOfManifestError(root, { file: 'gone.yaml', document: 0, pointer: '/spec', message: 'x' })).toBeUndefined();
  });

  it('formats file:line before the loader\'s own line', () => {
    expect(formatSourceManifestError(root, { file: 'list.yaml', document: 1, pointer: '/items/0/spec/config/method', message: 'expected one of [post, put]' }))
      .toBe('list.yaml:14 [doc 1] /items/0/spec/config/method: expected one of [post, put]');
  });
});
