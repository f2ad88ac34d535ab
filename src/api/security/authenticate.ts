import type { Request, RequestHandler, Response } from 'express';
import { KcrError } from '../../errors.js';
import { PrincipalAuthenticator, WWW_AUTHENTICATE, type Principal } from '../../security/principals.js';
import { isOpenRoute } from '../../security/privileges.js';
import { DEFAULT_AUTH_FAILURE_LIMIT, TokenBuckets, type WriteRateLimit } from './tokenBuckets.js';

/**
 * The principal of every request while authentication is off (no principals in kcr.yaml). kcr
 * then serves on loopback only, so whoever can reach it already has the machine.
 */
export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({ name: 'anonymous', privileges: Object.freeze({ '*': 'all' as const }), admin: true });

/**
 * The principal of a request that was not authenticated while authentication is on (the open
 * routes): no privilege at all, so a handler that asks gets nothing by accident.
 */
export const UNAUTHENTICATED_PRINCIPAL: Principal = Object.freeze({ name: 'unauthenticated', privileges: Object.freeze({}), admin: false });

/** Where the principal lives: `res.locals.principal`, which `actorOf` (src/api/requestContext.ts) reads for the event log. */
const PRINCIPAL_KEY = 'principal';

/**
 * Authenticates every request except the open routes (`/healthz`). Sets the principal for
 * authorization and for the actor of events; a failure is the one 401 UNAUTHENTICATED with a
 * `WWW-Authenticate` challenge, whatever was wrong. Each failed verification costs a scrypt, so
 * failures are budgeted per remote address: over the budget, a credential that is not already
 * verified (cached) gets 429 RATE_LIMITED without any scrypt. `onFailure` hears of each 401 (the
 * audit event); the budget also bounds how many it hears of.
 */
export function authenticationMiddleware(
  authenticator: PrincipalAuthenticator,
  failureLimit: WriteRateLimit = DEFAULT_AUTH_FAILURE_LIMIT,
  onFailure: (req: Request, res: Response) => void = () => undefined,
): RequestHandler {
  const failures = new TokenBuckets(failureLimit);
  return async (req, res, next) => {
    if (!authenticator.enabled) {
      res.locals[PRINCIPAL_KEY] = ANONYMOUS_PRINCIPAL;
      return next();
    }
    res.locals[PRINCIPAL_KEY] = UNAUTHENTICATED_PRINCIPAL;
    if (isOpenRoute(req.method, req.path)) return next();
    const header = req.get('authorization');
    const known = authenticator.cached(header);
    if (known) {
      res.locals[PRINCIPAL_KEY] = known;
      return next();
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = failures.peek(address);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return next(new KcrError('RATE_LIMITED', `Too many failed authentications from this address; retry after ${wait} second(s)`));
    }
    try {
      res.locals[PRINCIPAL_KEY] = await authenticator.authenticate(header);
      next();
    } catch (error) {
      failures.take(address);
      onFailure(req, res);
      res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      next(error);
    }
  };
}

/** The principal of a request: authenticated, anonymous (auth off), or one with no privilege. */
export function principalOf(res: Response): Principal {
  return (res.locals[PRINCIPAL_KEY] as Principal | undefined) ?? UNAUTHENTICATED_PRINCIPAL;
}
