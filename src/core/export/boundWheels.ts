/**
 * Which Pythons can install a release bound the export writes (`tensorflow<2.0` for
 * `tf.Session`): the newest release below it and the CPython versions its Linux wheels are
 * built for, read from PyPI's index on 2026-12-08 by `scripts/bound-wheels.py`. An old bound
 * has no wheel for today's Python (`pip install 'tensorflow<2.0'` on 3.11 finds nothing), and
 * building such a release from source rarely works: the requirements say so instead of
 * leaving pip's "No matching distribution" to explain it.
 */
import { normalizeName } from '../companion/requirements';

/** The newest release below a bound, and its wheels' CPython minor versions. */
export interface IBoundWheels {
  readonly last: string;
  /** `[5, 8]`: CPython 3.5 to 3.8; null for a pure-Python wheel (any Python 3). */
  readonly cpython: readonly [number, number] | null;
}

/** Per `<distribution> <bound>`. `boundWheels.spec.ts` checks every bound has its row. */
const ROWS: Readonly<Record<string, IBoundWheels>> = {
  'gensim 4.0': { last: '3.8.3', cpython: [5, 8] },
  'keras 2.13': { last: '2.12.0', cpython: null },
  'keras 2.6': { last: '2.4.3', cpython: null },
  'keras 2.9': { last: '2.8.0', cpython: null },
  'keras 3.0': { last: '2.15.0', cpython: null },
  'matplotlib 3.1': { last: '3.0.3', cpython: [5, 7] },
  'matplotlib 3.11': { last: '3.10.9', cpython: [10, 14] },
  'matplotlib 3.2': { last: '3.1.3', cpython: [6, 8] },
  'matplotlib 3.7': { last: '3.6.3', cpython: [8, 11] },
  'matplotlib 3.8': { last: '3.7.5', cpython: [8, 12] },
  'numpy 1.23': { last: '1.22.4', cpython: [8, 10] },
  'numpy 1.24': { last: '1.23.5', cpython: [8, 11] },
  'numpy 2.0': { last: '1.26.4', cpython: [9, 12] },
  'numpy 2.4': { last: '2.3.5', cpython: [11, 14] },
  'pandas 0.19': { last: '0.18.1', cpython: [4, 5] },
  'pandas 0.23': { last: '0.22.0', cpython: [5, 6] },
  'pandas 0.24': { last: '0.23.4', cpython: [5, 7] },
  'pandas 0.25': { last: '0.24.2', cpython: [5, 7] },
  'pandas 1.0': { last: '0.25.3', cpython: [5, 8] },
  'pandas 2.0': { last: '1.5.3', cpython: [8, 11] },
  'pandas 3.0': { last: '2.3.3', cpython: [9, 14] },
  'scipy 1.14': { last: '1.13.1', cpython: [9, 12] },
  'scipy 1.15': { last: '1.14.1', cpython: [10, 13] },
  'scipy 1.3': { last: '1.2.3', cpython: [4, 7] },
  'seaborn 0.10': { last: '0.9.1', cpython: null },
  'seaborn 0.11': { last: '0.10.1', cpython: null },
  'seaborn 0.12': { last: '0.11.2', cpython: null },
  'scikit-learn 0.19': { last: '0.18.2', cpython: [3, 6] },
  'scikit-learn 0.20': { last: '0.19.2', cpython: [4, 7] },
  'scikit-learn 0.22': { last: '0.21.3', cpython: [5, 7] },
  'scikit-learn 0.23': { last: '0.22.2.post1', cpython: [5, 8] },
  'scikit-learn 0.24': { last: '0.23.2', cpython: [6, 8] },
  'scikit-learn 1.2': { last: '1.1.3', cpython: [8, 11] },
  'scikit-learn 1.4': { last: '1.3.2', cpython: [8, 12] },
  'tensorflow 2.0': { last: '1.15.5', cpython: [6, 7] },
  'torchtext 0.12': { last: '0.11.2', cpython: [6, 10] },
  'torchtext 0.9': { last: '0.8.1', cpython: [6, 9] }
};

/** The row of `name<below>`, or null when the table has none. */
export function boundWheels(name: string, below: string): IBoundWheels | null {
  return ROWS[`${normalizeName(name)} ${below}`] ?? null;
}

/**
 * Whether CPython `version` (`3.11.7`) is in `w`'s span: true for a pure-Python wheel or an
 * unknown version, false for a Python 2 (every span is of Python 3).
 */
export function wheelsFit(w: IBoundWheels, version: string | null): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (w.cpython === null || m === null) {
    return true;
  }
  const minor = Number(m[2]);
  return m[1] === '3' && minor >= w.cpython[0] && minor <= w.cpython[1];
}
