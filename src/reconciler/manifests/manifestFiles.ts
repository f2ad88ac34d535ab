import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ManifestError } from './types.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** A manifest file to read: its absolute path and the path shown to users. */
export interface ManifestFile {
  absolute: string;
  shown: string;
}

/**
 * The manifest files under `paths`: a file is taken as given, a directory is read recursively
 * for `*.yaml`, `*.yml` and `*.json`. Files are sorted by path (so a run is reproducible) and a
 * file named twice is read once. Hidden entries (`.git`, `.kcr`) are skipped in directories.
 */
export async function listManifestFiles(paths: string[], cwd: string): Promise<{ files: ManifestFile[]; errors: ManifestError[] }> {
  const found = new Set<string>();
  const errors: ManifestError[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) for (const file of await walk(absolute)) found.add(file);
      else found.add(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
      errors.push({ file: shownPath(absolute, cwd), document: 0, pointer: '', message: `path ${reason}; expected a manifest file or a directory of them` });
    }
  }
  const files = [...found].sort().map((absolute) => ({ absolute, shown: shownPath(absolute, cwd) }));
  return { files, errors };
}

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    // Symlinked files are read; symlinked directories are not followed, so a link loop cannot hang a run.
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (info?.isFile() && MANIFEST_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

/** Relative to `cwd` when under it (as users typed it), absolute otherwise. */
export function shownPath(absolute: string, cwd: string): string {
  const path = relative(cwd, absolute);
  return path === '' || path === '..' || path.startsWith('../') || isAbsolute(path) ? absolute : path;
}
