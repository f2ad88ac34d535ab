// The baseline of the HTTP benchmark, in its own process: a bare express app answering each
// route of a spec file with fixed bytes (the bytes kcr answered the same request with), with
// no middleware but what the route needs (a JSON body parser for POSTs).
// Usage: node bench/http/bareServer.mjs <spec.json>   spec: [{ method, path, status, contentType, bodyFile }]
// Prints "listening http://127.0.0.1:<port>" once ready; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import express from 'express';

const routes = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
for (const route of routes) {
  const bytes = readFileSync(route.bodyFile);
  const handlers = route.method === 'POST' ? [express.json({ limit: '10mb' })] : [];
  app[route.method.toLowerCase()](route.path, ...handlers, (_req, res) => {
    res.status(route.status).type(route.contentType).send(bytes);
  });
}
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
