import { createRequire } from 'node:module';

type DiffString = typeof import('json-diff').diffString;

let loaded: DiffString | undefined;

/**
 * json-diff's `diffString`, loaded on first use: a no-op plan renders no diff, and loading the
 * package (and its colour and difflib dependencies) was ~10 ms of every `kcr` start.
 */
export function diffString(...args: Parameters<DiffString>): string {
  loaded ??= (createRequire(import.meta.url)('json-diff') as { diffString: DiffString }).diffString;
  return loaded(...args);
}
