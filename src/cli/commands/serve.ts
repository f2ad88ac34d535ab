import { pino } from 'pino';
import { createApp } from '../../api/app.js';
import { startServer } from '../../api/startServer.js';
import { createLogger } from '../../logging/createLogger.js';
import { preconfiguredWarnings } from '../../config/preconfiguredIssues.js';
import { KcrError } from '../../errors.js';
import { EXIT, type CliIo, type GlobalOptions } from '../io.js';
import { openRuntime } from '../runtime.js';
import { createGitOps } from './serveGitOps.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** `kcr serve`: runs the HTTP service until SIGTERM/SIGINT, then finishes in-flight requests and closes the store. */
export async function serveCommand(options: { port?: number; host?: string }, globals: GlobalOptions, io: CliIo): Promise<number> {
  const runtime = await openRuntime(io, globals);
  const host = options.host ?? runtime.config.server.host;
  const port = options.port ?? runtime.config.server.port;
  // The process's own stderr is written asynchronously: a request line per request was one blocking
  // write each (stderr to a file or pipe is synchronous), and lines that arrive while a write is
  // in flight now go out together. pino flushes what is left when the process exits.
  const destination = io.stderr === process.stderr ? pino.destination({ dest: 2, sync: false }) : io.stderr;
  const logger = createLogger({ level: runtime.config.logLevel, destination });
  if (runtime.config.principals.length === 0) {
    if (!isLoopbackHost(host)) {
      await runtime.close();
      throw new KcrError('CONFIG_INVALID', `refusing to serve on ${host} without principals: authentication is off, so kcr serves only on a loopback address (add principals to kcr.yaml or use --host 127.0.0.1)`);
    }
    logger.warn({ host }, 'no principals configured: authentication is off; serving on loopback only');
  }
  // Kibana starts with a preconfigured connector its type would refuse (it fails only when run); so does kcr, saying which.
  if (runtime.target.kind === 'embedded') {
    for (const warning of preconfiguredWarnings(runtime.config.preconfigured, runtime.config.actions, runtime.registry)) logger.warn({ setting: warning.path }, warning.message);
  }
  let gitOps;
  try {
    gitOps = createGitOps(runtime, io, logger);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const app = createApp({ config: runtime.config, store: runtime.store, target: runtime.target, registry: runtime.registry, logger, reconciler: runtime.service, gitOps });
  const server = await startServer(app, { host, port, logger, requestTimeoutMs: runtime.config.server.requestTimeoutMs });
  logger.info({ url: server.url, target: runtime.target.kind }, 'kcr is serving');
  gitOps.start();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  logger.info('shutting down: finishing in-flight requests');
  // Sources and drift checks first: a pass in flight finishes (or its git is aborted) before the store closes.
  await gitOps.stop();
  await server.close();
  await runtime.close();
  logger.info('stopped');
  return EXIT.OK;
}
