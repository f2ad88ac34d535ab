import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A small in-test server that answers the connectors routes the kibana target uses the way
 * Kibana does (status codes, messages and bodies from reference/kibana-actions-api.md). It
 * stands in for Kibana until the real kcr app (src/api/app.ts) can be served in tests.
 */

export interface StoredConnector {
  spaceId: string;
  id: string;
  name: string;
  connectorTypeId: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  isMissingSecrets: boolean;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeKibana {
  url: string;
  server: Server;
  connectors: Map<string, StoredConnector>;
  requests: SeenRequest[];
  /** Most list calls in flight at once (list answers wait `listDelayMs`). */
  maxListsInFlight: number;
  listDelayMs: number;
  close(): Promise<void>;
}

const reason: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, message: string): void {
  send(res, status, { statusCode: status, error: reason[status], message });
}

function wire(c: StoredConnector): Record<string, unknown> {
  return {
    id: c.id, name: c.name, connector_type_id: c.connectorTypeId, config: c.config,
    is_preconfigured: false, is_deprecated: false, is_missing_secrets: c.isMissingSecrets, is_system_action: false,
  };
}

const PRECONFIGURED = {
  id: 'my-slack1', name: 'Slack #xyz', connector_type_id: '.slack', is_preconfigured: true,
  is_deprecated: false, is_system_action: false, referenced_by_count: 2,
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Starts the fake on 127.0.0.1; `basePath` (e.g. `/kibana`) is where it expects Kibana's routes. */
export async function startFakeKibana(basePath = ''): Promise<FakeKibana> {
  let inFlight = 0;
  const fake: FakeKibana = {
    url: '', server: undefined as unknown as Server, connectors: new Map(), requests: [],
    maxListsInFlight: 0, listDelayMs: 0,
    close: () => new Promise((resolve) => { fake.server.closeAllConnections(); fake.server.close(() => resolve()); }),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    fake.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const path = (req.url ?? '').startsWith(basePath) ? (req.url ?? '').slice(basePath.length) : '';
    const spaceMatch = /^\/s\/([^/]+)(\/api\/actions\/.*)$/.exec(path);
    const spaceId = spaceMatch ? decodeURIComponent(spaceMatch[1]) : 'default';
    const route = spaceMatch ? spaceMatch[2] : path;
    if (req.method !== 'GET' && !req.headers['kbn-xsrf']) return fail(res, 400, 'Request must contain a kbn-xsrf header.');
    if (req.method === 'GET' && route === '/api/actions/connectors') {
      inFlight++;
      fake.maxListsInFlight = Math.max(fake.maxListsInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, fake.listDelayMs));
      inFlight--;
      const list: Array<Record<string, unknown>> = [...fake.connectors.values()].filter((c) => c.spaceId === spaceId).map((c) => ({ ...wire(c), referenced_by_count: 0 }));
      return send(res, 200, [...list, PRECONFIGURED].sort((a, b) => String(a.name).localeCompare(String(b.name))));
    }
    if (req.method === 'GET' && route.startsWith('/api/actions/connector_types')) {
      return send(res, 200, [{
        id: '.slack', name: 'Slack', enabled: true, enabled_in_config: true, enabled_in_license: true,
        minimum_license_required: 'gold', supported_feature_ids: ['alerting', 'uptime'], is_system_action_type: false,
      }]);
    }
    const idMatch = /^\/api\/actions\/connector\/([^/]+)$/.exec(route);
    if (!idMatch) return fail(res, 404, 'Not Found');
    const id = decodeURIComponent(idMatch[1]);
    const key = `${spaceId}/${id}`;
    const existing = fake.connectors.get(key);
    const input = (body ?? {}) as Record<string, unknown>;
    switch (req.method) {
      case 'GET':
        return existing ? send(res, 200, wire(existing)) : fail(res, 404, `Saved object [action/${id}] not found`);
      case 'POST': {
        // Saved objects are multi-namespace: an id used in any space conflicts.
        if ([...fake.connectors.values()].some((c) => c.id === id)) return fail(res, 409, `Saved object [action/${id}] conflict`);
        if (input.connector_type_id === '.disabled') {
          return fail(res, 403, 'action type ".disabled" is not enabled in the Kibana config xpack.actions.enabledActionTypes');
        }
        if (input.connector_type_id === '.echo') {
          // A misbehaving server that echoes the secrets: the target must scrub them.
          return fail(res, 400, `error validating action type secrets: bad value ${JSON.stringify(input.secrets)}`);
        }
        if (!input.name) return fail(res, 400, '[request body.name]: expected value of type [string] but got [undefined]');
        const created: StoredConnector = {
          spaceId, id, name: String(input.name), connectorTypeId: String(input.connector_type_id),
          config: (input.config ?? {}) as Record<string, unknown>, secrets: (input.secrets ?? {}) as Record<string, unknown>, isMissingSecrets: false,
        };
        fake.connectors.set(key, created);
        return send(res, 200, wire(created));
      }
      case 'PUT': {
        if (!existing) return fail(res, 404, `Saved object [action/${id}] not found`);
        if ('connector_type_id' in input) return fail(res, 400, '[request body.connector_type_id]: definition for this key is missing');
        const updated = { ...existing, name: String(input.name), config: (input.config ?? {}) as Record<string, unknown>, secrets: (input.secrets ?? {}) as Record<string, unknown>, isMissingSecrets: false };
        fake.connectors.set(key, updated);
        return send(res, 200, wire(updated));
      }
      case 'DELETE':
        if (!existing) return fail(res, 404, `Saved object [action/${id}] not found`);
        fake.connectors.delete(key);
        return send(res, 204);
      default:
        return fail(res, 404, 'Not Found');
    }
  };
  fake.server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}${basePath}`;
  return fake;
}
