/**
 * The `linearize` command-line tool: a thin Node shell over the core.
 * Each sub-command lives in `commands/<name>.ts` and returns an exit code.
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check';
import { registerExport } from './commands/export';
import { registerParams } from './commands/params';
import { registerRuns } from './commands/runs';
import { registerVerify } from './commands/verify';
import { EXIT } from './exit';
import { VERSION } from './version';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('linearize')
    .description(
      'Check, parameterise and export Jupyter notebooks as linear, reproducible scripts.'
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .showHelpAfterError('(run "linearize --help" for usage)')
    .exitOverride();
  registerCheck(program);
  registerParams(program);
  registerExport(program);
  registerVerify(program);
  registerRuns(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
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

if (require.main === module) {
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
