/**
 * isomorphic-git, loaded on first use.
 *
 * Why a dynamic import: the JupyterLab extension imports the core at start-up, and
 * isomorphic-git (with its pako/sha.js dependencies) is only needed when the user exports.
 * `import()` makes webpack put it in a chunk fetched on demand; the CLI's esbuild bundle and
 * jest inline it. Only this module names the package at run time; the rest imports types.
 */
export type IsoGit = typeof import('isomorphic-git');

let loading: Promise<IsoGit> | undefined;

/** The isomorphic-git module (one shared promise). */
export function loadGit(): Promise<IsoGit> {
  loading ??= import('isomorphic-git');
  return loading;
}
