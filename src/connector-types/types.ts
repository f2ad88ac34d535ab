import type { ActionsSettings } from '../config/types.js';
import type { JsonObject } from '../model/json.js';

export type ConnectorTypeCategory = 'Generative AI' | 'Elastic Stack' | 'Alerting and case management';
export type LicenseLevel = 'basic' | 'standard' | 'gold' | 'platinum' | 'enterprise' | 'trial';

/** One connector type, as Kibana registers it. */
export interface ConnectorTypeDefinition {
  id: string;
  name: string;
  category: ConnectorTypeCategory;
  minimumLicense: LicenseLevel;
  supportedFeatureIds: string[];
  isSystemActionType: boolean;
  subFeature?: string;
  /** `$id` of the config JSON Schema in schemas/connector-types/. */
  configSchemaId: string;
  /** `$id` of the secrets JSON Schema in schemas/connector-types/. */
  secretsSchemaId: string;
}

/** Where a type-validation problem is (a JSON pointer from the connector root: `/config/url`, `/secrets/user`). */
export interface ConnectorValidationIssue {
  pointer: string;
  /** A plain statement of the problem and what was expected, e.g. `expected value of type [string] but got [undefined]`. */
  message: string;
  /** Kibana's full 400 message for the first problem of its stage, e.g. `error validating action type config: [index]: expected value of type [string] but got [undefined]`. */
  kibanaMessage: string;
  /** Kibana's HTTP status for it: 400, or 403 for a disabled type. */
  status: number;
}

export type ConnectorValidationResult =
  /**
   * `config` is what Kibana stores (converted, defaults filled); `declaredConfig` is the config as
   * sent with Kibana's conversions (numeric strings to numbers) but without defaults.
   */
  | { ok: true; config: JsonObject; secrets: JsonObject; declaredConfig: JsonObject }
  | { ok: false; issues: ConnectorValidationIssue[] };

/** The registry's public contract (implemented by `ConnectorTypeRegistry`). */
export interface ConnectorTypes {
  get(typeId: string): ConnectorTypeDefinition | undefined;
  list(): ConnectorTypeDefinition[];
  /**
   * Validates config and secrets exactly as Kibana does for a create or update, in Kibana's order
   * (config schema, config rules, secrets schema, secrets rules, connector rules, enabled check),
   * against the `xpack.actions.*`-style settings. On success returns the config Kibana would store
   * (declared keys plus its defaults, nulls kept) and the validated secrets.
   */
  validate(typeId: string, config: JsonObject, secrets: JsonObject, settings: ActionsSettings): ConnectorValidationResult;
  /** The config as Kibana stores and returns it: the declared keys plus the type's defaults. */
  withDefaults(typeId: string, config: JsonObject): JsonObject;
  /** Kibana's `is_deprecated` for a connector of this type with this config. */
  isDeprecated(typeId: string, config: JsonObject): boolean;
}
