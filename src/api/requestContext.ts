import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Actor } from '../model/events.js';

/** Per-request facts every handler may need, kept on `res.locals`. */
export interface RequestContext {
  requestId: string;
  log: Logger;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID),
 * echoes it in the response, and logs one line per request when it ends: method, path, status,
 * duration. Never bodies, never headers: those are where secrets travel.
 */
export function requestContext(logger: Logger) {
  // The request line holds only the fields below (no body, header or query string), none of which
  // the redaction paths name: it skips pino's redaction, which walked its ~25 paths on every line.
  const requestLog = logger.child({}, { redact: { paths: [] } });
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.context = new LazyRequestContext(logger, requestId) satisfies RequestContext;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // The same line a child logger with { reqId } writes, without building a child per request.
      // originalUrl: by `finish`, a router mounted under /s/{space} has cut the space out of req.path.
      requestLog.info({ reqId: requestId, method: req.method, path: requestPath(req), status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
    });
    next();
  };
}

/** The path the client asked for, without the query string (which may carry values nobody should log). */
export function requestPath(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The child logger (every line carries `reqId`) is made on first use: most requests log only
 * their one request line, and a pino child per request was a visible share of a small GET.
 */
class LazyRequestContext implements RequestContext {
  #log: Logger | undefined;

  constructor(
    private readonly logger: Logger,
    readonly requestId: string,
  ) {}

  get log(): Logger {
    this.#log ??= this.logger.child({ reqId: this.requestId });
    return this.#log;
  }
}

/** The context set by `requestContext`. */
export function contextOf(res: Response): RequestContext {
  return res.locals.context as RequestContext;
}

/**
 * Who made the request, for the event log. An authentication middleware (when principals are
 * configured) puts the principal's name in `res.locals.principal`; without one, it is `anonymous`.
 */
export function actorOf(req: Request, res: Response): Actor {
  const principal = res.locals.principal as { name?: string } | undefined;
  const actor: Actor = { name: principal?.name ?? 'anonymous', requestId: contextOf(res).requestId };
  if (req.socket.remoteAddress !== undefined) actor.remoteAddress = req.socket.remoteAddress;
  return actor;
}
