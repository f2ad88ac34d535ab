import express, { type Request, type RequestHandler, type Response } from 'express';
import type { KcrConfig } from '../../config/types.js';
import { spaceOfPath } from '../../model/connector.js';
import { parseAuthorization, PrincipalAuthenticator } from '../../security/principals.js';
import { contextOf, requestPath } from '../requestContext.js';
import type { Store } from '../../store/Store.js';
import { authenticationMiddleware } from './authenticate.js';
import { authorizationMiddleware } from './authorize.js';
import { jsonDepthMiddleware, securityHeadersMiddleware } from './hardening.js';
import { writeRateLimitMiddleware } from './rateLimit.js';
import { DEFAULT_AUTH_FAILURE_LIMIT, DEFAULT_WRITE_RATE_LIMIT } from './tokenBuckets.js';

/**
 * What runs before the body is read: security headers (so even a 401 carries them),
 * authentication (an unauthenticated client gets 401 without its body being parsed; failures
 * budgeted per address), and the write rate limit per principal. Mount right after the request context.
 */
export function securityBeforeBody(deps: { config: KcrConfig; store: Store; authenticator?: PrincipalAuthenticator }): RequestHandler[] {
  const authenticator = deps.authenticator ?? new PrincipalAuthenticator(deps.config.principals);
  const { server } = deps.config;
  return [
    securityHeadersMiddleware(),
    authenticationMiddleware(authenticator, server.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT, recordAuthenticationFailure(deps.store)),
    writeRateLimitMiddleware(server.writeRateLimit ?? DEFAULT_WRITE_RATE_LIMIT),
  ];
}

/**
 * Every failed authentication is an `auth.failure` event (as Kibana's audit log has
 * `user_login` failures): when, from where, which route, the scheme and the credential id
 * presented (an API key id, username or token id: never a secret, which lies after the `:` or `.`).
 * Written after the 401 is decided, without holding it up; a store error is logged, not raised.
 */
function recordAuthenticationFailure(store: Store): (req: Request, res: Response) => void {
  return (req, res) => {
    const presented = parseAuthorization(req.get('authorization'));
    const path = requestPath(req);
    const details: Record<string, unknown> = { method: req.method, path, scheme: presented?.scheme ?? (req.get('authorization') ? 'unreadable' : 'none') };
    if (presented) details.credential_id = presented.id.slice(0, 128);
    const context = contextOf(res);
    // A Kibana route under /s/{space} names the space it was after: the event is found with that space's.
    const space = spaceOfPath(path);
    store
      .appendEvent({
        time: new Date().toISOString(), actor: 'unauthenticated', remote_address: req.socket.remoteAddress, request_id: context.requestId,
        ...(space !== undefined && { space_id: space }),
        action: 'auth.failure', outcome: 'failure', origin: 'server', message: `authentication failed for ${req.method} ${path}`, details,
      })
      .catch((error: unknown) => context.log.error({ err: error }, 'could not record a failed authentication'));
  };
}

/** YAML bodies (plans): read as text here so their nesting is checked before any YAML parser sees them. */
const YAML_CONTENT_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];

/**
 * What runs once the JSON body is parsed and before any route: YAML bodies are read (within the
 * same limit), then the depth limit (deeply nested flow YAML costs a parser ~50 ms per request,
 * JSON worse), then authorization against the route table (a create's 403 names the connector
 * type from the body, as Kibana's does).
 */
export function securityAfterBody(deps: { store: Store; config: KcrConfig }): RequestHandler[] {
  return [
    express.text({ limit: deps.config.server.bodyLimit, type: YAML_CONTENT_TYPES }),
    jsonDepthMiddleware(),
    authorizationMiddleware(deps),
  ];
}
