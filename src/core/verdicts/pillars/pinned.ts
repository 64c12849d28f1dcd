/**
 * Whether data files are pinned (verdicts.md, `data-unpinned`): committed unchanged in git
 * (tracked in HEAD, same blob in the index and the working tree) or covered by DVC (a
 * `<file>.dvc` or `<folder>.dvc` beside it, or a `dvc.lock` above it naming it or a folder
 * holding it). Read-only, on the git core's injected file system.
 */

import { findRepository } from '../../git/findRepository';
import { readOnlyFs } from '../../git/guardFs';
import { listChanges } from '../../git/listChanges';
import { loadGit } from '../../git/loadGit';
import { dirname, join, normalize, relativeInside } from '../../git/posixPath';
import type { IFsLike } from '../../git/ports';

/** Pinned state by absolute path: true, false, or null when it cannot be told. */
export type PinnedMap = ReadonlyMap<string, boolean | null>;

/** How each of `files` (absolute, `/`-separated, existing files) is pinned. Never throws. */
export async function pinnedFiles(
  fs: IFsLike,
  files: readonly string[]
): Promise<PinnedMap> {
  const out = new Map<string, boolean | null>();
  const todo = [...new Set(files.map(f => normalize(f)))];
  if (todo.length === 0) {
    return out;
  }
  const git = await committedUnchanged(fs, todo);
  for (const f of todo) {
    const g = git.get(f);
    if (g === true) {
      out.set(f, true);
    } else if (await dvcCovers(fs, f)) {
      out.set(f, true);
    } else {
      out.set(f, g ?? false);
    }
  }
  return out;
}

/** Per file: committed unchanged (true), not (false), unknown (null). Grouped by repository. */
async function committedUnchanged(
  fs: IFsLike,
  files: readonly string[]
): Promise<Map<string, boolean | null>> {
  const out = new Map<string, boolean | null>();
  const byRepo = new Map<string, { gitdir: string; files: string[] }>();
  for (const f of files) {
    try {
      const repo = await findRepository({ fs, dir: dirname(f) });
      if (repo.kind !== 'repository' && repo.kind !== 'worktree') {
        out.set(f, null);
        continue;
      }
      const entry = byRepo.get(repo.repoRoot) ?? {
        gitdir: repo.gitdir,
        files: []
      };
      entry.files.push(f);
      byRepo.set(repo.repoRoot, entry);
    } catch {
      out.set(f, false); // no repository: nothing pins it in git
    }
  }
  if (byRepo.size === 0) {
    return out;
  }
  const git = await loadGit();
  const safe = readOnlyFs(fs);
  for (const [root, { gitdir, files: list }] of byRepo) {
    try {
      let commit: string | null = null;
      try {
        commit = await git.resolveRef({ fs: safe, gitdir, ref: 'HEAD' });
      } catch {
        commit = null; // unborn branch: nothing committed
      }
      const rel = list.map(f => relativeInside(root, f) ?? '');
      const changes =
        commit === null
          ? []
          : await listChanges({
              git,
              fs: safe,
              dir: root,
              gitdir,
              cache: {},
              commit,
              paths: rel.filter(r => r !== ''),
              untracked: false
            });
      const changed = new Set(changes.map(c => c.path));
      for (let i = 0; i < list.length; i++) {
        const r = rel[i];
        if (commit === null || r === '' || changed.has(r)) {
          out.set(list[i], false);
          continue;
        }
        // Not changed: either clean and tracked, or not tracked at all (new or ignored).
        try {
          await git.readBlob({
            fs: safe,
            dir: root,
            gitdir,
            oid: commit,
            filepath: r
          });
          out.set(list[i], true);
        } catch {
          out.set(list[i], false);
        }
      }
    } catch {
      for (const f of list) {
        out.set(f, null);
      }
    }
  }
  return out;
}

async function exists(fs: IFsLike, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readText(fs: IFsLike, path: string): Promise<string | null> {
  try {
    return String(await fs.readFile(path, { encoding: 'utf8' }));
  } catch {
    return null;
  }
}

/** A `.dvc` file for the file or a folder above it, or a `dvc.lock` naming it (or a folder of it). */
async function dvcCovers(fs: IFsLike, file: string): Promise<boolean> {
  if (await exists(fs, `${file}.dvc`)) {
    return true;
  }
  let dir = dirname(file);
  for (let depth = 0; depth < 32; depth++) {
    if (await exists(fs, `${dir}.dvc`)) {
      return true;
    }
    const lock = await readText(fs, join(dir, 'dvc.lock'));
    if (lock !== null) {
      const rel = relativeInside(dir, file);
      if (rel !== null) {
        const outs = [
          ...lock.matchAll(/^\s*-?\s*path:\s*['"]?([^'"\n]+?)['"]?\s*$/gm)
        ].map(m => normalize(m[1].replace(/\/$/, '')));
        if (outs.some(o => rel === o || rel.startsWith(`${o}/`))) {
          return true;
        }
      }
    }
    const parent = dirname(dir);
    if (parent === dir || (await exists(fs, join(dir, '.git')))) {
      break;
    }
    dir = parent;
  }
  return false;
}
