import type { RequestHandler, Response } from 'express';
import { PrincipalAuthenticator, WWW_AUTHENTICATE, type Principal } from '../../security/principals.js';
import { isOpenRoute } from '../../security/privileges.js';

/**
 * The principal of every request while authentication is off (no principals in kcr.yaml). kcr
 * then serves on loopback only, so whoever can reach it already has the machine.
 */
export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({ name: 'anonymous', privileges: Object.freeze({ '*': 'all' as const }), admin: true });

/** Where the principal lives: `res.locals.principal`, which `actorOf` (src/api/requestContext.ts) reads for the event log. */
const PRINCIPAL_KEY = 'principal';

/**
 * Authenticates every request except the open routes (`/healthz`). Sets the principal for
 * authorization and for the actor of events; a failure is the one 401 UNAUTHENTICATED with a
 * `WWW-Authenticate` challenge, whatever was wrong.
 */
export function authenticationMiddleware(authenticator: PrincipalAuthenticator): RequestHandler {
  return async (req, res, next) => {
    if (isOpenRoute(req.method, req.path)) return next();
    if (!authenticator.enabled) {
      res.locals[PRINCIPAL_KEY] = ANONYMOUS_PRINCIPAL;
      return next();
    }
    try {
      res.locals[PRINCIPAL_KEY] = await authenticator.authenticate(req.get('authorization'));
      next();
    } catch (error) {
      res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      next(error);
    }
  };
}

/** The authenticated principal of a request (the anonymous one when auth is off or before authentication). */
export function principalOf(res: Response): Principal {
  return (res.locals[PRINCIPAL_KEY] as Principal | undefined) ?? ANONYMOUS_PRINCIPAL;
}
