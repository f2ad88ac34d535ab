import type { OperationSpec, QueryParameter, ResponseSpec } from '../openapi/operations.js';

/**
 * The web page's routes as the OpenAPI table lists them (SPEC 7.2 lists `GET /ui/` among the
 * service's routes, and the document covers every route). They answer HTML for people, so each
 * is described as `text/html`; errors are HTML pages too.
 */
const page = (description: string): ResponseSpec => ({ description, contentType: 'text/html', schema: { inline: { type: 'string' } } });
const errorPage = page;
const str = (name: string, description: string): QueryParameter => ({ name, description, schema: { type: 'string' } });
const PAGING: QueryParameter[] = [
  { name: 'limit', description: 'rows per page, 1-1000 (default 50)', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  { name: 'offset', description: 'rows to skip', schema: { type: 'integer', minimum: 0 } },
];
const BAD = { 400: errorPage('bad query (HTML error page)'), 403: errorPage('the principal cannot read that space (HTML error page)') };

/** The `/ui` routes, appended to the OpenAPI operation table (src/api/openapi/operations.ts). */
export const UI_OPERATIONS: readonly OperationSpec[] = [
  { method: 'get', path: '/ui/', summary: 'Web page: overview (connectors by category per space, 30-day chart of applies and drift, sets, recent plans and applies)', tag: 'service', responses: { 200: page('HTML page') } },
  { method: 'get', path: '/ui/style.css', summary: 'Web page: its stylesheet', tag: 'service', responses: { 200: { description: 'CSS', contentType: 'text/css', schema: { inline: { type: 'string' } } } } },
  {
    method: 'get', path: '/ui/connectors', summary: 'Web page: the connectors of a space (search, type and category filters, pages)', tag: 'service',
    query: [
      str('space', 'space id (default "default")'), str('q', 'name contains this (case-insensitive), at most 200 characters'), str('type', 'connector type id, e.g. .slack'),
      { name: 'category', description: 'connector category', schema: { enum: ['generative-ai', 'elastic-stack', 'alerting'] } }, ...PAGING,
    ],
    responses: { 200: page('HTML page'), ...BAD },
  },
  {
    method: 'get', path: '/ui/connectors/{id}', summary: 'Web page: one connector (config, secret fields set/unset, events, plans, how to fix missing secrets)', tag: 'service',
    query: [str('space', 'space id (default "default")')], responses: { 200: page('HTML page'), ...BAD, 404: errorPage('no such connector in that space') },
  },
  { method: 'get', path: '/ui/plans', summary: 'Web page: stored plans', tag: 'service', query: [str('set', 'only this set'), str('space', 'plans covering this space'), ...PAGING], responses: { 200: page('HTML page'), ...BAD } },
  { method: 'get', path: '/ui/plans/{id}', summary: 'Web page: one plan (text form and resource changes)', tag: 'service', responses: { 200: page('HTML page'), 403: BAD[403], 404: errorPage('no such plan') } },
  { method: 'get', path: '/ui/applies', summary: 'Web page: apply records', tag: 'service', query: [str('set', 'only this set'), str('status', 'running, succeeded, partial, failed or interrupted'), str('plan_id', 'applies of this plan'), ...PAGING], responses: { 200: page('HTML page'), ...BAD } },
  { method: 'get', path: '/ui/applies/{id}', summary: 'Web page: one apply (per-operation outcomes)', tag: 'service', responses: { 200: page('HTML page'), 403: BAD[403], 404: errorPage('no such apply') } },
  { method: 'get', path: '/ui/drift', summary: 'Web page: refresh-only drift report of a set (read-only)', tag: 'service', query: [str('set', 'the set to check; without it the page offers the sets'), str('space', 'only this space')], responses: { 200: page('HTML page'), ...BAD } },
  { method: 'get', path: '/ui/events', summary: 'Web page: the event log', tag: 'service', query: [str('space', 'only this space'), str('connector_id', 'only this connector'), str('action', 'e.g. connector.update'), str('actor', 'principal name'), ...PAGING], responses: { 200: page('HTML page'), ...BAD } },
];
