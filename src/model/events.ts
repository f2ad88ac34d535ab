/** Who did something: a principal name, or `local-cli` for the CLI on the store directly. */
export interface Actor {
  name: string;
  remoteAddress?: string;
  requestId?: string;
}

export const LOCAL_CLI_ACTOR: Actor = Object.freeze({ name: 'local-cli' });

/** One entry of the append-only event log. Never carries a secret value. */
export interface KcrEvent {
  id?: number;
  time: string;
  actor: string;
  remote_address?: string;
  request_id?: string;
  /** e.g. connector.create, connector.update, connector.delete, plan.create, apply.start, apply.finish, lock.break */
  action: string;
  outcome: 'success' | 'failure';
  space_id?: string;
  connector_id?: string;
  set?: string;
  plan_id?: string;
  apply_id?: string;
  /** kibana-api | apply | cli | server */
  origin?: string;
  message: string;
  details?: Record<string, unknown>;
}
