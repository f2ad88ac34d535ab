// Summarises a V8 .cpuprofile (from `node --cpu-prof`): total sampled time, the top functions by
// self time, and self time per source area (node_modules package, src/ folder, node internals).
// Usage: node bench/profileSummary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i] ?? 0));
}
const totalMs = [...selfMicros.values()].reduce((sum, value) => sum + value, 0) / 1000;

function area(url) {
  if (!url) return '(native/vm)';
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return `npm:${modules[1]}`;
  const source = url.match(/\/(?:dist|work\/main)\/(?:src\/)?(.*)\/[^/]+$/);
  if (url.startsWith('node:')) return 'node internals';
  if (source) return `kcr:${source[1]}`;
  return url.replace(/^file:\/\//, '');
}

const functions = new Map();
const areas = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
  const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  functions.set(key, (functions.get(key) ?? 0) + micros);
  const areaKey = area(callFrame.url);
  areas.set(areaKey, (areas.get(areaKey) ?? 0) + micros);
}
const show = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count)
  .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${((100 * micros) / 1000 / totalMs).toFixed(1).padStart(5)}%  ${key}`).join('\n');
console.log(`${file}: ${totalMs.toFixed(0)} ms sampled`);
console.log(`-- top ${top} functions by self time\n${show(functions, top)}`);
console.log(`-- self time by area\n${show(areas, 15)}`);

// Inclusive time of kcr's own functions (self + callees), once per stack: where a phase's time goes.
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const inclusive = new Map();
for (const [id, micros] of selfMicros) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const { callFrame } = byId.get(at);
    if (!/\/(dist|src)\//.test(callFrame.url) || /node_modules/.test(callFrame.url)) continue;
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(dist|src)\//, '$1/')}:${callFrame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
  }
}
console.log(`-- kcr functions by inclusive time\n${show(inclusive, top)}`);
