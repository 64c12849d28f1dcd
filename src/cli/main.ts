/**
 * The `linearize` command-line tool: a thin Node shell over the core.
 * Each sub-command lives in `commands/<name>.ts` and returns an exit code.
 */
import { isMainThread } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit';
import { VERSION } from './version';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: the bundle evaluates a
 * module (git, YAML, the export emitter, the companion…) when it is first imported, so
 * `check` never pays for `export`'s dependencies. In help order.
 */
const COMMANDS: ReadonlyMap<string, () => Promise<Register>> = new Map([
  ['check', async () => (await import('./commands/check')).registerCheck],
  ['params', async () => (await import('./commands/params')).registerParams],
  ['export', async () => (await import('./commands/export')).registerExport],
  ['verify', async () => (await import('./commands/verify')).registerVerify],
  ['runs', async () => (await import('./commands/runs')).registerRuns]
]);

/** The program with the commands `argv` may run: the one it names, or all (help, errors). */
export async function buildProgram(
  argv: readonly string[] = []
): Promise<Command> {
  const first = argv.find(a => !a.startsWith('-'));
  const one = first === undefined ? undefined : COMMANDS.get(first);
  const loaders = one !== undefined ? [one] : [...COMMANDS.values()];
  const registers = await Promise.all(loaders.map(load => load()));
  const program = new Command();
  program
    .name('linearize')
    .description(
      'Check, parameterise and export Jupyter notebooks as linear, reproducible scripts.'
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .addHelpText(
      'after',
      '\n--no-cache (any command): do not read or write the compiled-code cache in the\n' +
        "user's cache folder ($XDG_CACHE_HOME/linearize); LINEARIZE_NO_CACHE=1 does the same."
    )
    .showHelpAfterError('(run "linearize --help" for usage)')
    .exitOverride();
  for (const register of registers) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // A global switch read by the loader (dist/linearize.cjs) before this runs.
  const args = argv.filter(a => a !== '--no-cache');
  const program = await buildProgram(args);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(
      `linearize: ${e instanceof Error ? e.message : String(e)}\n`
    );
    return EXIT.usage;
  }
  return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
}

if (!isMainThread) {
  // A worker thread of `check` (see checkWorkers.ts) runs this same bundle.
  void import('./checkWorkers').then(w => {
    if (w.isCheckWorker()) {
      w.runCheckWorker();
    }
  });
} else if (require.main === module) {
  // `linearize check … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      process.exit(
        process.exitCode === undefined ? 0 : Number(process.exitCode)
      );
    }
    throw e;
  });
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`linearize: internal error: ${String(e)}\n`);
      process.exitCode = 3;
    }
  );
}
