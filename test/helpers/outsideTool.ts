import { describe, it } from 'vitest';

/**
 * Suites that need a tool from outside npm (Java + Maven for Elasticsearch, Go-built Terraform,
 * Debian's Chromium, Python's schemathesis) run whenever the tool is there. Where it is not, they
 * print one line saying what was skipped and how to enable it; with KCR_REQUIRE_OUTSIDE_TOOLS=1
 * (set by .ci/run) that skip becomes a failing test instead, so CI can never pass without them.
 */
export const OUTSIDE_TOOLS_REQUIRED = process.env.KCR_REQUIRE_OUTSIDE_TOOLS === '1';

export interface OutsideTool {
  /** What the suite needs, e.g. "a real Elasticsearch (Java 17 + Maven)". */
  needs: string;
  /** null when the tool is there; otherwise why it is not (one short clause). */
  missingBecause: string | null;
  /** The command that makes it available, e.g. "npm run terraform:tools". */
  enableWith: string;
}

/** `describe` when the tool is there; otherwise one skip line (or, in CI, one failing test). */
export function describeWithOutsideTool(tool: OutsideTool, title: string, body: () => void): void {
  if (tool.missingBecause === null) {
    describe(title, body);
    return;
  }
  const line = `SKIPPED "${title}": needs ${tool.needs}, but ${tool.missingBecause}. Enable: ${tool.enableWith}`;
  if (OUTSIDE_TOOLS_REQUIRED) {
    describe(title, () => {
      it(`has ${tool.needs} (KCR_REQUIRE_OUTSIDE_TOOLS=1)`, () => {
        throw new Error(line);
      });
    });
    return;
  }
  process.stdout.write(`${line}\n`);
  describe.skip(title, body);
}
