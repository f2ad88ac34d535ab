import type { RequestHandler } from 'express';
import { KcrError } from '../../errors.js';
import { principalOf } from './authenticate.js';
import { DEFAULT_WRITE_RATE_LIMIT, TokenBuckets, type WriteRateLimit } from './tokenBuckets.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Limits writes (POST, PUT, PATCH, DELETE) per principal, or per remote address while
 * authentication is off. Mount it after authentication. Over the limit: 429 RATE_LIMITED with
 * `Retry-After` in seconds. Reads are not limited: they change nothing.
 */
export function writeRateLimitMiddleware(limit: WriteRateLimit = DEFAULT_WRITE_RATE_LIMIT, now?: () => number): RequestHandler {
  const buckets = new TokenBuckets(limit, now);
  return (req, res, next) => {
    if (!WRITE_METHODS.has(req.method)) return next();
    const principal = principalOf(res);
    const key = principal.name === 'anonymous' ? `addr:${req.socket.remoteAddress ?? 'unknown'}` : `principal:${principal.name}`;
    const retryAfter = buckets.take(key);
    if (retryAfter === 0) return next();
    res.setHeader('Retry-After', String(retryAfter));
    next(new KcrError('RATE_LIMITED', `Too many write requests; retry after ${retryAfter} second(s)`, { attributes: { retryAfter } }));
  };
}
