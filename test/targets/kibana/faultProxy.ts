import { createServer, request as forward, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The faults the proxy can inject into one request. */
export type Fault =
  | { kind: 'none' }
  | { kind: 'delay'; ms: number }
  | { kind: 'rateLimit'; retryAfter: string }
  | { kind: 'unavailable' }
  | { kind: 'drop' }
  | { kind: 'loseResponse' }
  /** An error status answered without forwarding (500, 502, 504, ...). */
  | { kind: 'serverError'; status: number }
  /** Forwarded (the write lands), then no answer for `holdMs` before the connection is closed: the client's timeout fires first. */
  | { kind: 'timeout'; holdMs: number }
  /** Forwarded and answered, the body trickled out over about `ms` (headers first). */
  | { kind: 'slowBody'; ms: number };

/** Decides the fault for the n-th request (0-based) overall. */
export type FaultSchedule = (request: { method: string; path: string; index: number }) => Fault;

export interface InjectedFault {
  kind: Fault['kind'];
  method: string;
  path: string;
  /** The status a serverError fault answered. */
  status?: number;
}

export interface FaultProxy {
  url: string;
  /** Requests seen, by `METHOD path` (path without query), faulty or not. */
  counts: Map<string, number>;
  /** Every fault injected, in order (delays included). */
  injected: InjectedFault[];
  /** Most requests the proxy held at once (a delay fault makes overlap visible). */
  maxInFlight: number;
  close(): Promise<void>;
}

/** mulberry32: a tiny seeded PRNG, so a fault schedule is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each request gets a fault with probability `rate`, the kind picked from `kinds` by the seeded PRNG. */
export function seededSchedule(seed: number, rate: number, kinds: Fault[]): FaultSchedule {
  const random = seededRandom(seed);
  return () => (random() < rate ? kinds[Math.floor(random() * kinds.length)] : { kind: 'none' });
}

/** The listed faults for the first requests, then none. */
export function scriptedSchedule(faults: Fault[]): FaultSchedule {
  return ({ index }) => faults[index] ?? { kind: 'none' };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function relay(req: IncomingMessage, body: Buffer, upstream: URL): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => void readAll(answer).then((data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }), reject),
    );
    out.on('error', reject);
    out.end(body);
  });
}

/** Headers at once, then the body in four pieces spread over about `ms`. */
async function trickle(res: ServerResponse, answer: { status: number; headers: IncomingMessage['headers']; body: Buffer }, ms: number): Promise<void> {
  const headers = { ...answer.headers };
  delete headers['content-length'];
  res.writeHead(answer.status, headers);
  const step = Math.ceil(answer.body.length / 4) || 1;
  for (let at = 0; at < answer.body.length; at += step) {
    res.write(answer.body.subarray(at, at + step));
    await new Promise((resolve) => setTimeout(resolve, ms / 4));
  }
  res.end();
}

/**
 * A reverse HTTP proxy in front of `upstream` that injects faults by schedule: a delay, 429 with
 * Retry-After, 503 or another error status, a connection dropped before forwarding, a write
 * forwarded whose answer is then lost (the client socket destroyed) or held past the client's
 * timeout, or an answer whose body trickles out slowly. It counts requests so tests can assert call counts.
 */
export async function startFaultProxy(upstream: string, schedule: FaultSchedule): Promise<FaultProxy> {
  const target = new URL(upstream);
  const proxy: FaultProxy = { url: '', counts: new Map(), injected: [], maxInFlight: 0, close: async () => undefined };
  let index = 0;
  let inFlight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const method = req.method ?? 'GET';
    const path = (req.url ?? '').split('?')[0];
    proxy.counts.set(`${method} ${path}`, (proxy.counts.get(`${method} ${path}`) ?? 0) + 1);
    const fault = schedule({ method, path, index: index++ });
    if (fault.kind !== 'none') proxy.injected.push({ kind: fault.kind, method, path, ...(fault.kind === 'serverError' ? { status: fault.status } : {}) });
    switch (fault.kind) {
      case 'rateLimit':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': fault.retryAfter })
          .end(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' }));
        return;
      case 'unavailable':
        res.writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'Kibana is not ready' }));
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'serverError':
        res.writeHead(fault.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ statusCode: fault.status, error: STATUS_CODES[fault.status] ?? 'Error', message: 'injected fault' }));
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      default:
        break;
    }
    const answer = await relay(req, body, target);
    if (fault.kind === 'loseResponse') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'timeout') {
      await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'slowBody') {
      await trickle(res, answer, fault.ms);
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  };
  const server: Server = createServer((req, res) => {
    proxy.maxInFlight = Math.max(proxy.maxInFlight, ++inFlight);
    handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname.replace(/\/$/, '')}`;
  proxy.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return proxy;
}
