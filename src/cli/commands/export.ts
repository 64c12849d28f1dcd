import type { Command } from 'commander';
import { notImplemented } from './notImplemented';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a linear, versionable script with its config and provenance manifest'
    )
    .argument('<notebook>')
    .action(() => notImplemented('export'));
}
