import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, applyServerTimeouts, textNestingDepth, valueNestingDepth } from '../../src/api/security/hardening.js';
import { TokenBuckets } from '../../src/api/security/tokenBuckets.js';

describe('nesting depth', () => {
  it('counts brackets outside strings in text, and levels in parsed values, without recursion', () => {
    expect(textNestingDepth('{"a":[{"b":"[[[[{{{"}]}')).toBe(3);
    expect(textNestingDepth('key: "not [ counted"\nlist: [a, [b]]')).toBe(2);
    expect(valueNestingDepth({ a: [{ b: 'x' }] })).toBe(3);
    expect(valueNestingDepth('scalar')).toBe(0);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueNestingDepth(deep, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(textNestingDepth('['.repeat(1_000_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('write token buckets', () => {
  it('allows a burst, then answers with the seconds to wait, and refills with time (per key)', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perSecond: 0.5 }, () => now);
    expect([buckets.take('ci'), buckets.take('ci'), buckets.take('ci')]).toEqual([0, 0, 0]);
    expect(buckets.take('ci')).toBe(2);
    expect(buckets.take('other')).toBe(0);
    now += 2000;
    expect(buckets.take('ci')).toBe(0);
    expect(buckets.take('ci')).toBeGreaterThanOrEqual(1);
  });
});

describe('server timeouts', () => {
  it('bounds the whole request, the headers (slow clients) and idle keep-alive sockets', () => {
    const server = createServer();
    applyServerTimeouts(server, { requestTimeoutMs: 20_000 });
    expect(server.requestTimeout).toBe(20_000);
    expect(server.headersTimeout).toBe(20_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    applyServerTimeouts(server, { requestTimeoutMs: 120_000 });
    expect(server.headersTimeout).toBe(30_000);
  });
});
