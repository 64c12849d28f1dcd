/**
 * Names a release removed (`np.float`, `tf.placeholder`, `time.clock`): `env-drift` (or
 * `python-version`) where the target's version lacks them, silence where it does not or the
 * code never meets them top-down, and the export's requirements held below that release.
 */
import type { IFinding } from '../../../types';
import { pillarFindings, type IInterpreterInfo, type IPillarContext } from '..';
import { ranNotebook } from '../../__tests__/build';
import { checkWorded } from '../../__tests__/worded';
import { ABSENT, installed, NO_FILES, STANDARD } from './ports';
import { pinEnvironment, requirementsText } from '../../../export/environment';
import {
  REMOVED_APIS,
  removedApi,
  removedIn,
  versionBounds
} from '../removedApis';
import { scanCells } from '../pillarFindings';
import { scanNotebook } from '../scanNotebook';

const nb = ranNotebook;

function target(
  versions: Record<string, string>,
  python = '3.11.7'
): IInterpreterInfo {
  const dist: Record<string, string> = {
    sklearn: 'scikit-learn',
    tensorflow: 'tensorflow-cpu'
  };
  const modules: IInterpreterInfo['modules'] = {
    time: STANDARD,
    collections: STANDARD,
    ...Object.fromEntries(
      Object.entries(versions).map(([m, v]) => [m, installed(dist[m] ?? m, v)])
    )
  };
  return { version: python, executable: '/usr/bin/python3', modules };
}

const MODERN = target({
  numpy: '2.0.0',
  pandas: '2.2.0',
  tensorflow: '2.16.1',
  matplotlib: '3.9.0'
});

function removed(
  cells: readonly string[],
  ctx: IPillarContext = { interpreter: MODERN, deliberate: true }
): IFinding[] {
  const out = pillarFindings(nb(cells), ctx);
  checkWorded(out);
  return out.filter(
    f => f.text?.id === 'env-removed' || f.text?.id === 'python-removed'
  );
}

describe('removed names: findings', () => {
  it('fires once per package, at the first use Restart & Run All meets, naming the others', () => {
    const f = removed([
      'import numpy as np\nimport tensorflow as tf',
      'x = np.zeros(3).astype(np.float)\ny = np.NaN',
      'n = np.int(3)',
      'a = tf.placeholder(tf.float32)\nsess = tf.Session()'
    ]);
    expect(f.map(x => [x.kind, x.cell?.index, x.names[0], x.severity])).toEqual(
      [
        ['env-drift', 1, 'numpy', 'warning'],
        ['env-drift', 3, 'tensorflow-cpu', 'warning']
      ]
    );
    expect(f[0].message).toContain(
      '`np.float` (line 1; also `np.NaN` and `np.int`)'
    );
    expect(f[0].message).toContain('`numpy` 1.24');
    expect(f[0].message).toContain('`numpy<1.24`');
    expect(f[1].message).toContain(
      '`tf.placeholder` (line 1; also `tf.Session`)'
    );
  });

  it('follows imports: `from … import`, a removed module, and module aliases', () => {
    const f = removed([
      'from numpy import asscalar',
      'import tensorflow.contrib.layers as layers'
    ]);
    expect(f.map(x => [x.cell?.index, x.names[0]])).toEqual([
      [0, 'numpy'],
      [1, 'tensorflow-cpu']
    ]);
  });

  it("compares with the target's version, and knows names that came back", () => {
    const code = ['import numpy as np', 'b = np.bool(1)\nf = np.float(1)'];
    const at = (v: string): string[] =>
      removed(code, {
        interpreter: target({ numpy: v }),
        deliberate: true
      }).map(x => x.message.split(' is gone')[0]);
    expect(at('1.23.5')).toEqual([]);
    // 1.24–1.26 lack both; 2.0 brought `np.bool` back.
    expect(at('1.26.4')).toEqual(['`np.bool` (line 1; also `np.float`)']);
    expect(at('2.0.0')).toEqual(['`np.float` (line 2)']);
    expect(at('not-a-version')).toEqual([]);
  });

  it('is silent on code Restart & Run All does not meet, guarded code, rebound aliases and v1 shims', () => {
    expect(
      removed([
        'import numpy as np\nimport tensorflow.compat.v1 as tf',
        'def unused():\n    return np.float(1)',
        'if False:\n    x = np.float',
        'import sys\nif sys.version_info < (3,):\n    x = np.float',
        'try:\n    y = np.asscalar(a)\nexcept Exception:\n    y = a.item()',
        'p = tf.placeholder(tf.float32)'
      ])
    ).toEqual([]);
    expect(
      removed([
        'import tensorflow as tf\ntf = tf.compat.v1',
        'p = tf.placeholder(tf.float32)'
      ])
    ).toEqual([]);
    expect(
      removed([
        'try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf',
        'p = tf.placeholder(tf.float32)'
      ])
    ).toEqual([]);
  });

  it('fires in a function body where the notebook calls it', () => {
    const f = removed([
      'import numpy as np',
      'def f(x):\n    return x.astype(np.float)',
      'y = f(np.zeros(2))'
    ]);
    expect(f.map(x => x.cell?.index)).toEqual([2]);
  });

  it('leaves a package the target lacks to module-missing, and an unread version alone', () => {
    const info = target({});
    const ctx = {
      interpreter: {
        ...info,
        modules: {
          ...info.modules,
          numpy: ABSENT
        }
      },
      deliberate: true
    };
    expect(removed(['import numpy as np', 'x = np.float(1)'], ctx)).toEqual([]);
    expect(removed(['import numpy as np', 'x = np.float(1)'], {})).toEqual([]);
  });

  it('keywords, style names and attributes of any object need their own shape', () => {
    const f = removed([
      'import pandas as pd\nimport matplotlib.pyplot as plt',
      'df = pd.read_csv("a.csv", error_bad_lines=False)',
      'ok = pd.read_csv("a.csv")',
      'plt.style.use("seaborn-v0_8-whitegrid")',
      'plt.style.use("seaborn-whitegrid")'
    ]);
    expect(f.map(x => [x.cell?.index, x.names[0]])).toEqual([
      [1, 'pandas'],
      [4, 'matplotlib']
    ]);
    expect(f[0].message).toContain('`pd.read_csv(error_bad_lines=…)`');
    expect(f[1].message).toContain("`plt.style.use('seaborn-whitegrid')`");
    // `.ix` is pandas' only where the notebook imports pandas.
    expect(removed(['rows = table.ix[0]'])).toEqual([]);
    expect(
      removed(['import pandas as pd', 'rows = pd.DataFrame().ix[0]']).map(
        x => x.message.split(' is gone')[0]
      )
    ).toEqual(['`.ix` (line 1)']);
  });

  it('a class can go before its module: the most specific name decides', () => {
    const code = [
      'from keras.layers.normalization import BatchNormalization',
      'from keras.layers.core import Dense'
    ];
    const at = (v: string): string[] =>
      removed(code, {
        interpreter: target({ keras: v }),
        deliberate: true
      }).map(x => x.message.split(' is gone')[0]);
    expect(at('2.4.3')).toEqual([]);
    // 2.6 emptied `keras.layers.normalization`; 2.13.1 moved every module to `keras/src`.
    expect(at('2.6.0')).toEqual([
      '`keras.layers.normalization.BatchNormalization` (line 1)'
    ]);
    expect(at('3.0.0')).toEqual([
      '`keras.layers.normalization` (line 1; also `keras.layers.core`)'
    ]);
  });

  it("gensim 4's renamed keywords, on every spelling of the model", () => {
    const f = removed(
      [
        'import gensim\nfrom gensim.models import Word2Vec',
        'ok = Word2Vec(sentences, vector_size=100, epochs=5)',
        'm = gensim.models.word2vec.Word2Vec(sentences, size=100, iter=5)'
      ],
      { interpreter: target({ gensim: '4.3.2' }), deliberate: true }
    );
    expect(f.map(x => [x.cell?.index, x.message.split(' is gone')[0]])).toEqual(
      [[2, '`gensim.models.word2vec.Word2Vec(size=…)` (line 1)']]
    );
  });

  it('DataFrame methods pandas 2 removed, on names bound to a DataFrame only', () => {
    const f = removed([
      'import pandas as pd',
      'rows = []\nrows.append(1)',
      'df = pd.read_csv("a.csv")\nclean = df.dropna()',
      'other = pd.DataFrame({"a": [1]})\nlater = [1]\nlater.append(2)',
      'for k, v in clean.iteritems():\n    print(k)',
      'df = df.append(other, ignore_index=True)'
    ]);
    expect(f.map(x => [x.cell?.index, x.message.split(' is gone')[0]])).toEqual(
      [[4, '`clean.iteritems` (line 1; also `df.append`)']]
    );
    // A name bound to something else since, or only perhaps a DataFrame, is not guessed at.
    expect(
      removed([
        'import pandas as pd\nimport sys',
        'df = pd.read_csv("a.csv")\ndf = list(df)\ndf.append(1)',
        'if sys.argv:\n    t = pd.DataFrame()\nelse:\n    t = []',
        't.append(1)',
        'def f():\n    loc = pd.DataFrame()\n    return loc.append(loc)'
      ])
    ).toEqual([]);
  });

  it('arguments pandas 2 made keyword-only: passed positionally, on a DataFrame or to pd.concat', () => {
    const at = (v: string, cells: string[]): string[] =>
      removed(['import pandas as pd\nimport numpy as np', ...cells], {
        interpreter: target({ pandas: v, numpy: '1.26.4' }),
        deliberate: true
      }).map(x => x.message.split(' is gone')[0]);
    const code = [
      'df = pd.read_csv("a.csv")\nok = df.drop("a", axis=1).dropna().any(axis=1)',
      'arr = np.zeros(3)\nflags = arr.any(0)\nrows = [1]\nrows.sort_index = 1',
      'both = pd.concat([df, df], axis=1)\ncols = ["a"]\nx = df.drop(*cols)',
      'X = df.drop("target", 1)',
      'wide = pd.concat([df, df], 1)'
    ];
    expect(at('1.5.3', code)).toEqual([]);
    expect(at('2.0.0', code)).toEqual([
      '`df.drop("target", 1)` (line 1; also `pd.concat([df, df], 1)`)'
    ]);
    // Only the positional form: keywords, numpy's `any(0)`, a starred call are not judged.
    expect(at('3.1.2', code.slice(0, 3))).toEqual([]);
  });

  it("linear models' normalize= (1.2, the LARS family 1.4) and matplotlib's grid(b=) (3.7)", () => {
    const code = [
      'from sklearn.linear_model import LinearRegression, LassoLarsCV\nimport sklearn.linear_model as lm\nimport matplotlib.pyplot as plt',
      'ok = LinearRegression()\nplt.grid(visible=True)',
      'm = LinearRegression(normalize=True)\nl = LassoLarsCV(normalize=False)\nr = lm.RidgeCV(alphas=[1], normalize=True)',
      'fig, ax = plt.subplots()\nax.grid(b=True, which="major")'
    ];
    const at = (sk: string, mpl: string): string[] =>
      removed(code, {
        interpreter: target({ sklearn: sk, matplotlib: mpl }),
        deliberate: true
      }).map(x => x.message.split(' is gone')[0]);
    expect(at('1.1.3', '3.6.3')).toEqual([]);
    expect(at('1.2.0', '3.7.5')).toEqual([
      '`LinearRegression(normalize=…)` (line 1; also `lm.RidgeCV(normalize=…)`)',
      '`.grid(b=…)` (line 2)'
    ]);
    expect(at('1.4.0', '3.11.2')[0]).toContain('`LassoLarsCV(normalize=…)`');
  });

  it("names the standard library's removals against the target Python", () => {
    const code = [
      'import time, collections',
      't = time.clock()\nok = isinstance({}, collections.Mapping)'
    ];
    const f = removed(code);
    expect(f.map(x => [x.kind, x.severity])).toEqual([
      ['python-version', 'warning']
    ]);
    expect(f[0].message).toContain(
      '`time.clock` (line 1; also `collections.Mapping`) was removed in Python 3.8'
    );
    expect(
      removed(code, { interpreter: target({}, '3.7.9'), deliberate: true }).map(
        x => x.message.split(' was removed')[0]
      )
    ).toEqual([]);
  });

  it('a standard module Python removed is named where the target cannot import it, instead of module-missing', () => {
    const at = (python: string, distutilsFound: boolean) => {
      const info = target({}, python);
      const out = pillarFindings(
        nb(['import imp\nimport distutils.version', 'imp.reload(distutils)']),
        {
          interpreter: {
            ...info,
            modules: {
              ...info.modules,
              imp: python.startsWith('3.11') ? STANDARD : ABSENT,
              // setuptools puts a `distutils` back.
              distutils: distutilsFound
                ? installed('setuptools', '75.0')
                : ABSENT
            }
          },
          deliberate: true,
          files: NO_FILES
        }
      );
      checkWorded(out);
      return out.map(f => [f.kind, f.message.split(' was removed')[0]]);
    };
    expect(at('3.12.4', false)).toEqual([
      ['python-version', '`imp` (line 1; also `distutils.version`)']
    ]);
    expect(at('3.12.4', true)).toEqual([['python-version', '`imp` (line 1)']]);
    expect(at('3.11.7', true)).toEqual([]);
  });

  it("is info with the CLI's default interpreter, with the hint to pass --python", () => {
    const f = removed(['import numpy as np', 'x = np.float(1)'], {
      interpreter: MODERN,
      deliberate: false
    });
    expect(f.map(x => x.severity)).toEqual(['info']);
    expect(f[0].message).toContain('--python');
  });
});

describe('removed names: the table', () => {
  it('every entry is well formed: a release, a replacement, its module first', () => {
    expect(REMOVED_APIS.length).toBeGreaterThan(150);
    for (const e of REMOVED_APIS) {
      expect([e.api, /^\d+(\.\d+)+$/.test(e.removedIn)]).toEqual([e.api, true]);
      expect(e.use.trim()).not.toBe('');
      if (e.restoredIn !== undefined) {
        expect([e.api, removedIn(e, e.restoredIn)]).toEqual([e.api, false]);
      }
      const top = e.api.split('.')[0];
      if (e.module !== 'python' && !e.api.startsWith('.')) {
        expect([e.api, top]).toEqual([e.api, e.module]);
      }
    }
  });

  it("matplotlib's `hist(normed=)` on any receiver, seaborn's removed plots", () => {
    const f = removed(
      [
        'import matplotlib.pyplot as plt\nimport seaborn as sns',
        'ok = plt.hist(x, density=True)',
        'n = plt.hist(x, normed=True)\nax.hist(y, normed=1)',
        'sns.factorplot(x="a", data=d)\nsns.distplot(d.a)'
      ],
      {
        interpreter: target({ matplotlib: '3.2.0', seaborn: '0.13.2' }),
        deliberate: true
      }
    );
    expect(f.map(x => [x.cell?.index, x.message.split(' is gone')[0]])).toEqual(
      [
        [2, '`.hist(normed=…)` (line 1)'],
        [3, '`sns.factorplot` (line 1)']
      ]
    );
  });

  it('matches a name and the names under it, never a longer name', () => {
    expect(removedApi('numpy.float')?.removedIn).toBe('1.24');
    expect(removedApi('numpy.float64')).toBeNull();
    expect(removedApi('numpy.float_')?.removedIn).toBe('2.0');
    expect(removedApi('tensorflow.contrib.layers.flatten')?.api).toBe(
      'tensorflow.contrib'
    );
    expect(removedApi('tensorflow.compat.v1.placeholder')).toBeNull();
  });

  it('compares release numbers, not strings', () => {
    const e = removedApi('numpy.float');
    expect(e).not.toBeNull();
    if (e !== null) {
      expect(removedIn(e, '1.9.0')).toBe(false);
      expect(removedIn(e, '1.24.0rc1')).toBe(true);
      expect(removedIn(e, '1.100')).toBe(true);
      expect(removedIn(e, '2')).toBe(true);
    }
  });
});

describe('removed names: the export holds packages below the release', () => {
  const scanOf = (cells: readonly string[]) =>
    scanNotebook(scanCells(nb(cells)));
  const bounds = (cells: readonly string[]) => {
    const s = scanOf(cells);
    return versionBounds(s.removed, new Set(s.imports.map(i => i.module)));
  };

  it('bounds each package by its lowest removal; Python and restored names set none', () => {
    const b = bounds([
      'import numpy as np\nimport time',
      'x = np.NaN\ny = np.float(1)\nz = np.bool(1)\nt = time.clock()'
    ]);
    expect([...b]).toEqual([['numpy', { below: '1.24', written: 'np.float' }]]);
  });

  it('replaces a pin the code cannot run on, names an uninstalled package with its bound', () => {
    const b = bounds([
      'import numpy as np\nimport tensorflow as tf\nimport pandas as pd',
      'x = np.float(1)\np = tf.placeholder(tf.float32)\nd = pd.DataFrame()'
    ]);
    const probe = {
      version: '3.11.7',
      modules: {
        numpy: installed('numpy', '2.0.0'),
        pandas: installed('pandas', '2.2.0'),
        tensorflow: ABSENT,
        yaml: installed('PyYAML', '6.0.1')
      }
    };
    const env = pinEnvironment(['numpy', 'pandas', 'tensorflow'], {
      notebookPython: '3.7.3',
      env: null,
      probe,
      bounds: b
    });
    expect(env.pins.map(p => `${p.name}==${p.version}`)).toEqual([
      'pandas==2.2.0',
      'PyYAML==6.0.1'
    ]);
    expect(env.bounded.map(p => [p.name, p.below, p.had])).toEqual([
      ['numpy', '1.24', '2.0.0'],
      ['tensorflow', '2.0', null]
    ]);
    expect(env.unpinned).toEqual([]);
    const text = requirementsText('nb.ipynb', env, []);
    expect(text).toContain(
      "# The script uses np.float, which numpy 2.0.0 (the target's) lacks: below 1.24.\nnumpy<1.24\n"
    );
    expect(text).toContain('tensorflow<2.0\n');
    expect(text).not.toContain('numpy==');
    // No wheel of TensorFlow 1 for the target's Python; the notebook's (the Dockerfile's) has one.
    expect(text).toContain(
      "# tensorflow 1.15.5, its newest release below 2.0, has wheels for CPython 3.6 to 3.7 only, not for the target's Python 3.11.7: pip finds no such tensorflow there. The notebook's Python 3.7.3 (the Dockerfile's) has them.\n"
    );
    // numpy 1.23.5 has wheels for 3.11: nothing to say.
    expect(text).not.toContain('numpy 1.23.5');
    // A target whose version still has the name keeps its exact pin.
    const old = pinEnvironment(['numpy'], {
      notebookPython: null,
      env: null,
      probe: { ...probe, modules: { numpy: installed('numpy', '1.23.5') } },
      bounds: b
    });
    expect(old.pins).toEqual([{ name: 'numpy', version: '1.23.5' }]);
    expect(old.bounded).toEqual([]);
  });

  it("the live kernel's pins: one the code cannot run on gives way to the bound, never both", () => {
    const b = bounds([
      'import numpy as np\nimport pandas as pd',
      'x = np.float(1)'
    ]);
    const kernelEnv = (numpy: string) =>
      pinEnvironment(['numpy', 'pandas'], {
        notebookPython: null,
        env: {
          python: '3.11.7',
          os: null,
          packages: [`numpy==${numpy}`, 'pandas==2.2.0']
        },
        probe: null,
        bounds: b
      });
    const spec = (e: ReturnType<typeof kernelEnv>) => [
      ...e.pins.map(p => `${p.name}==${p.version}`),
      ...e.bounded.map(p => `${p.name}<${p.below}`)
    ];
    expect(spec(kernelEnv('2.1.0'))).toEqual(['pandas==2.2.0', 'numpy<1.24']);
    expect(spec(kernelEnv('1.23.5'))).toEqual([
      'numpy==1.23.5',
      'pandas==2.2.0'
    ]);
  });
});
