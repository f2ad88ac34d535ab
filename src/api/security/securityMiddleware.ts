import express, { type RequestHandler } from 'express';
import type { KcrConfig } from '../../config/types.js';
import { PrincipalAuthenticator } from '../../security/principals.js';
import type { Store } from '../../store/Store.js';
import { authenticationMiddleware } from './authenticate.js';
import { authorizationMiddleware } from './authorize.js';
import { jsonDepthMiddleware, securityHeadersMiddleware } from './hardening.js';
import { DEFAULT_AUTH_FAILURE_LIMIT, DEFAULT_WRITE_RATE_LIMIT, writeRateLimitMiddleware } from './rateLimit.js';

/**
 * What runs before the body is read: security headers (so even a 401 carries them),
 * authentication (an unauthenticated client gets 401 without its body being parsed; failures
 * budgeted per address), and the write rate limit per principal. Mount right after the request context.
 */
export function securityBeforeBody(deps: { config: KcrConfig; authenticator?: PrincipalAuthenticator }): RequestHandler[] {
  const authenticator = deps.authenticator ?? new PrincipalAuthenticator(deps.config.principals);
  const { server } = deps.config;
  return [
    securityHeadersMiddleware(),
    authenticationMiddleware(authenticator, server.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT),
    writeRateLimitMiddleware(server.writeRateLimit ?? DEFAULT_WRITE_RATE_LIMIT),
  ];
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
