import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/cliHarness.js';

// Imports point down the layers and never in a circle, type imports included: a pair of files
// that need each other's parts means the shared part wants one owner of its own.
const IMPORT = /^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms;
const DYNAMIC_IMPORT = /import\('(\.[^']+)'\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importGraph(roots: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of roots.flatMap((root) => sourceFiles(join(REPO_ROOT, root)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC_IMPORT)].map((match) => normalize(join(dirname(file), match[1]!)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === 'open') found.push(stack.slice(stack.indexOf(target)).concat(target).map((f) => relative(REPO_ROOT, f)).join(' -> '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

describe('the module graph', () => {
  it('has no import cycle in src/ or bench/', () => {
    expect(cycles(importGraph(['src', 'bench']))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const a = join(REPO_ROOT, 'src/a.ts');
    const b = join(REPO_ROOT, 'src/b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(['src/a.ts -> src/b.ts -> src/a.ts']);
  });
});
