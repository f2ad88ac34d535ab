import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KCR_BIN, Workspace } from './cliHarness.js';

const SPACES = 6;
const PER_SPACE = 500;
const TOTAL = SPACES * PER_SPACE;

function manifestsFor(space: number): string {
  const docs: string[] = [];
  for (let i = 0; i < PER_SPACE; i++) {
    docs.push(JSON.stringify({
      apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: `c-${space}-${i}` },
      spec: i % 2 === 0
        ? { space_id: `s${space}`, name: `Index ${space}-${i}`, connector_type_id: '.index', config: { index: `idx-${i}` } }
        : { space_id: `s${space}`, name: `Slack ${space}-${i}`, connector_type_id: '.slack', secrets: { webhookUrl: `https://hooks.slack.com/services/${space}/${i}` } },
    }));
  }
  return docs.join('\n---\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL in the middle of a large apply', () => {
  const ws = new Workspace();
  afterAll(() => ws.cleanup());

  it('leaves the database consistent, and a re-plan shows exactly the operations not yet applied', async () => {
    for (let s = 0; s < SPACES; s++) ws.write(`m/s${s}.yaml`, manifestsFor(s));
    const planned = await ws.run(['plan', 'm', '--json']);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.summary.create).toBe(TOTAL);

    const dbPath = join(ws.dir, '.kcr', 'kcr.db');
    const child = spawn(process.execPath, [KCR_BIN, 'apply', '--plan', plan.plan_id], { cwd: ws.dir, env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
    let applied = 0;
    for (let i = 0; i < 2000 && applied < TOTAL / 10; i++) {
      await sleep(10);
      applied = (reader.prepare("SELECT count(*) AS n FROM apply_operations WHERE outcome = 'succeeded'").get() as { n: number }).n;
    }
    child.kill('SIGKILL');
    await exited;
    reader.close();
    expect(applied, 'the apply must have been killed in the middle').toBeGreaterThan(0);

    const check = new Database(dbPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const replanned = await ws.run(['plan', 'm', '--json']);
    expect(replanned.code, replanned.stderr).toBe(0);
    const replan = JSON.parse(replanned.stdout);

    const db = new Database(dbPath, { readonly: true });
    const succeeded = (db.prepare("SELECT count(*) AS n FROM apply_operations WHERE apply_id IN (SELECT apply_id FROM applies WHERE plan_id = ?) AND outcome = 'succeeded'").get(plan.plan_id) as { n: number }).n;
    const stored = (db.prepare('SELECT count(*) AS n FROM embedded_connectors').get() as { n: number }).n;
    const owned = (db.prepare('SELECT count(*) AS n FROM inventory').get() as { n: number }).n;
    const pending = (db.prepare("SELECT count(*) AS n FROM apply_operations WHERE outcome = 'pending'").get() as { n: number }).n;
    const status = (db.prepare('SELECT status FROM applies WHERE plan_id = ?').get(plan.plan_id) as { status: string }).status;
    db.close();

    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThan(TOTAL);
    // Nothing half-written or unrecorded: every stored connector is a recorded success, owned by the set.
    expect(stored).toBe(succeeded);
    expect(owned).toBe(succeeded);
    expect(pending).toBe(0);
    expect(status).toBe('interrupted');
    expect(replan.summary).toEqual({ create: TOTAL - succeeded, update: 0, replace: 0, delete: 0, no_op: succeeded, forget: 0 });

    const finished = await ws.run(['apply', '--plan', replan.plan_id]);
    expect(finished.code, finished.stderr).toBe(0);
    const converged = await ws.run(['plan', 'm', '--detailed-exitcode']);
    expect(converged.code).toBe(0);
  });
});
