import type { Principal, SpacePrivilege } from './principals.js';

/**
 * Privileges, per space:
 * - `read`: get, list, plan, drift, show, events (Kibana's `read` on the Actions feature also executes);
 * - `all`: read plus create, update, delete and apply;
 * - `*` grants the privilege in every space;
 * - `admin`: breaks locks, reads every space and /metrics. It grants no write.
 */
export const ALL_SPACES = '*';

/** True when the principal holds `needed` (or more) in `space`. */
export function hasSpacePrivilege(principal: Principal, space: string, needed: SpacePrivilege): boolean {
  const granted = [principal.privileges[space], principal.privileges[ALL_SPACES]];
  if (needed === 'read' && principal.admin) return true;
  return granted.some((privilege) => privilege === 'all' || (needed === 'read' && privilege === 'read'));
}

/** The first space (in sorted order) where the principal lacks `needed`, or undefined. */
export function firstDeniedSpace(principal: Principal, spaces: Iterable<string>, needed: SpacePrivilege): string | undefined {
  return [...new Set(spaces)].sort().find((space) => !hasSpacePrivilege(principal, space, needed));
}

/** True when the principal reads every space (`*` or admin): it may see records that name no space. */
export function readsEverySpace(principal: Principal): boolean {
  return principal.admin || principal.privileges[ALL_SPACES] !== undefined;
}

/** Where the spaces a route touches come from. */
export type SpaceSource =
  /** the `/s/{space}` URL prefix, `default` without it (Kibana routes) */
  | 'url'
  /** the stored plan named by `:id` (its `spaces`) */
  | 'plan'
  /** the plan named by the apply `:id` */
  | 'apply'
  /** only known once the manifests are planned: ReconcilerService calls back with the scope */
  | 'plan-scope'
  /** `?space=` when given, else every space of the set's inventory */
  | 'drift-scope'
  /** lists: `?space=` when given is checked, and every item is filtered to what the principal reads */
  | 'list';

/** What a route requires. `deny` builds the 403 message (Kibana's wording for Kibana routes). */
export type RouteRequirement =
  | { kind: 'open' }
  | { kind: 'authenticated' }
  | { kind: 'admin'; deny: (facts: DenyFacts) => string }
  | { kind: 'space'; privilege: SpacePrivilege; spaces: SpaceSource; deny: (facts: DenyFacts) => string; list?: ListKind };

/** Lists whose items are filtered to the spaces the principal may read. */
export type ListKind = 'plans' | 'applies' | 'events' | 'inventory' | 'locks' | 'status';

/** Facts a 403 message may name. */
export interface DenyFacts {
  space: string;
  /** `connector_type_id` of a create body, when it is a string. */
  connectorTypeId?: string;
}

/** One row of the route table: an express path (Kibana's rows are also matched under `/s/:spaceId`). */
export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  requirement: RouteRequirement;
}

const kibana = (privilege: SpacePrivilege, operation: string): RouteRequirement => ({
  kind: 'space', privilege, spaces: 'url', deny: () => `Unauthorized to ${operation} actions`,
});
const kibanaCreate: RouteRequirement = {
  kind: 'space', privilege: 'all', spaces: 'url',
  deny: ({ connectorTypeId }) => (connectorTypeId ? `Unauthorized to create a "${connectorTypeId}" action` : 'Unauthorized to create actions'),
};
const reconciler = (privilege: SpacePrivilege, spaces: SpaceSource, operation: string, list?: ListKind): RouteRequirement => ({
  kind: 'space', privilege, spaces, list, deny: ({ space }) => `Unauthorized to ${operation} in space "${space}"`,
});
const AUTHENTICATED: RouteRequirement = { kind: 'authenticated' };

/**
 * Every route of the service and what it needs. A route under `/api/` that is not listed here
 * needs `admin` (deny by default): a new route is closed until someone decides its privilege.
 */
export const ROUTE_TABLE: readonly RouteRule[] = Object.freeze([
  // Kibana-compatible connectors API (also under /s/{space}); Kibana's own 403 wording.
  { method: 'POST', path: '/api/actions/connector', requirement: kibanaCreate },
  { method: 'POST', path: '/api/actions/connector/:id', requirement: kibanaCreate },
  { method: 'GET', path: '/api/actions/connector/:id', requirement: kibana('read', 'get') },
  { method: 'PUT', path: '/api/actions/connector/:id', requirement: kibana('all', 'update') },
  { method: 'DELETE', path: '/api/actions/connector/:id', requirement: kibana('all', 'delete') },
  { method: 'GET', path: '/api/actions/connectors', requirement: kibana('read', 'get') },
  { method: 'POST', path: '/api/actions/connector/:id/_execute', requirement: kibana('read', 'execute') },
  { method: 'GET', path: '/api/actions/connector_types', requirement: AUTHENTICATED },
  { method: 'GET', path: '/internal/actions/connectors', requirement: kibana('read', 'get') },
  { method: 'GET', path: '/internal/actions/connector_types', requirement: AUTHENTICATED },
  // Legacy 7.x routes, in case they are served.
  { method: 'POST', path: '/api/actions/action', requirement: kibanaCreate },
  { method: 'GET', path: '/api/actions/action/:id', requirement: kibana('read', 'get') },
  { method: 'PUT', path: '/api/actions/action/:id', requirement: kibana('all', 'update') },
  { method: 'DELETE', path: '/api/actions/action/:id', requirement: kibana('all', 'delete') },
  { method: 'GET', path: '/api/actions', requirement: kibana('read', 'get') },
  { method: 'GET', path: '/api/actions/list_action_types', requirement: AUTHENTICATED },
  { method: 'POST', path: '/api/actions/action/:id/_execute', requirement: kibana('read', 'execute') },
  { method: 'GET', path: '/api/status', requirement: AUTHENTICATED },
  // Reconciler API.
  { method: 'POST', path: '/api/reconciler/plans', requirement: reconciler('read', 'plan-scope', 'create plans') },
  { method: 'GET', path: '/api/reconciler/plans', requirement: reconciler('read', 'list', 'read plans', 'plans') },
  { method: 'GET', path: '/api/reconciler/plans/:id', requirement: reconciler('read', 'plan', 'read plans') },
  { method: 'POST', path: '/api/reconciler/plans/:id/apply', requirement: reconciler('all', 'plan', 'apply plans') },
  { method: 'GET', path: '/api/reconciler/applies', requirement: reconciler('read', 'list', 'read applies', 'applies') },
  { method: 'GET', path: '/api/reconciler/applies/:id', requirement: reconciler('read', 'apply', 'read applies') },
  { method: 'GET', path: '/api/reconciler/drift', requirement: reconciler('read', 'drift-scope', 'read drift') },
  { method: 'GET', path: '/api/reconciler/inventory', requirement: reconciler('read', 'list', 'read the inventory', 'inventory') },
  { method: 'GET', path: '/api/reconciler/events', requirement: reconciler('read', 'list', 'read events', 'events') },
  { method: 'GET', path: '/api/reconciler/locks', requirement: reconciler('read', 'list', 'read locks', 'locks') },
  { method: 'DELETE', path: '/api/reconciler/locks/:space', requirement: { kind: 'admin', deny: ({ space }) => `Unauthorized to break the lock of space "${space}"` } },
  { method: 'GET', path: '/api/reconciler/status', requirement: reconciler('read', 'list', 'read the GitOps status', 'status') },
  // A push webhook only moves a source's next fetch earlier; what is applied comes from its repository.
  { method: 'POST', path: '/api/reconciler/sources/:name/sync', requirement: AUTHENTICATED },
  { method: 'GET', path: '/api/reconciler/openapi.json', requirement: AUTHENTICATED },
  { method: 'GET', path: '/healthz', requirement: { kind: 'open' } },
  // Metrics aggregate every space (counts per space and set): admin only.
  { method: 'GET', path: '/metrics', requirement: { kind: 'admin', deny: () => 'Unauthorized to read metrics' } },
]);

/** Kibana's routes are also served under `/s/{space}`; kcr's own are not. */
export function isServedPerSpace(rule: RouteRule): boolean {
  return /^\/(api|internal)\/actions(\/|$)/.test(rule.path) || rule.path === '/api/status';
}

/** Paths that no rule matches and that are under `/api/` or `/internal/` (any case, any space prefix, any extra slashes). */
const API_LIKE_PATH = /^(\/+s\/+[^/]+)?\/+(api|internal)(\/|$)/i;

/**
 * The requirement of a path that no rule matches: `admin` under `/api/` and `/internal/` (deny by
 * default: a new route stays closed until someone gives it a row), else authentication only
 * (the web page's files, and the 404 of unknown paths).
 */
export function unlistedRequirement(path: string): RouteRequirement {
  if (API_LIKE_PATH.test(path)) return { kind: 'admin', deny: () => 'Unauthorized to use this route' };
  return AUTHENTICATED;
}

/** True for the routes that need no credentials at all (liveness probes). */
export function isOpenRoute(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && path === '/healthz';
}
