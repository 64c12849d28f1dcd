/**
 * Where linearize keeps its caches (the interpreter's answers, the facts and results of
 * `check`), and whether caching is on: one lookup for every cache of the bundle. The loader
 * (`scripts/cli-loader.cjs`) repeats it because it runs before the bundle is compiled.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder of linearize's caches, or null when caching is off (`--no-cache`, LINEARIZE_NO_CACHE=1). */
export function cacheFolder(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv
): string | null {
  if ((env.LINEARIZE_NO_CACHE ?? '') !== '' || argv.includes('--no-cache')) {
    return null;
  }
  const home = homedir();
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? env.LOCALAPPDATA || join(home, 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : join(home, '.cache'));
  return join(base, 'linearize');
}
