import type { Command } from 'commander';
import { notImplemented } from './notImplemented';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'report non-linear execution, hidden state and Restart & Run All failures'
    )
    .argument('<paths...>')
    .action(() => notImplemented('check'));
}
