import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceSettings } from './sourceSettings.js';

/** What a fetch gives: the commit the ref points at, checked out in `dir`. */
export interface FetchedCommit {
  commit: string;
  dir: string;
  /** The commit this checkout held before, when it is not an ancestor of the new one (history rewritten). */
  rewrittenFrom?: string;
}

/** A fetch that failed; the message names the repository without credentials and never holds a token. */
export class GitFetchError extends Error {
  override readonly name = 'GitFetchError';
}

const REF_NAME = 'refs/kcr/head';

/**
 * One source's working copy under the cache folder. The first fetch is shallow (depth 1); later
 * fetches are incremental, so whether the new commit descends from the last one can be checked
 * (a force-push rewrote history when it does not). Credentials reach git only through its
 * environment (`GIT_CONFIG_*` for the https header, `GIT_SSH_COMMAND` for the key): never in
 * argv (visible in `ps`), never in the URL, never in the repository's config. Git's output is
 * scrubbed of the header before it becomes a message.
 */
export class GitCheckout {
  readonly dir: string;

  constructor(
    private readonly source: SourceSettings,
    cacheRoot: string,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.dir = join(cacheRoot, source.name);
  }

  /** Fetches the ref and checks it out; `knownCommit` is the last commit kcr planned from (for the force-push check). */
  async fetch(signal: AbortSignal, knownCommit?: string): Promise<FetchedCommit> {
    const fresh = !existsSync(join(this.dir, '.git'));
    if (fresh) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      await this.git(['init', '-q'], signal);
    }
    const depth = fresh ? ['--depth=1'] : [];
    await this.git(['fetch', '-q', '--no-tags', ...depth, '--', this.source.url, `+${this.source.ref}:${REF_NAME}`], signal, 'fetch');
    const commit = (await this.git(['rev-parse', '--verify', `${REF_NAME}^{commit}`], signal)).trim();
    await this.git(['checkout', '-q', '--force', '--detach', commit], signal);
    await this.git(['clean', '-q', '-ffdx'], signal);
    if (knownCommit && knownCommit !== commit) {
      // A fresh working copy (another replica, a new data directory) is shallow: fetch the history
      // once so that the last synced commit can be found in it, or truly not.
      if (!(await this.hasCommit(knownCommit, signal)) && existsSync(join(this.dir, '.git', 'shallow'))) {
        await this.git(['fetch', '-q', '--no-tags', '--unshallow', '--', this.source.url, `+${this.source.ref}:${REF_NAME}`], signal, 'fetch');
      }
      if (!(await this.isAncestor(knownCommit, commit, signal))) return { commit, dir: this.dir, rewrittenFrom: knownCommit };
    }
    return { commit, dir: this.dir };
  }

  private async hasCommit(commit: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.git(['cat-file', '-e', `${commit}^{commit}`], signal);
      return true;
    } catch {
      return false;
    }
  }

  private async isAncestor(older: string, newer: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', older, newer], signal);
      return true;
    } catch {
      return false;
    }
  }

  private git(args: string[], signal: AbortSignal, what?: string): Promise<string> {
    return new Promise((resolvePromise, reject) => {
      execFile('git', args, { cwd: this.dir, env: this.gitEnv(), signal, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (!error) return resolvePromise(stdout);
        if (!what) return reject(error);
        const reason = scrub(String(stderr || error.message), this.source).split('\n').map((line) => line.trim()).filter(Boolean).slice(-3).join(' ');
        reject(new GitFetchError(`cannot fetch ${this.source.ref} from ${displayUrl(this.source.url)}: ${reason || 'git failed'}`));
      });
    });
  }

  /** Only what git needs: no user or system config, no prompts (GIT_TERMINAL_PROMPT=0), credentials as config from the environment. */
  private gitEnv(): Record<string, string> {
    const env: Record<string, string> = {
      PATH: this.env.PATH ?? '/usr/bin:/bin',
      HOME: this.dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
    };
    // No redirects: a redirect could take the fetch, and the header with it, to another host.
    const config: Array<[string, string]> = [['protocol.ext.allow', 'never'], ['http.followRedirects', 'false'], ['advice.detachedHead', 'false'], ['credential.helper', '']];
    if (this.source.authorization) config.push(['http.extraHeader', `Authorization: ${this.source.authorization.reveal()}`]);
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    if (this.source.sshKeyFile) {
      env.GIT_SSH_COMMAND = `ssh -i '${this.source.sshKeyFile.replace(/'/g, "'\\''")}' -o IdentitiesOnly=yes -o BatchMode=yes`;
    }
    if (this.env.SSH_AUTH_SOCK && !this.source.sshKeyFile) env.SSH_AUTH_SOCK = this.env.SSH_AUTH_SOCK;
    return env;
  }
}

/** The URL as messages show it: any `user:password@` removed (the schema refuses them, this is the second guard). */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** Removes the authorization header, its base64 and anything like credentials in URLs from git's output. */
function scrub(text: string, source: SourceSettings): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
  if (source.authorization) {
    const header = source.authorization.reveal();
    const encoded = header.replace(/^Basic /, '');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const token = decoded.slice(decoded.indexOf(':') + 1);
    for (const secret of [header, encoded, decoded, token]) if (secret.length >= 4) out = out.split(secret).join('(sensitive)');
  }
  return out.replace(/Authorization:\s*\S+(\s+\S+)?/gi, 'Authorization: (sensitive)');
}
