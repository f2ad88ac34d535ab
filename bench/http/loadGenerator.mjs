// The load generator of the HTTP benchmark, in its own process: one autocannon run, bounded in
// time, whose figures are printed as one JSON line.
// Usage: node bench/http/loadGenerator.mjs '<json: { url, method, headers, body, connections, durationSeconds }>'
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: options.url,
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  body: options.body,
  connections: options.connections ?? 16,
  duration: options.durationSeconds ?? 5,
  pipelining: 1,
});
process.stdout.write(`${JSON.stringify({
  requestsPerSecond: result.requests.average,
  requests: result.requests.total,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
})}\n`);
