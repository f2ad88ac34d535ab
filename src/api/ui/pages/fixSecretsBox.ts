import type { ConnectorTypes } from '../../../connector-types/types.js';
import type { ActualConnector } from '../../../model/connector.js';
import type { InventoryEntry } from '../../../model/inventory.js';
import { toManifests } from '../../../reconciler/export/index.js';
import type { SecretField } from '../connectorData.js';
import { html, type Html } from '../html.js';
import { badge } from '../layout.js';

/** The set a fix is planned with when no set owns the connector yet (planning it there adopts it). */
const ADOPTING_SET = 'imported';

/**
 * "How to fix" for a connector whose secrets are missing (after `kcr import` of a Kibana export,
 * which never carries secrets): which secret fields its type takes, the manifest to add with a
 * `${env:...}` reference per secret (kcr's reference syntax, SPEC section 3; the same manifest
 * `kcr export` writes), and the commands that apply it. The snippet names environment variables,
 * never values, so it is safe to show and to copy into Git.
 */
export function fixSecretsBox(connector: ActualConnector, owner: InventoryEntry | undefined, fields: SecretField[], registry: ConnectorTypes): Html {
  const manifest = toManifests([{
    spaceId: connector.spaceId, id: connector.id, name: connector.name, connectorTypeId: connector.connectorTypeId,
    config: connector.config ?? {}, isMissingSecrets: true,
  }], owner ? [owner] : [], registry);
  const set = owner?.set ?? ADOPTING_SET;
  const folder = `manifests/${set}`;
  const exports = manifest.envVars.map((name) => `export ${name}='...'   # the value, from your secret store`).join('\n');
  const commands = [
    exports,
    `kcr plan ${folder} --set ${set}        # review: the connector shows as an update of its secrets`,
    'kcr apply --plan <plan id printed above>',
  ].filter((line) => line !== '').join('\n');
  const where = owner
    ? html`Set <strong>${owner.set}</strong> owns this connector (manifest <code>${owner.manifestName}</code>): put the <code>secrets</code> below into that manifest in the set's folder, then plan the whole folder.`
    : html`No set owns this connector yet. Save the manifest below in the folder of the set that should own it (here <code>${folder}</code>, set <code>${set}</code>); planning it adopts the connector. Plan the set's whole folder: a set's plan deletes what the set owns and the folder no longer declares.`;
  return html`<section class="fix" aria-labelledby="h-fix">
<h2 id="h-fix">How to fix: this connector has no secrets</h2>
<p>Kibana exports never carry secrets, so kcr cannot use this connector until its secrets are set again. Its type <code>${connector.connectorTypeId}</code> takes these secret fields:</p>
<ul class="messages">${fields.map((f) => html`<li><code>${f.name}</code> ${f.required ? badge('required', 'warn') : html`<span class="muted">(optional)</span>`}${f.description ? html` <span class="muted">${f.description}</span>` : ''}</li>`)}</ul>
<p>${where}</p>
<h3>Manifest</h3>
<pre tabindex="0" aria-label="Manifest with secret references">${manifest.yaml}</pre>
<h3>Commands</h3>
<pre tabindex="0" aria-label="Commands to apply the fix">${commands}</pre>
</section>`;
}
