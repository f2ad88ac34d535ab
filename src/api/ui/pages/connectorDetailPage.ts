import type { ConnectorTypes } from '../../../connector-types/types.js';
import type { ConnectorDetailData, SecretField } from '../connectorData.js';
import { categoryOf } from '../connectorList.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { applyHref, badge, connectorsHref, facts, fullId, idCell, planHref, table, timeCell } from '../layout.js';
import { fixSecretsBox } from './fixSecretsBox.js';

/**
 * One connector: what it is, its config (as the target stores it: never a secret, because config
 * holds none), its secret fields as set/unset only, the events of it, the plans that changed it,
 * and for a connector without its secrets, how to set them.
 */
export function connectorDetailBody(data: ConnectorDetailData, registry: ConnectorTypes): Html {
  const c = data.connector;
  const type = registry.get(c.connectorTypeId);
  const about = facts([
    ['Id', fullId(c.id)], ['Space', html`<a href="${connectorsHref(c.spaceId)}">${c.spaceId}</a>`],
    ['Type', html`${type?.name ?? c.connectorTypeId} <code>${c.connectorTypeId}</code>`], ['Category', categoryOf(registry, c.connectorTypeId)],
    ['Owning set', data.owner ? html`${data.owner.set} <span class="muted">(manifest <code>${data.owner.manifestName}</code>, applied ${timeCell(data.owner.appliedAt)})</span>` : html`<span class="muted">none</span>`],
    ['Preconfigured', c.isPreconfigured ? badge('yes', 'info') : html`<span class="muted">no</span>`],
    ['Deprecated', c.isDeprecated ? badge('deprecated', 'warn') : html`<span class="muted">no</span>`],
    ['Secrets', c.isMissingSecrets ? badge('missing secrets', 'warn') : badge('present', 'ok')],
  ]);
  const config = c.config === undefined
    ? html`<p class="muted">This preconfigured connector does not expose its config.</p>`
    : html`<pre tabindex="0" aria-label="Config">${JSON.stringify(c.config, null, 2)}</pre>`;
  return html`${about}
${c.isMissingSecrets ? fixSecretsBox(c, data.owner, data.secretFields, registry) : ''}
<section aria-labelledby="h-config"><h2 id="h-config">Config</h2>${config}</section>
<section aria-labelledby="h-secrets"><h2 id="h-secrets">Secret fields</h2>${secretsTable(data.secretFields, data.targetKind)}</section>
<section aria-labelledby="h-plans"><h2 id="h-plans">Plans that changed it</h2>${plansTable(data)}</section>
<section aria-labelledby="h-events"><h2 id="h-events">Events</h2>${eventsTable(data)}</section>`;
}

const STATE_LABEL: Record<SecretField['state'], Html> = {
  set: badge('set', 'ok'),
  unset: html`<span class="status status-neutral">unset</span>`,
  unknown: html`<span class="muted">unknown</span>`,
};

function secretsTable(fields: SecretField[], targetKind: string): Html {
  const note = targetKind === 'embedded' ? '' : html`<p class="muted">The target is a Kibana, which never returns secrets: kcr can only tell whether they are missing.</p>`;
  return html`${note}${table({
    caption: 'Sensitive fields: only whether a value is set, never the value',
    columns: ['Field', 'Required', 'Value'],
    rows: fields.map((f): HtmlValue[] => [html`<code>${f.name}</code>`, f.required ? 'yes' : html`<span class="muted">no</span>`, STATE_LABEL[f.state]]),
    empty: 'This connector type takes no secrets.',
  })}`;
}

function plansTable(data: ConnectorDetailData): Html {
  return table({
    caption: 'Newest first, from the event log',
    columns: ['Time (UTC)', 'Plan', 'Apply', 'Action', 'Outcome'],
    rows: data.plans.map((p): HtmlValue[] => [
      timeCell(p.time), idCell(p.planId, planHref(p.planId)), p.applyId ? idCell(p.applyId, applyHref(p.applyId)) : html`<span class="muted">—</span>`,
      html`<code>${p.action}</code>`, badge(p.outcome),
    ]),
    empty: 'No plan has changed this connector.',
  });
}

function eventsTable(data: ConnectorDetailData): Html {
  return table({
    caption: 'Newest first',
    columns: ['Time (UTC)', 'Actor', 'Action', 'Outcome', 'Origin', 'Message'],
    rows: data.events.map((e): HtmlValue[] => [timeCell(e.time), e.actor, html`<code>${e.action}</code>`, badge(e.outcome), e.origin ?? '', e.message]),
    empty: 'No events of this connector.',
  });
}
