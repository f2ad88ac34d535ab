import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { KcrError } from '../../errors.js';

/** Deeper JSON than this is refused with 400: no connector needs it, and deep nesting is how parsers and validators are made to recurse. */
export const MAX_JSON_DEPTH = 32;

/**
 * helmet-like response headers on every route (the API and /ui): a strict Content Security
 * Policy (the page loads only its own scripts and styles), no MIME sniffing, no framing, no
 * referrer leaving the origin, and no caching of responses that carry connector data.
 */
export function securityHeadersMiddleware(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    res.removeHeader('X-Powered-By');
    next();
  };
}

/**
 * Nesting depth of a JSON or YAML flow text, counted over `{`/`[` outside quoted strings, without
 * parsing it. Stops counting once past `limit`, so a hostile body costs one linear scan.
 */
export function textNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"') quote = '"';
    else if (char === '{' || char === '[') {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (char === '}' || char === ']') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** Nesting depth of a parsed value, iteratively (no recursion to overflow), stopping past `limit`. */
export function valueNestingDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (!current || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > max) max = level;
    if (max > limit) return max;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push({ value: child, depth: level });
  }
  return max;
}

/**
 * Refuses request bodies nested deeper than `maxDepth` with 400 BAD_REQUEST: parsed JSON bodies
 * by their structure, text bodies (YAML manifests) by their bracket nesting. Mount it after the
 * body parsers.
 */
export function jsonDepthMiddleware(maxDepth = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    const body: unknown = req.body;
    const depth = typeof body === 'string' ? textNestingDepth(body, maxDepth) : Buffer.isBuffer(body) ? textNestingDepth(body.toString('utf8'), maxDepth) : valueNestingDepth(body, maxDepth);
    if (depth > maxDepth) return next(new KcrError('BAD_REQUEST', `The request body is nested deeper than ${maxDepth} levels`));
    next();
  };
}

/** Server timeouts, in milliseconds. */
export interface ServerTimeouts {
  /** Whole request, headers and body (config `server.requestTimeoutMs`). */
  requestTimeoutMs: number;
  /** Headers alone: a slow-loris client is cut off early. */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections. */
  keepAliveTimeoutMs?: number;
}

/**
 * Sets the node:http timeouts that stop slow clients from holding sockets. Headers must arrive
 * within min(requestTimeout, 30 s); an idle keep-alive socket closes after 5 s (below the usual
 * 60 s of load balancers would invite races, so keep-alive stays short and the LB side longer).
 */
export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts): void {
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.headersTimeout = timeouts.headersTimeoutMs ?? Math.min(timeouts.requestTimeoutMs, 30_000);
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs ?? 5_000;
  // Node requires headersTimeout <= requestTimeout when both are set.
  if (server.requestTimeout > 0 && server.headersTimeout > server.requestTimeout) server.headersTimeout = server.requestTimeout;
}
