/**
 * OpenAPI links: which answer feeds which operation (a created connector's id into its get,
 * update and delete; a plan's id into its apply; an apply's id into its record). Clients and
 * stateful fuzzers (schemathesis) follow them to reach the operations that need an existing id.
 */

export interface LinkSpec {
  /** The operation whose answer carries the value. */
  from: { method: 'get' | 'post' | 'put' | 'delete'; path: string; status: number };
  to: { method: 'get' | 'post' | 'put' | 'delete'; path: string };
  /** Parameter of `to` -> runtime expression (`$response.body#/id`). */
  parameters: Record<string, string>;
}

const CONNECTOR = '/api/actions/connector';
const byId = (method: LinkSpec['to']['method']): LinkSpec[] => [CONNECTOR, `${CONNECTOR}/{id}`].map((created) => ({
  from: { method: 'post', path: created, status: 200 },
  to: { method, path: `${CONNECTOR}/{id}` },
  parameters: { id: '$response.body#/id' },
}));

/** Links between operations at their unprefixed paths; the builder adds the `/s/{space_id}` twins. */
export const LINKS: readonly LinkSpec[] = [
  ...byId('get'),
  ...byId('put'),
  ...byId('delete'),
  { from: { method: 'post', path: '/api/reconciler/plans', status: 201 }, to: { method: 'get', path: '/api/reconciler/plans/{id}' }, parameters: { id: '$response.body#/plan_id' } },
  { from: { method: 'post', path: '/api/reconciler/plans', status: 201 }, to: { method: 'post', path: '/api/reconciler/plans/{id}/apply' }, parameters: { id: '$response.body#/plan_id' } },
  { from: { method: 'post', path: '/api/reconciler/plans/{id}/apply', status: 200 }, to: { method: 'get', path: '/api/reconciler/applies/{id}' }, parameters: { id: '$response.body#/apply_id' } },
  { from: { method: 'get', path: '/api/reconciler/plans', status: 200 }, to: { method: 'get', path: '/api/reconciler/plans/{id}' }, parameters: { id: '$response.body#/items/0/plan_id' } },
  { from: { method: 'get', path: '/api/reconciler/applies', status: 200 }, to: { method: 'get', path: '/api/reconciler/applies/{id}' }, parameters: { id: '$response.body#/items/0/apply_id' } },
  { from: { method: 'get', path: '/api/reconciler/locks', status: 200 }, to: { method: 'delete', path: '/api/reconciler/locks/{space}' }, parameters: { space: '$response.body#/items/0/space_id' } },
];
