/**
 * What every operation of the document shares and the operation table would otherwise repeat
 * on each row: the exact shape of the parameters named `set`, `space` and `space_id` (the
 * server's own checks, so a client generating "any string" learns what is accepted), and the
 * answers of the security layer and of the kbn-xsrf guard, which any route can give.
 * Found by fuzzing the document with schemathesis (test/robustness/schemathesis.test.ts).
 */

type Json = Record<string, unknown>;

/** Kibana's space id, as the `/s/{space_id}` prefix accepts it (src/api/kibana/kibanaRoutes.ts). */
const KIBANA_SPACE_ID = { type: 'string', pattern: '^[a-z0-9_-]{1,1024}$' };
/** A space id in the reconciler API (src/api/reconciler/queryParams.ts). */
const RECONCILER_SPACE_ID = { type: 'string', pattern: '^[a-z0-9_-]{1,255}$' };
/** A manifest set name (src/model/set.ts). */
const SET_NAME = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$', maxLength: 63 };

/** The schema of a path parameter by its name; other names are any string. */
export function pathParameterSchema(name: string): Json {
  if (name === 'space_id') return KIBANA_SPACE_ID;
  if (name === 'space') return RECONCILER_SPACE_ID;
  return { type: 'string' };
}

/**
 * A query parameter's schema, narrowed where its name has one meaning everywhere: `set` is a
 * set name and `space` a space id (repeatable lists keep their array form).
 */
export function queryParameterSchema(name: string, schema: Json): Json {
  const shape = name === 'set' ? SET_NAME : name === 'space' ? RECONCILER_SPACE_ID : undefined;
  if (!shape || (schema.type !== 'string' && schema.type !== 'array')) return schema;
  return schema.type === 'array' ? { ...schema, items: shape } : { ...shape, ...(schema.description ? { description: schema.description } : {}) };
}

/**
 * Answers any authenticated route can give besides its own (status -> description): 401 without
 * or with bad credentials, 403 for a principal without the privilege, 429 once the failed-login
 * budget of an address (or the write rate limit of a principal) is spent. `/healthz` is open.
 */
export function securityResponses(path: string, writes: boolean): Record<string, string> {
  if (path === '/healthz') return {};
  return {
    401: 'UNAUTHENTICATED: no, or wrong, credentials (with a WWW-Authenticate challenge)',
    403: 'FORBIDDEN: the principal lacks the privilege on the space',
    429: writes
      ? 'RATE_LIMITED: the write rate limit of the principal, or the failed-authentication budget of the address (Retry-After)'
      : 'RATE_LIMITED: the failed-authentication budget of the address is spent (Retry-After)',
  };
}
