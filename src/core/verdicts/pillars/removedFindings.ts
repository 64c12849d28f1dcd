/**
 * Names the target removed, as findings (`removedUses.ts` collects the uses, `removedApis.ts`
 * knows the releases): `env-drift` for a package's name, `python-version` for Python's own.
 */
import type { IFinding } from '../../types';
import { finding } from '../finding';
import { interpreterOf, ref, withSeverity } from './findingParts';
import type { IPillarContext } from './pillarFindings';
import { removedApi, removedIn, type IRemovedApi } from './removedApis';
import type { IRemovedUse } from './removedUses';
import type { INotebookScan } from './scanNotebook';

/**
 * Names the target's version of a package (or Python) removed: one finding per package, at
 * the first use Restart & Run All meets, naming the others. A package the target lacks is
 * `module-missing`'s; a version the probe could not read says nothing.
 */
export function removedFindings(
  s: INotebookScan,
  ctx: IPillarContext
): IFinding[] {
  const interp = ctx.interpreter;
  if (interp === undefined || interp === null || s.removed.length === 0) {
    return [];
  }
  const imported = new Set(s.imports.map(i => i.module));
  const byModule = new Map<
    string,
    {
      first: (typeof s.removed)[number];
      version: string;
      others: Map<string, IRemovedUse>;
    }
  >();
  for (const use of s.removed) {
    const { module } = use.api;
    const version =
      module === 'python' ? interp.version : interp.modules[module]?.version;
    if (
      version === undefined ||
      version === null ||
      // The package itself imported (`time` for `time.clock`): a name of that spelling
      // is not guessed to be the module.
      !imported.has(module === 'python' ? topOf(use.api.api) : module) ||
      // A whole standard module counts only where the target cannot import it.
      (module === 'python' &&
        !use.api.api.includes('.') &&
        interp.modules[use.api.api]?.found !== false) ||
      !removedIn(use.api, version)
    ) {
      continue;
    }
    const seen = byModule.get(module);
    if (seen === undefined) {
      byModule.set(module, { first: use, version, others: new Map() });
    } else if (
      !within(use.api, seen.first.api) &&
      ![...seen.others.values()].some(o => within(use.api, o.api))
    ) {
      // Per entry, and not a name under one named already: `joblib.dump` after
      // `from sklearn.externals import joblib` fails with it.
      seen.others.set(entryKey(use.api), use);
    }
  }
  const who = interpreterOf(ctx);
  const deliberate = ctx.deliberate === true;
  const out: IFinding[] = [];
  for (const [module, { first, version, others }] of byModule) {
    const common = {
      written: first.written,
      line: first.line,
      others: [...others.values()].map(o => o.written).sort(),
      removedIn: first.api.removedIn,
      use: first.api.use,
      who
    };
    if (module === 'python') {
      out.push(
        finding({
          kind: 'python-version',
          cell: ref(first.cellId, first.index),
          names: [first.written],
          text: { id: 'python-removed', args: { ...common, target: version } }
        })
      );
      continue;
    }
    const distribution = interp.modules[module]?.distribution ?? module;
    out.push(
      withSeverity(
        {
          kind: 'env-drift',
          cell: ref(first.cellId, first.index),
          names: [distribution],
          text: {
            id: 'env-removed',
            args: { ...common, distribution, now: version, deliberate }
          }
        },
        deliberate ? null : 'info'
      )
    );
  }
  return out;
}

/** A standard module the target's Python removed (`imp` on 3.12). */
export function removedFromPython(module: string, version: string): boolean {
  const e = removedApi(module);
  return (
    e !== null &&
    e.module === 'python' &&
    e.api === module &&
    removedIn(e, version)
  );
}

/** `time` for `time.clock`, `imp` for `imp`. */
function topOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** `inner` is `outer` or a name under it (compared as data: a stored walk holds copies). */
function within(inner: IRemovedApi, outer: IRemovedApi): boolean {
  return (
    entryKey(inner) === entryKey(outer) || inner.api.startsWith(`${outer.api}.`)
  );
}

/** An entry's identity: its name, keyword and argument pattern. */
function entryKey(e: IRemovedApi): string {
  return `${e.api}\u0000${e.kw ?? ''}\u0000${e.arg?.source ?? ''}`;
}
