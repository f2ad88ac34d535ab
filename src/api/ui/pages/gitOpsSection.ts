import type { SetSpaceStatus, SourceState } from '../../../reconciler/sources/types.js';
import type { Principal } from '../../../security/principals.js';
import { isVisibleTo } from '../../security/visibleItems.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { table } from '../layout.js';

/** What `GitOpsController.status()` returns. */
export interface GitOpsStatusData {
  items: SetSpaceStatus[];
  sources: SourceState[];
}

/**
 * The overview's GitOps section: each set's status per space (Synced, OutOfSync, Failed with its
 * reason) and each source with its commit, filtered exactly as GET /api/reconciler/status is:
 * rows of the spaces the principal reads, sources whose spaces it all reads.
 */
export function gitOpsSection(data: GitOpsStatusData, principal: Principal): Html {
  const rows = data.items.filter((row) => isVisibleTo(principal, row));
  const sources = data.sources.filter((source) => isVisibleTo(principal, source));
  const statusTable = table({
    caption: 'Status of each set per space (from the last drift check and the set\'s source)',
    columns: ['Set', 'Space', 'Status', 'Why'],
    rows: rows.map((row): HtmlValue[] => [row.set, row.space_id, statusBadge(row.status), row.reason ?? '']),
    empty: 'No set has been checked yet.',
  });
  const sourceTable = table({
    caption: 'Git sources',
    columns: ['Source', 'Set', 'Ref and path', 'Commit', 'Mode', 'Status', 'Why'],
    rows: sources.map((source): HtmlValue[] => [
      source.name, source.set, html`<span class="mono">${source.ref}:${source.path}</span>`,
      html`<span class="mono">${(source.commit ?? '').slice(0, 12)}</span>`, source.self_heal ? `${source.mode}, selfHeal` : source.mode,
      statusBadge(source.status), source.reason ?? '',
    ]),
    empty: 'No Git source you can read.',
  });
  return html`<section aria-labelledby="h-gitops"><h2 id="h-gitops">GitOps</h2>${statusTable}${sourceTable}</section>`;
}

function statusBadge(status: string): Html {
  return html`<strong class="status-${status.toLowerCase()}">${status}</strong>`;
}
