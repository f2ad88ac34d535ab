// The floor of a whole-process re-plan: a Node process that only reads the manifest files of a
// directory (recursive, *.yaml/*.yml/*.json, sorted) and parses their YAML to data, as kcr does
// before anything else. Plain JavaScript, run by plain `node`, as bin/kcr.js is.
// Usage: node bench/parseOnlyProcess.mjs <dir>   (prints the number of documents)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function manifestFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...manifestFiles(path));
    else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

let documents = 0;
for (const file of manifestFiles(process.argv[2])) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) if (document.toJS() !== undefined) documents++;
}
process.stdout.write(`${documents}\n`);
