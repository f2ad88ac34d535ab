import type { ConnectorTypes } from '../../connector-types/types.js';
import type { ActualConnector } from '../../model/connector.js';
import type { ReconcilerService } from '../../reconciler/ReconcilerService.js';
import type { Store } from '../../store/Store.js';
import type { GitOpsStatusData } from './pages/gitOpsSection.js';

/** What the UI reads from: the reconciler service (plans, applies, drift, events), the store (inventory, sets) and the connectors per space. */
export interface UiSources {
  reconciler: ReconcilerService;
  store: Store;
  /** Connector types: categories, and the secret fields a type takes (the "how to fix" box). */
  registry: ConnectorTypes;
  /** Every connector of one space, as the Kibana-compatible API lists them (ConnectorsService.list). */
  listConnectors(spaceId: string): Promise<ActualConnector[]>;
  /** One connector, as the Kibana-compatible API reads it (ConnectorsService.get): CONNECTOR_NOT_FOUND when absent. */
  getConnector(spaceId: string, id: string): Promise<ActualConnector>;
  /** GitOps status (kcr serve's sources and drift checks), for the overview's GitOps section; absent without it. */
  gitOpsStatus?: () => GitOpsStatusData;
}
