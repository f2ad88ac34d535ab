import type { ImportProblem } from './types.js';

/** Where a problem is, as `FILE:LINE` plus the JSON pointer when it is inside the line's object. */
export function formatImportProblem(file: string, problem: ImportProblem): { path: string; message: string } {
  return { path: problem.pointer === '' ? `${file}:${problem.line}` : `${file}:${problem.line} ${problem.pointer}`, message: problem.message };
}
