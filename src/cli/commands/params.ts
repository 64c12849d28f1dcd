import type { Command } from 'commander';
import { notImplemented } from './notImplemented';

export function registerParams(program: Command): void {
  program
    .command('params')
    .description('extract hard-coded parameters into a YAML config')
    .argument('<notebook>')
    .action(() => notImplemented('params'));
}
