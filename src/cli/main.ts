import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isKcrError } from '../errors.js';
import { KCR_VERSION } from '../version.js';
import { applyCommand } from './commands/apply.js';
import { historyCommand } from './commands/history.js';
import { planCommand } from './commands/plan.js';
import { showCommand } from './commands/show.js';
import { typesCommand } from './commands/types.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, type CliIo, type GlobalOptions, writeLine } from './io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}"`);
  return parsed;
}

/** Options shared by `plan` and `apply`. */
function addPlanOptions(command: Command): Command {
  return command
    .option('--set <name>', 'the manifest set (one Git repository or folder) this desired state belongs to', 'default')
    .option('--allow-empty', 'allow a desired state with zero connectors for a set that owns some (deletes them all)')
    .option('--max-deletes <n>', 'fail the plan when it would delete (or replace) more than N connectors', nonNegativeInteger)
    .option('--space <id>', 'limit the plan to this space (repeatable)', collect, [] as string[]);
}

function buildProgram(io: CliIo, exit: { code: number }): Command {
  const program = new Command('kcr')
    .description('kcr, the Kibana connector reconciler: connectors as code, planned and applied per Kibana space')
    .version(KCR_VERSION)
    .option('--config <file>', 'config file (default ./kcr.yaml if present)')
    .option('--data-dir <dir>', 'data directory of the embedded store (default ./.kcr)')
    .option('--server <url>', 'talk to a running kcr over HTTP instead of opening the store (env KCR_SERVER)')
    .option('--json', 'print JSON instead of the human form')
    .option('--no-color', 'never colour the output')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showSuggestionAfterError();

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

  program.command('validate').description('check manifests offline (0 valid, 1 invalid)').argument('<paths...>', 'manifest files or directories')
    .action(async (paths: string[], _options, command: Command) => {
      exit.code = await validateCommand(paths, globals(command), io);
    });

  addPlanOptions(program.command('plan').description('plan the desired state and store the plan').argument('<paths...>', 'manifest files or directories'))
    .option('--out <file>', 'also write the plan JSON to this file')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are changes, 1 on error')
    .addOption(new Option('--format <format>', 'text (Terraform\'s form) or markdown (a pull-request comment: summary first, a collapsible section per space)').choices(['text', 'markdown']).default('text'))
    .action(async (paths: string[], options, command: Command) => {
      exit.code = await planCommand(paths, options, globals(command), io);
    });

  addPlanOptions(program.command('apply').description('plan and apply manifests (--auto-approve), or apply a stored plan (--plan)').argument('[paths...]', 'manifest files or directories'))
    .option('--plan <id-or-file>', 'apply this stored plan (an id, or a file written by kcr plan --out)')
    .option('--auto-approve', 'apply without asking for confirmation')
    .action(async (paths: string[], options, command: Command) => {
      exit.code = await applyCommand(paths, options, globals(command), io);
    });

  program.command('show').description('show a stored plan (pln_...) or apply (apl_...)').argument('<id>')
    .action(async (id: string, _options, command: Command) => {
      exit.code = await showCommand(id, globals(command), io);
    });

  program.command('history').description('recent plans and applies').addOption(new Option('--limit <n>', 'how many of each').argParser(nonNegativeInteger).default(20))
    .action(async (options, command: Command) => {
      exit.code = await historyCommand(options, globals(command), io);
    });

  program.command('types').description('list connector types by category')
    .action(async (_options, command: Command) => {
      exit.code = await typesCommand(globals(command), io);
    });

  registerLaterCommands(program, io, exit, globals);
  return program;
}

/** Commands whose modules are heavier (HTTP server, export) are loaded only when used. */
function registerLaterCommands(program: Command, io: CliIo, exit: { code: number }, globals: (c: Command) => GlobalOptions): void {
  program.command('drift').description('refresh-only plan: what changed outside the set (with --detailed-exitcode: 0 none, 2 drift; 1 error)')
    .option('--set <name>', 'the manifest set whose connectors are compared with what kcr last applied', 'default')
    .option('--space <id>', 'limit the report to this space (repeatable)', collect, [] as string[])
    .option('--detailed-exitcode', 'exit 0 when nothing drifted, 2 when something did, 1 on error')
    .action(async (options, command: Command) => {
      const { driftCommand } = await import('./commands/drift.js');
      exit.code = await driftCommand(options, globals(command), io);
    });
  program.command('serve').description('run the HTTP service (Kibana-compatible connectors API and reconciler API)')
    .option('--port <port>', 'port (default 5601)', nonNegativeInteger).option('--host <host>', 'address to bind (default 127.0.0.1)')
    .action(async (options, command: Command) => {
      const { serveCommand } = await import('./commands/serve.js');
      exit.code = await serveCommand(options, globals(command), io);
    });
  program.command('export').description('current connectors of a space as manifests (secrets as ${env:...} placeholders), Kibana saved-objects NDJSON or Terraform HCL')
    .option('--space <id>', 'the Kibana space to export', 'default')
    .addOption(new Option('--format <format>', 'manifests, ndjson or terraform').choices(['manifests', 'ndjson', 'terraform']).default('manifests'))
    .action(async (options, command: Command) => {
      const { exportCommand } = await import('./commands/export.js');
      exit.code = await exportCommand(options, globals(command), io);
    });
  program.command('import').description('load a Kibana saved-objects export (NDJSON) into a space; connectors get is_missing_secrets: true').argument('<file>', 'a .ndjson file')
    .option('--space <id>', 'the Kibana space to import into', 'default')
    .action(async (file: string, options, command: Command) => {
      const { importCommand } = await import('./commands/import.js');
      exit.code = await importCommand(file, options, globals(command), io);
    });
  registerSecurityCommands(program, io, exit, globals);
}

/** `kcr principal add|rotate` and `kcr secrets rotate-key|check-key` (src/cli/commands/principal.ts, secrets.ts). */
function registerSecurityCommands(program: Command, io: CliIo, exit: { code: number }, globals: (c: Command) => GlobalOptions): void {
  const principal = program.command('principal').description('create or rotate the credentials of a principal (prints the kcr.yaml entry and the key once)');
  principal.command('add').description('a new principal: prints its kcr.yaml entry (with the scrypt hash) and its key or password, once').argument('<name>')
    .option('--api-key', 'authenticate with an API key (Authorization: ApiKey base64(id:key))')
    .option('--basic <user>', 'authenticate with Basic username and password')
    .option('--token', 'authenticate with a bearer token (Authorization: Bearer <token>, the Terraform provider\'s bearer_token)')
    .option('--privilege <space=read|all>', 'a privilege in a space, or * for every space (repeatable)', collect, [] as string[])
    .option('--admin', 'may break locks and read every space and /metrics')
    .action(async (name: string, options, command: Command) => {
      const { principalAddCommand } = await import('./commands/principal.js');
      exit.code = await principalAddCommand(name, options, globals(command), io);
    });
  principal.command('rotate').description('a new key (or password) for a principal of kcr.yaml: prints the new entry and key, once').argument('<name>')
    .action(async (name: string, _options, command: Command) => {
      const { principalRotateCommand } = await import('./commands/principal.js');
      exit.code = await principalRotateCommand(name, globals(command), io);
    });
  const secrets = program.command('secrets').description('the encryption key of the stored secrets');
  secrets.command('rotate-key').description('re-encrypt every stored secret under a new key, in one transaction (run with no server on the store)')
    .option('--new-key-env <name>', 'take the new key from this environment variable (needed when the key comes from KCR_ENCRYPTION_KEY, unless --generate)')
    .option('--generate', 'generate the new key and print it once')
    .action(async (options, command: Command) => {
      const { rotateKeyCommand } = await import('./commands/secrets.js');
      exit.code = await rotateKeyCommand(options, globals(command), io);
    });
  secrets.command('check-key').description('check that the configured key decrypts the store (exit 1 with STORE_KEY_MISMATCH otherwise)')
    .action(async (_options, command: Command) => {
      const { checkKeyCommand } = await import('./commands/secrets.js');
      exit.code = await checkKeyCommand(globals(command), io);
    });
}

/**
 * Runs the CLI and returns the exit code. Errors are one clear line per problem on stderr;
 * a stack trace only for unexpected errors with --debug.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const exit = { code: EXIT.OK as number };
  const program = buildProgram(io, exit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.ERROR;
    reportError(error, io, argv.includes('--debug'));
    return EXIT.ERROR;
  }
}

function reportError(error: unknown, io: CliIo, debug: boolean): void {
  if (isKcrError(error)) {
    const lines = error.message.split('\n');
    for (const line of lines) writeLine(io.stderr, `Error [${error.code}]: ${line}`);
    if (error.code !== 'MANIFEST_INVALID') for (const detail of error.errors ?? []) writeLine(io.stderr, `  ${detail.path}: ${detail.message}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `Error: ${message}`);
  if (debug && error instanceof Error && error.stack) writeLine(io.stderr, error.stack);
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}
