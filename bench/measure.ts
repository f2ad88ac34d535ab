/**
 * What every benchmark section shares: timers, the YAML parse floor and the row printer.
 * run.ts and each section import this module; nothing here imports a section, so the bench has
 * no import cycle.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export function timeIt<T>(fn: () => T): { result: T; ms: number } {
  const started = process.hrtime.bigint();
  const result = fn();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/**
 * The floor: read the same files and parse their YAML into data (`parseAllDocuments`, then
 * `toJS()` per document, which is what `YAML.parse` does for one document), nothing else.
 */
export function parseFloor(files: string[]): number {
  return timeIt(() => {
    let documents = 0;
    for (const file of files) for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) if (document.toJS() !== undefined) documents++;
    return documents;
  }).ms;
}

export function printRow(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

/**
 * A full collection between phases (outside the timed parts; `npm run bench` passes --expose-gc):
 * each phase then starts from the heap a fresh `kcr` process would have, instead of paying for,
 * or counting in its peak RSS, the previous phase's garbage.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
