import type { JsonObject } from '../model/json.js';

/** `actions:` in kcr.yaml: Kibana's `xpack.actions.*` settings under the same names. */
export interface ActionsSettings {
  enabledActionTypes: string[];
  allowedHosts: string[];
  email: { domain_allowlist: string[]; services?: { enabled?: string[]; ses?: { host?: string; port?: number } } };
  proxyUrl: string | null;
  proxyHeaders?: Record<string, string>;
  proxyBypassHosts?: string[];
  proxyOnlyHosts?: string[];
  customHostSettings: Array<{
    url: string;
    ssl?: { verificationMode?: 'none' | 'certificate' | 'full'; certificateAuthoritiesFiles?: string | string[]; certificateAuthoritiesData?: string };
    smtp?: { ignoreTLS?: boolean; requireTLS?: boolean };
  }>;
  ssl: { verificationMode: 'none' | 'certificate' | 'full'; proxyVerificationMode?: 'none' | 'certificate' | 'full' };
  responseTimeout: string;
  webhook?: { ssl?: { pfx?: { enabled?: boolean } } };
}

/** One entry of `preconfigured:` (same shape as `xpack.actions.preconfigured.<id>`). */
export interface PreconfiguredConnectorConfig {
  actionTypeId: string;
  name: string;
  config?: JsonObject;
  secrets?: JsonObject;
  exposeConfig?: boolean;
}

export interface PrincipalConfig {
  name: string;
  /** ApiKey principal: the key id; Basic principal: the username; Bearer principal: the token id (the part before the dot). */
  apiKeyId?: string;
  username?: string;
  tokenId?: string;
  /** scrypt hash of the key or password: `scrypt$N$r$p$salt$hash` (base64). */
  secretHash: string;
  /** space id (or `*`) -> `read` | `all` */
  privileges: Record<string, 'read' | 'all'>;
  admin?: boolean;
}

export type TargetConfig =
  | { type: 'embedded' }
  | {
      type: 'kibana';
      url: string;
      apiKey?: string;
      username?: string;
      password?: string;
      bearerToken?: string;
      caFile?: string;
      insecure?: boolean;
      concurrency?: number;
    };

export type StoreConfig =
  | { type: 'sqlite'; dataDir: string }
  | {
      type: 'elasticsearch';
      /** Node URLs of one cluster (http:// or https://); the client spreads requests over them and skips dead ones. */
      nodes: string[];
      /** An API key, or a username and password; each a literal or a `${env:NAME}` / `${file:PATH}` reference. */
      auth?: { apiKey?: string; username?: string; password?: string };
      /** PEM file of the CA that signed the cluster's HTTP certificate (relative: to the working directory). */
      caFile?: string;
      /** Indices are `<indexPrefix>-connectors`, `-plans`, ...; default `kcr`. */
      indexPrefix: string;
      /** Only this process's local files (`--data-dir`); the store itself is the cluster. */
      dataDir?: string;
    };

/** One entry of `sources:`: a Git repository kcr serve follows (src/reconciler/sources/). Defaults are applied there. */
export interface SourceConfig {
  name: string;
  git: {
    /** Any URL the machine's `git` understands (https://, ssh://, user@host:path, file://), never with credentials in it. */
    url: string;
    /** Branch or tag; default `main`. */
    ref?: string;
    /** The manifests' folder (or file) inside the repository; default `.`. */
    path?: string;
    /** An https token, only as a `${env:NAME}` or `${file:PATH}` reference (resolved when the source starts). */
    token?: string;
    /** The user name sent with the token; default `x-access-token`. */
    username?: string;
    /** Private key for ssh URLs (GIT_SSH_COMMAND). */
    sshKeyFile?: string;
  };
  /** The set it plans; default the source's name. */
  set?: string;
  /** How often to fetch: `200ms`, `30s`, `1m` (a number is milliseconds); default `1m`. */
  interval?: string | number;
  /** `plan` (default): record the plan, never apply. `apply`: apply a plan that passes every safety rule. */
  mode?: 'plan' | 'apply';
  /** Apply mode: also put back drift found between commits. */
  selfHeal?: boolean;
  allowEmpty?: boolean;
  maxDeletes?: number;
}

/** The validated, frozen configuration every component is built from. */
export interface KcrConfig {
  target: TargetConfig;
  store: StoreConfig;
  server: {
    host: string;
    port: number;
    bodyLimit: string;
    requestTimeoutMs: number;
    /** Writes per principal (per remote address with auth off): `burst` at once, refilled at `perSecond`. Default 100 and 20. */
    writeRateLimit?: { burst: number; perSecond: number };
    /** Failed authentications per remote address before 429 (each costs one scrypt): `burst`, refilled at `perSecond`. Default 20 and 0.2. */
    authFailureLimit?: { burst: number; perSecond: number };
  };
  principals: PrincipalConfig[];
  preconfigured: Record<string, PreconfiguredConnectorConfig>;
  actions: ActionsSettings;
  managedConnectorWrites: 'reject' | 'allow';
  /** The Kibana version kcr reports on GET /api/status. */
  kibanaVersion: string;
  /** Keep parsed YAML manifest files in the store between local runs (reconciler/manifests/parsedManifestCache.ts). Default true. */
  manifestCache: boolean;
  /** Git repositories kcr serve follows (GitOps); absent: none. */
  sources?: SourceConfig[];
  /** Scheduled drift detection of every set in kcr serve; interval null or absent (the default): none. */
  drift?: { interval?: string | number | null };
  /** How long a space lock lease lasts without a heartbeat. */
  lockTtlMs: number;
  /** How long an apply waits for a held space lock before failing with LOCKED. */
  lockWaitMs: number;
  /** The secrets encryption key (from KCR_ENCRYPTION_KEY), or undefined to use the key file. */
  encryptionKey?: string;
  logLevel: string;
}
