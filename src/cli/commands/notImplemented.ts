import { EXIT } from '../exit';

/** Placeholder answer for a sub-command whose issue has not landed yet. */
export function notImplemented(name: string): void {
  process.stderr.write(`linearize ${name}: not implemented yet\n`);
  process.exitCode = EXIT.usage;
}
