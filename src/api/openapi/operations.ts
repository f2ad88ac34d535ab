/**
 * Every route of kcr's HTTP API as data: the OpenAPI document is built from this table and the
 * JSON Schemas under schemas/ (the same ones that validate requests), and a test walks the
 * express router stack to prove that every registered route is listed here.
 *
 * This module owns the shapes of the table (`OperationSpec` and its parts); the web page's own
 * rows (src/api/ui/uiOperations.ts) use them, and buildOpenApiDocument.ts joins the two lists,
 * so neither table imports the other.
 */


/** A schema by its `$id` in schemas/, or an inline JSON Schema. */
export type SchemaSource = { id: string } | { inline: Record<string, unknown> };

export interface QueryParameter {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  /** Default `application/json`. */
  contentType?: string;
  schema?: SchemaSource;
  /** Also answered as `text/plain` (the human form, `?format=text`). */
  alsoPlainText?: boolean;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/api/reconciler/plans/{id}`. */
  path: string;
  summary: string;
  tag: 'kibana' | 'reconciler' | 'service';
  /** Also served under `/s/{space_id}` (Kibana's space prefix). */
  perSpace?: boolean;
  /** Needs the `kbn-xsrf` header. */
  xsrf?: boolean;
  query?: QueryParameter[];
  requestBody?: { description: string; content: Record<string, SchemaSource> };
  responses: Record<string, ResponseSpec>;
}

const ERROR: SchemaSource = { id: 'https://kcr.dev/schemas/api/error.json' };
const PLAN: SchemaSource = { id: 'https://kcr.dev/schemas/api/plan.json' };
const APPLY: SchemaSource = { id: 'https://kcr.dev/schemas/api/apply-record.json' };
const CONNECTOR: SchemaSource = { id: 'https://kcr.dev/schemas/api/kibana-connector.json' };
const CONNECTOR_WRITE: SchemaSource = { id: 'https://kcr.dev/schemas/api/kibana-connector-write.json' };
/** A create names its type; an update must not (Kibana: "definition for this key is missing"). */
const CONNECTOR_CREATE: SchemaSource = { inline: { allOf: [{ $ref: CONNECTOR_WRITE.id }, { required: ['connector_type_id'] }] } };
const CONNECTOR_UPDATE: SchemaSource = { inline: { allOf: [{ $ref: CONNECTOR_WRITE.id }, { not: { required: ['connector_type_id'] } }] } };

const page = (item: SchemaSource): SchemaSource => ({
  inline: {
    type: 'object',
    required: ['items', 'total'],
    properties: { items: { type: 'array', items: ref(item) }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } },
  },
});

/** Marker the builder turns into a `$ref` to the component of that `$id`. */
export function ref(source: SchemaSource): Record<string, unknown> {
  return 'id' in source ? { $ref: source.id } : source.inline;
}

const text = (description: string): ResponseSpec => ({ description, contentType: 'text/plain', schema: { inline: { type: 'string' } } });
const error = (description: string): ResponseSpec => ({ description, schema: ERROR });
const str = (name: string, description: string): QueryParameter => ({ name, description, schema: { type: 'string' } });
const SET = str('set', 'manifest set name: lowercase letters, digits, "-", "_", "."; at most 63 characters (default "default")');
const SPACES: QueryParameter = { name: 'space', description: 'limit to these spaces (repeat, or comma-separated)', schema: { type: 'array', items: { type: 'string' } } };
const PAGING: QueryParameter[] = [
  { name: 'limit', description: 'page size, 1-1000 (default 20)', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  { name: 'offset', description: 'items to skip (default 0)', schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
];
const SINCE_UNTIL: QueryParameter[] = [
  { name: 'since', description: 'only records at or after this ISO 8601 time', schema: { type: 'string', format: 'date-time' } },
  { name: 'until', description: 'only records at or before this ISO 8601 time', schema: { type: 'string', format: 'date-time' } },
];
const FORMAT: QueryParameter = { name: 'format', description: '"json" (default) or "text" (the human form)', schema: { enum: ['json', 'text'] } };
const BAD = { 400: error('bad query, body or missing kbn-xsrf header') };

const KIBANA: OperationSpec[] = [
  {
    method: 'post', path: '/api/actions/connector', summary: 'Create a connector (generated id)', tag: 'kibana', perSpace: true, xsrf: true,
    requestBody: { description: 'name, connector_type_id, config, secrets', content: { 'application/json': CONNECTOR_CREATE } },
    responses: { 200: { description: 'the connector', schema: CONNECTOR }, ...BAD, 409: error('managed by a set') },
  },
  {
    method: 'post', path: '/api/actions/connector/{id}', summary: 'Create a connector with this id', tag: 'kibana', perSpace: true, xsrf: true,
    requestBody: { description: 'name, connector_type_id, config, secrets', content: { 'application/json': CONNECTOR_CREATE } },
    responses: { 200: { description: 'the connector', schema: CONNECTOR }, ...BAD, 409: error('the id exists') },
  },
  { method: 'get', path: '/api/actions/connector/{id}', summary: 'Get a connector', tag: 'kibana', perSpace: true, responses: { 200: { description: 'the connector', schema: CONNECTOR }, 404: error('absent') } },
  {
    method: 'put', path: '/api/actions/connector/{id}', summary: 'Replace name, config and secrets', tag: 'kibana', perSpace: true, xsrf: true,
    requestBody: { description: 'name, config, secrets (no connector_type_id)', content: { 'application/json': CONNECTOR_UPDATE } },
    responses: { 200: { description: 'the connector', schema: CONNECTOR }, ...BAD, 404: error('absent'), 409: error('managed by a set') },
  },
  { method: 'delete', path: '/api/actions/connector/{id}', summary: 'Delete a connector', tag: 'kibana', perSpace: true, xsrf: true, responses: { 204: { description: 'deleted' }, 404: error('absent'), 409: error('managed by a set') } },
  {
    method: 'get', path: '/api/actions/connectors', summary: 'List the connectors of the space, sorted by name', tag: 'kibana', perSpace: true,
    responses: { 200: { description: 'connectors with referenced_by_count', schema: { inline: { type: 'array', items: ref(CONNECTOR) } } } },
  },
  {
    method: 'get', path: '/api/actions/connector_types', summary: 'List connector types', tag: 'kibana', perSpace: true, query: [str('feature_id', 'only types supporting this feature')],
    responses: { 200: { description: 'connector types', schema: { id: 'https://kcr.dev/schemas/api/kibana-connector-types.json' } } },
  },
];

const SERVICE: OperationSpec[] = [
  { method: 'get', path: '/api/status', summary: "Kibana's status (version probe for clients)", tag: 'service', perSpace: true, responses: { 200: { description: 'name, version.number, status', schema: { inline: { type: 'object', required: ['name', 'version', 'status'] } } } } },
  { method: 'get', path: '/healthz', summary: 'Liveness', tag: 'service', responses: { 200: { description: '{"status":"ok"}', schema: { inline: { type: 'object', properties: { status: { const: 'ok' } } } } } } },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', tag: 'service', responses: { 200: text('Prometheus text exposition') } },
  { method: 'get', path: '/api/reconciler/openapi.json', summary: 'This document', tag: 'service', responses: { 200: { description: 'OpenAPI 3.1', schema: { inline: { type: 'object' } } } } },
];

const RECONCILER: OperationSpec[] = [
  {
    method: 'post', path: '/api/reconciler/plans', summary: 'Plan manifests for a set and store the plan', tag: 'reconciler', xsrf: true,
    query: [SET, SPACES, { name: 'allow_empty', description: 'allow zero connectors for a set that owns some', schema: { type: 'boolean' } }, { name: 'max_deletes', description: 'fail the plan above this many deletes', schema: { type: 'integer', minimum: 0 } }],
    requestBody: {
      description: 'multi-document YAML manifests, or JSON {"manifests": [...]}',
      content: { 'application/yaml': { inline: { type: 'string', description: 'kcr/v1 manifests, "---" separated (each as https://kcr.dev/schemas/manifest.v1.json)' } }, 'application/json': { id: 'https://kcr.dev/schemas/api/plan-request.json' } },
    },
    responses: {
      201: { description: 'the stored plan', schema: PLAN }, 400: error('invalid manifests (errors: [{path, message}]), bad query or missing kbn-xsrf'),
      413: error('body over server.bodyLimit'), 415: error('not YAML or JSON'), 422: error('PLAN_REJECTED: safety errors; the plan is stored for review (attributes.plan_id, attributes.plan)'),
    },
  },
  {
    method: 'get', path: '/api/reconciler/plans', summary: 'Stored plans, newest first', tag: 'reconciler',
    query: [SET, str('space', 'plans covering this space'), { name: 'has_changes', description: 'true or false', schema: { type: 'boolean' } }, ...SINCE_UNTIL, ...PAGING],
    responses: { 200: { description: 'a page of plans', schema: page(PLAN) }, ...BAD },
  },
  {
    method: 'get', path: '/api/reconciler/plans/{id}', summary: 'A stored plan', tag: 'reconciler', query: [FORMAT],
    responses: { 200: { description: 'the plan (text/plain with format=text)', schema: PLAN, alsoPlainText: true }, 404: error('PLAN_NOT_FOUND') },
  },
  {
    method: 'post', path: '/api/reconciler/plans/{id}/apply', summary: 'Apply a stored plan (at most once)', tag: 'reconciler', xsrf: true,
    responses: { 200: { description: 'the apply record', schema: APPLY }, ...BAD, 404: error('PLAN_NOT_FOUND'), 409: error('PLAN_STALE (attributes.stale_spaces), PLAN_ALREADY_APPLIED, PLAN_NOT_APPLYABLE or LOCKED') },
  },
  {
    method: 'get', path: '/api/reconciler/applies', summary: 'Apply records, newest first', tag: 'reconciler',
    query: [str('plan_id', 'applies of this plan'), SET, { name: 'status', description: 'apply status', schema: { enum: ['running', 'succeeded', 'partial', 'failed', 'interrupted'] } }, ...PAGING],
    responses: { 200: { description: 'a page of apply records', schema: page(APPLY) }, ...BAD },
  },
  { method: 'get', path: '/api/reconciler/applies/{id}', summary: 'One apply record with per-operation outcomes and timings', tag: 'reconciler', responses: { 200: { description: 'the apply record', schema: APPLY }, 404: error('APPLY_NOT_FOUND') } },
  {
    method: 'get', path: '/api/reconciler/drift', summary: 'Refresh-only plan: what changed outside the set, classified', tag: 'reconciler', query: [SET, SPACES, FORMAT],
    responses: { 200: { description: 'the drift report (refresh_only: true; each drifted change has drift_class; text/plain with format=text)', schema: PLAN, alsoPlainText: true }, ...BAD },
  },
  {
    method: 'get', path: '/api/reconciler/inventory', summary: 'What each set owns', tag: 'reconciler', query: [{ ...SET, description: 'only this set (default: every set)' }],
    responses: { 200: { description: 'inventory entries', schema: page({ id: 'https://kcr.dev/schemas/api/inventory-entry.json' }) }, ...BAD },
  },
  {
    method: 'get', path: '/api/reconciler/events', summary: 'The event log, newest first', tag: 'reconciler',
    query: [str('space', 'events of this space'), str('connector_id', 'events of this connector'), str('action', 'e.g. connector.update, lock.break'), str('actor', 'principal name'), ...SINCE_UNTIL, ...PAGING],
    responses: { 200: { description: 'a page of events', schema: page({ id: 'https://kcr.dev/schemas/api/event.json' }) }, ...BAD },
  },
  { method: 'get', path: '/api/reconciler/locks', summary: 'Live space locks', tag: 'reconciler', responses: { 200: { description: 'locks', schema: page({ id: 'https://kcr.dev/schemas/api/lock.json' }) } } },
  {
    method: 'delete', path: '/api/reconciler/locks/{space}', summary: 'Break the lock of a space (recorded as lock.break)', tag: 'reconciler', xsrf: true,
    responses: { 200: { description: 'the broken lock and who broke it', schema: { id: 'https://kcr.dev/schemas/api/lock.json' } }, ...BAD, 404: error('LOCK_NOT_FOUND') },
  },
];

/**
 * The JSON operations of the Kibana-compatible, service and reconciler routes. The GitOps routes
 * (gitOpsOperations.ts) and the web page's (src/api/ui/uiOperations.ts) build on the shapes above;
 * buildOpenApiDocument.ts joins the lists, so none of those files imports another's list.
 */
export const API_OPERATIONS: readonly OperationSpec[] = [...KIBANA, ...SERVICE, ...RECONCILER];
