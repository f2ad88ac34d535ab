import { randomBytes } from 'node:crypto';

/**
 * A new id with a kind prefix (`pln_`, `apl_`). The time part first keeps ids roughly sortable
 * by creation; the random part makes them unguessable and unique across replicas.
 */
export function newId(prefix: 'pln' | 'apl'): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(10).toString('hex')}`;
}
