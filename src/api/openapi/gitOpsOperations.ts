import type { OperationSpec, QueryParameter } from './operations.js';

/** The GitOps routes (src/api/reconciler/gitOpsRoutes.ts) as the OpenAPI table lists them. */

const STATUS = { enum: ['Synced', 'OutOfSync', 'Failed', 'Unknown'] };
const SET_SPACE_STATUS = {
  type: 'object',
  required: ['set', 'space_id', 'status', 'drifted', 'unmanaged'],
  properties: {
    set: { type: 'string' }, space_id: { type: 'string' }, status: STATUS,
    reason: { type: 'string', description: 'why the status is not Synced' },
    drifted: { type: 'integer', minimum: 0, description: 'connectors of the set changed outside kcr at the last drift check' },
    unmanaged: { type: 'integer', minimum: 0, description: 'connectors of the space no set owns' },
    source: { type: 'string' }, checked_at: { type: 'string', format: 'date-time' },
  },
};
const SOURCE_STATE = {
  type: 'object',
  required: ['name', 'set', 'url', 'ref', 'path', 'mode', 'self_heal', 'status', 'spaces', 'pending_spaces', 'consecutive_failures'],
  properties: {
    name: { type: 'string' }, set: { type: 'string' }, url: { type: 'string', description: 'never with credentials' }, ref: { type: 'string' }, path: { type: 'string' },
    mode: { enum: ['plan', 'apply'] }, self_heal: { type: 'boolean' }, status: STATUS, reason: { type: 'string', description: 'for Failed: what went wrong (file and line for invalid manifests)' },
    commit: { type: 'string' }, synced_commit: { type: 'string' }, plan_id: { type: 'string' }, apply_id: { type: 'string' },
    spaces: { type: 'array', items: { type: 'string' } }, pending_spaces: { type: 'array', items: { type: 'string' } },
    last_attempt_at: { type: 'string', format: 'date-time' }, last_success_at: { type: 'string', format: 'date-time' }, next_attempt_at: { type: 'string', format: 'date-time' },
    consecutive_failures: { type: 'integer', minimum: 0 },
  },
};
const ERROR = { id: 'https://kcr.dev/schemas/api/error.json' };
const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }): QueryParameter => ({ name, description, schema });

export const GITOPS_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get', path: '/api/reconciler/status', summary: 'GitOps status: every set per space (Synced, OutOfSync, Failed) and every source', tag: 'reconciler',
    query: [query('set', 'only this set'), query('space', 'only this space')],
    responses: {
      200: {
        description: 'items (set x space, filtered to the spaces the principal reads) and sources',
        schema: { inline: { type: 'object', required: ['items', 'total', 'sources'], properties: { items: { type: 'array', items: SET_SPACE_STATUS }, total: { type: 'integer' }, sources: { type: 'array', items: SOURCE_STATE } } } },
      },
      400: { description: 'bad query', schema: ERROR },
    },
  },
  {
    method: 'post', path: '/api/reconciler/sources/{name}/sync', summary: 'Push webhook: fetch and sync the source now (no kbn-xsrf needed; answers at once)', tag: 'reconciler',
    query: [query('accept_force_push', 'follow a force-pushed ref this once (after review)', { type: 'boolean' })],
    responses: {
      202: { description: 'the pass is under way; the source as it stands', schema: { inline: { type: 'object', required: ['accepted', 'source'], properties: { accepted: { const: true }, source: SOURCE_STATE } } } },
      400: { description: 'bad query', schema: ERROR },
      404: { description: 'SOURCE_NOT_FOUND', schema: ERROR },
    },
  },
];
