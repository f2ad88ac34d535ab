import { describe, expect, it } from 'vitest';
import {
  backoffMs, describeTransportError, isRetryableStatus, isRetryableTransportError, retryAfterMs,
} from '../../../src/targets/kibana/retry.js';
import { scrubSecrets } from '../../../src/targets/kibana/kibanaError.js';

const settings = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retry policy', () => {
  it.each([[429, true], [502, true], [503, true], [504, true], [500, false], [400, false], [404, false], [409, false]])(
    'status %i is retryable: %s', (status, retryable) => {
      expect(isRetryableStatus(status)).toBe(retryable);
    },
  );

  it.each([
    ['a reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['a refusal', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), true],
    ['an undici header timeout', Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), true],
    ['a wrapped socket error', new Error('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), true],
    ['a certificate error', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), false],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND kibana'), { code: 'ENOTFOUND' }), false],
  ])('%s is retryable: %s', (_what, error, retryable) => {
    expect(isRetryableTransportError(error)).toBe(retryable);
  });

  it('labels a transport error by its code and message, without repeating the code', () => {
    expect(describeTransportError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('ECONNRESET (socket hang up)');
    expect(describeTransportError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-29T06:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(['2'], now)).toBe(2_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 06:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 05:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially under a ceiling, jittered over the whole range', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, settings, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, settings, () => 0)).toBe(0);
  });
});

describe('scrubSecrets', () => {
  it('hides every secret, the longest first, and leaves very short strings alone', () => {
    const text = 'bad value https://hooks.example/T0/very-secret and very-secret again; user p';
    expect(scrubSecrets(text, ['very-secret', 'https://hooks.example/T0/very-secret', 'p'])).toBe('bad value (sensitive) and (sensitive) again; user p');
  });
});
