import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../../src/reconciler/manifests/jsonErrorOffset.js';

/** V8's own position, when its message has one. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    return position ? Number(position[1]) : -1;
  }
}

/** Valid JSON with one character put in at a random place: most become invalid somewhere inside. */
const corruptedJson = fc
  .tuple(fc.json(), fc.nat(), fc.constantFrom(',', ':', '}', ']', '"', '-', '.', 'e', '0', 'x', ' ', '\\', '\u0001'))
  .map(([json, at, char]) => json.slice(0, at % (json.length + 1)) + char + json.slice(at % (json.length + 1)));

describe('locating a JSON syntax error without quoting the text', () => {
  it.each([
    ['{"webhookUrl": s3cret}', 15],
    ['{"a": [1, 2,]}', 12],
    ['{"a":1,}', 7],
    ['"unterminated', 13],
    ['[1] trailing', 4],
    ['', 0],
  ])('%j fails at offset %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('accepts exactly what JSON.parse accepts, and agrees with V8 where V8 gives a position', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.json().map((json) => json.slice(0, -1)), fc.string(), corruptedJson), (text) => {
        const v8 = v8Position(text);
        const ours = jsonErrorOffset(text);
        if (v8 === undefined) expect(ours).toBeUndefined();
        else if (v8 >= 0) expect(ours).toBe(v8);
        else expect(ours).toBeTypeOf('number');
      }),
      { numRuns: 1000 },
    );
  });
});
