import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { applyServerTimeouts } from './security/hardening.js';

export interface StartServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  /** Node's per-request timeout (config `server.requestTimeoutMs`). */
  requestTimeoutMs?: number;
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  url: string;
  /** Stops accepting connections, lets in-flight requests finish (within the grace period), then resolves. */
  close(): Promise<void>;
}

/**
 * Listens with the app. Signals are the caller's business (the CLI calls close() on SIGTERM or
 * SIGINT), so tests can start and stop servers without touching the process.
 */
export async function startServer(app: Express, options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(app);
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
  });
  // Slow clients (slow-loris headers, idle keep-alive sockets) must not hold sockets forever.
  applyServerTimeouts(server, { requestTimeoutMs: options.requestTimeoutMs ?? 30_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => closeGracefully(server, inFlight, options) };
}

function closeGracefully(server: Server, inFlight: ReadonlySet<ServerResponse>, options: StartServerOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // An in-flight response on a keep-alive connection would keep it open after it ends; asking
    // for `Connection: close` makes Node close it once the response is written.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const force = setTimeout(() => {
      options.logger.warn('shutdown grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, options.shutdownGraceMs ?? 10_000);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
