import YAML from 'yaml';
import type { PrincipalConfig } from '../../config/types.js';
import { KcrError } from '../../errors.js';
import type { SpacePrivilege } from '../../security/principals.js';
import { authorizationHeader, bearerToken, generateApiKey, generateBearerToken, generatePassword, hashSecret } from '../../security/secretHash.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { readConfig } from '../runtime.js';

/**
 * `kcr principal add|rotate` PRINT the entry to paste into kcr.yaml and never edit the file:
 * kcr.yaml is reviewed in Git, keeps its comments and layout, and a half-written config could
 * lock everyone out. The new key or password is printed once, on stdout, and exists nowhere else.
 */
export interface PrincipalAddOptions {
  apiKey?: boolean;
  basic?: string;
  /** A Bearer principal (`Authorization: Bearer <token>`, the Terraform provider's `bearer_token`). */
  token?: boolean;
  privilege: string[];
  admin?: boolean;
}

const PRINCIPAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
const SPACE_OR_ALL = /^([a-z0-9_-]{1,1024}|\*)$/;

function privilegesOf(values: string[]): Record<string, SpacePrivilege> {
  const privileges: Record<string, SpacePrivilege> = {};
  for (const value of values) {
    const match = /^([^=]+)=(read|all)$/.exec(value);
    if (!match || !SPACE_OR_ALL.test(match[1]!)) {
      throw new KcrError('BAD_REQUEST', `--privilege expects SPACE=read or SPACE=all (SPACE a space id or *), got "${value.slice(0, 80)}"`);
    }
    const [space, privilege] = [match[1]!, match[2] as SpacePrivilege];
    // `all` wins over `read` when a space is named twice.
    if (privileges[space] !== 'all') privileges[space] = privilege;
  }
  return privileges;
}

/** `kcr principal add NAME --api-key|--basic USER|--token [--privilege space=read|all]... [--admin]` */
export async function principalAddCommand(name: string, options: PrincipalAddOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (!PRINCIPAL_NAME.test(name)) throw new KcrError('BAD_REQUEST', `principal name "${name.slice(0, 80)}" is invalid: expected 1-64 letters, digits, "_", ".", "@" or "-"`);
  if ([Boolean(options.apiKey), options.basic !== undefined, Boolean(options.token)].filter(Boolean).length !== 1) {
    throw new KcrError('BAD_REQUEST', 'give exactly one of --api-key, --basic USER or --token');
  }
  if (options.privilege.length === 0 && !options.admin) throw new KcrError('BAD_REQUEST', 'give at least one --privilege SPACE=read|all, or --admin');
  const entry: PrincipalConfig = { name, secretHash: '', privileges: privilegesOf(options.privilege) };
  if (options.admin) entry.admin = true;
  if (options.basic !== undefined) {
    if (!/^[^:\s]{1,128}$/.test(options.basic)) throw new KcrError('BAD_REQUEST', 'the --basic username must be 1-128 characters without ":" or spaces');
    return printNewCredential({ ...entry, username: options.basic }, options.basic, generatePassword(), globals, io);
  }
  if (options.token) {
    const token = generateBearerToken();
    return printNewCredential({ ...entry, tokenId: token.id }, token.id, token.secret, globals, io);
  }
  const key = generateApiKey();
  return printNewCredential({ ...entry, apiKeyId: key.id }, key.id, key.secret, globals, io);
}

/** `kcr principal rotate NAME`: a new key (or password) for a principal of kcr.yaml, same id and privileges. */
export async function principalRotateCommand(name: string, globals: GlobalOptions, io: CliIo): Promise<number> {
  const config = readConfig(io, globals);
  const existing = config.principals.find((principal) => principal.name === name);
  if (!existing) throw new KcrError('BAD_REQUEST', `no principal named "${name.slice(0, 80)}" in the configuration; add one with \`kcr principal add\``);
  const entry: PrincipalConfig = { ...existing, privileges: { ...existing.privileges } };
  const id = (existing.apiKeyId ?? existing.username ?? existing.tokenId)!;
  const secret = existing.username !== undefined ? generatePassword() : generateApiKey().secret;
  return printNewCredential(entry, id, secret, globals, io, true);
}

async function printNewCredential(entry: PrincipalConfig, id: string, secret: string, globals: GlobalOptions, io: CliIo, rotated = false): Promise<number> {
  const withHash = orderedEntry({ ...entry, secretHash: await hashSecret(secret) });
  const scheme = entry.apiKeyId !== undefined ? 'ApiKey' : entry.tokenId !== undefined ? 'Bearer' : 'Basic';
  const header = authorizationHeader(scheme, id, secret);
  const noun = { ApiKey: 'API key', Basic: 'password', Bearer: 'token' }[scheme];
  writeLine(io.stderr, `Warning: the ${noun} below is shown once and stored nowhere; keep it in a secret store now.`);
  if (globals.json) {
    const credential = {
      ApiKey: { apiKeyId: id, apiKey: secret, authorization: header },
      Basic: { username: id, password: secret, authorization: header },
      Bearer: { tokenId: id, token: bearerToken(id, secret), authorization: header },
    }[scheme];
    writeJson(io, { entry: withHash, credential });
    return EXIT.OK;
  }
  writeLine(io.stdout, rotated ? `# Replace the entry of principal "${entry.name}" under \`principals:\` in kcr.yaml, then restart kcr:` : '# Add under `principals:` in kcr.yaml, then restart kcr:');
  io.stdout.write(YAML.stringify([withHash], { lineWidth: 0 }));
  writeLine(io.stdout);
  if (scheme === 'ApiKey') {
    writeLine(io.stdout, `API key id:     ${id}`);
    writeLine(io.stdout, `API key:        ${secret}`);
  } else if (scheme === 'Bearer') {
    writeLine(io.stdout, `Token:          ${bearerToken(id, secret)}`);
  } else {
    writeLine(io.stdout, `Username:       ${id}`);
    writeLine(io.stdout, `Password:       ${secret}`);
  }
  writeLine(io.stdout, `Authorization:  ${header}`);
  return EXIT.OK;
}

/** Keys in a readable order: name, the id, the hash, privileges, admin. */
function orderedEntry(entry: PrincipalConfig): PrincipalConfig {
  const { name, apiKeyId, username, tokenId, secretHash, privileges, admin } = entry;
  return {
    name,
    ...(apiKeyId !== undefined ? { apiKeyId } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(tokenId !== undefined ? { tokenId } : {}),
    secretHash,
    privileges,
    ...(admin ? { admin: true } : {}),
  };
}
