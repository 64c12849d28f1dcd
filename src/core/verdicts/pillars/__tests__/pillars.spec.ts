/**
 * The eight verdicts of the other pillars, each with notebooks that must make it fire and
 * notebooks that must not (precision first: dead code, uncalled functions, guarded reads).
 * Files are an in-memory port here; the CLI tests use real files, git and interpreters.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { IFinding, INotebookSnapshot, VerdictId } from '../../../types';
import {
  parseProbeOutput,
  pillarFindings,
  PROBE_SCRIPT,
  resolveDataPaths,
  type IFilePort,
  type IInterpreterInfo,
  type IPillarContext
} from '..';
import { checkWorded } from '../../__tests__/worded';

function nb(
  cells: readonly string[],
  meta: Partial<INotebookSnapshot> = {}
): INotebookSnapshot {
  return {
    nbformat: [4, 5],
    language: 'python',
    kernelName: 'python3',
    cells: cells.map((source, i) => ({
      id: `c${i}`,
      type: 'code',
      source,
      executionCount: i + 1,
      outputs: [],
      tags: []
    })),
    ...meta
  };
}

/** Files that exist (with content), and which are pinned. */
function files(
  present: Record<string, string>,
  pinned: readonly string[] = []
): IFilePort {
  const dirs = new Set<string>();
  for (const p of Object.keys(present)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      dirs.add(parts.slice(0, i).join('/'));
    }
  }
  return {
    kind: p => (p in present ? 'file' : dirs.has(p) ? 'dir' : null),
    globCount: pattern => {
      const re = new RegExp(
        `^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`
      );
      return Object.keys(present).filter(p => re.test(p)).length;
    },
    md5: p => (p in present ? `md5-of-${present[p]}` : null),
    pinned: p => pinned.includes(p)
  };
}

const PY311: IInterpreterInfo = {
  version: '3.11.7',
  executable: '/usr/bin/python3',
  modules: {
    os: { stdlib: true, found: true, distribution: null, version: null },
    pandas: {
      stdlib: false,
      found: true,
      distribution: 'pandas',
      version: '2.2.0'
    },
    numpy: {
      stdlib: false,
      found: true,
      distribution: 'numpy',
      version: '2.0.0'
    },
    sklearn: {
      stdlib: false,
      found: true,
      distribution: 'scikit-learn',
      version: '1.5.0'
    },
    missingmod: {
      stdlib: false,
      found: false,
      distribution: null,
      version: null
    },
    helpers: { stdlib: false, found: false, distribution: null, version: null },
    urllib2: { stdlib: false, found: false, distribution: null, version: null }
  }
};

function kinds(
  cells: readonly string[],
  ctx: IPillarContext = {},
  meta: Partial<INotebookSnapshot> = {}
): IFinding[] {
  const out = pillarFindings(nb(cells, meta), ctx);
  checkWorded(out);
  return out;
}

function only(fs: IFinding[], kind: VerdictId): IFinding[] {
  return fs.filter(f => f.kind === kind);
}

describe('data-missing', () => {
  const ctx = { files: files({ 'data/train.csv': 'a' }) };
  it('fires for a literal path, a name bound above, a join, a Path and an f-string', () => {
    const f = only(
      kinds(
        [
          'import pandas as pd\nimport os\nfrom pathlib import Path',
          'pd.read_csv("data/test.csv")',
          'fn = "data/x.xlsx"\npd.read_excel(fn)',
          'DATA = "data"\ndf = pd.read_csv(os.path.join(DATA, "y.csv"))',
          'p = Path(DATA) / "z.csv"\np.read_text()',
          'name = "w"\npd.read_csv(f"{DATA}/{name}.csv")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f.map(x => x.names[0])).toEqual([
      'data/test.csv',
      'data/x.xlsx',
      'data/y.csv',
      'data/z.csv',
      'data/w.csv'
    ]);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toContain('`data/test.csv`');
    expect(f[0].message).toContain('pandas.read_csv');
  });

  it('follows a literal %cd and os.chdir', () => {
    const f = only(
      kinds(
        [
          'import pandas as pd',
          '%cd data',
          'pd.read_csv("train.csv")\npd.read_csv("nope.csv")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f.map(x => x.names[0])).toEqual(['data/nope.csv']);
    const g = only(
      kinds(
        ['import os, pandas as pd\nos.chdir("data")\npd.read_csv("train.csv")'],
        ctx
      ),
      'data-missing'
    );
    expect(g).toEqual([]);
  });

  it('fires for a glob that matches nothing, not for one that matches', () => {
    const f = only(
      kinds(
        [
          'import glob\na = glob.glob("data/*.csv")\nb = glob.glob("raw/*.json")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f.map(x => x.names[0])).toEqual(['raw/*.json']);
  });

  it('is silent on dead code, uncalled functions, guarded reads and files the notebook makes', () => {
    const f = only(
      kinds(
        [
          'import pandas as pd\nimport os',
          'if False:\n    pd.read_csv("a.csv")',
          'def load():\n    return pd.read_csv("b.csv")',
          'if os.path.exists("c.csv"):\n    pd.read_csv("c.csv")',
          'try:\n    pd.read_csv("d.csv")\nexcept FileNotFoundError:\n    pass',
          'pd.DataFrame().to_csv("e.csv")\npd.read_csv("e.csv")',
          'USE_CACHE = False\nif USE_CACHE:\n    pd.read_csv("f.csv")',
          'x = compute()\npd.read_csv(x)',
          'pd.read_csv("data/train.csv")',
          'import sys\nif "google.colab" in sys.modules:\n    pd.read_csv("/content/g.csv")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f).toEqual([]);
  });

  it('fires inside a function where the notebook calls it, at the call', () => {
    const f = only(
      kinds(
        [
          'import pandas as pd\ndef load(p):\n    return pd.read_csv(p)',
          'df = load("data/missing.csv")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f.map(x => [x.names[0], x.cell?.index])).toEqual([
      ['data/missing.csv', 1]
    ]);
  });

  it('is silent after a download or an unzip that may create the file', () => {
    const f = only(
      kinds(
        [
          '!unzip archive.zip',
          'import pandas as pd\npd.read_csv("inside.csv")'
        ],
        ctx
      ),
      'data-missing'
    );
    expect(f).toEqual([]);
  });

  it('joins as Python does: `os.path.join(d, "")` ends in a separator, `Path(d, "")` does not', () => {
    const names = (read: string, present: Record<string, string> = {}) =>
      only(
        kinds(
          [
            'import os, pandas as pd\nfrom pathlib import Path',
            'datapath = os.path.join("data", "lifesat", "")\np = Path("data", "")',
            `pd.read_csv(${read})`
          ],
          { files: files(present) }
        ),
        'data-missing'
      ).map(x => x.names[0]);
    expect(names('datapath + "gdp.csv"')).toEqual(['data/lifesat/gdp.csv']);
    expect(
      names('datapath + "gdp.csv"', { 'data/lifesat/gdp.csv': 'a' })
    ).toEqual([]);
    expect(names('f"{p}x.csv"')).toEqual(['datax.csv']);
    expect(names('Path("data", "", ".") / "y.csv"')).toEqual(['data/y.csv']);
    expect(names('os.path.join("a", "/abs", "", "z.csv")')).toEqual([
      '/abs/z.csv'
    ]);
  });

  it('is silent after a download into a path it cannot resolve, not after one it can', () => {
    const missing = (dest: string) =>
      only(
        kinds(
          [
            'import os, urllib.request, pandas as pd',
            'd = os.path.join("data", "")',
            `for name in ("a.csv", "b.csv"):\n    urllib.request.urlretrieve("https://example.org/" + name, ${dest})`,
            'pd.read_csv(d + "a.csv")'
          ],
          ctx
        ),
        'data-missing'
      ).map(x => x.names[0]);
    expect(missing('d + name')).toEqual([]);
    expect(missing('"data/other.csv"')).toEqual(['data/a.csv']);
    expect(missing('d + "a.csv"')).toEqual([]);
  });
});

describe('data-changed and data-unpinned', () => {
  const cells = ['import pandas as pd\ndf = pd.read_csv("data/train.csv")'];
  it('data-changed fires when the md5 the run saw differs from the file now', () => {
    const observed = {
      data: { 'data/train.csv': { md5: 'md5-of-old', size: 3 } },
      packages: {}
    };
    const f = only(
      kinds(cells, { files: files({ 'data/train.csv': 'new' }), observed }),
      'data-changed'
    );
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('`data/train.csv` changed');
    const same = only(
      kinds(cells, {
        files: files({ 'data/train.csv': 'old' }),
        observed
      }),
      'data-changed'
    );
    expect(same).toEqual([]);
  });

  it('data-unpinned fires for an unpinned file, not a pinned one', () => {
    const un = only(
      kinds(cells, { files: files({ 'data/train.csv': 'a' }) }),
      'data-unpinned'
    );
    expect(un).toHaveLength(1);
    expect(un[0].severity).toBe('info');
    expect(un[0].message).toContain('dvc add data/train.csv');
    expect(
      only(
        kinds(cells, {
          files: files({ 'data/train.csv': 'a' }, ['data/train.csv'])
        }),
        'data-unpinned'
      )
    ).toEqual([]);
  });
});

describe('network-read', () => {
  it('fires for URLs given to readers (also through a name), downloaders and !wget', () => {
    const f = only(
      kinds([
        'import pandas as pd\nfrom sklearn.datasets import fetch_openml\nimport urllib.request',
        'URL = "https://example.org/d.csv"\ndf = pd.read_csv(URL)',
        'X = fetch_openml("mnist_784")',
        '!wget -q http://example.org/a.zip',
        'urllib.request.urlretrieve("https://example.org/b.csv", "b.csv")',
        'import torchvision\nds = torchvision.datasets.MNIST("d", download=True)'
      ]),
      'network-read'
    );
    expect(f.map(x => x.cell?.index)).toEqual([1, 2, 3, 4, 5]);
    expect(f[0].names).toEqual(['https://example.org/d.csv']);
  });

  it('is silent on local reads, dead code and uncalled functions', () => {
    const f = only(
      kinds([
        'import pandas as pd\nimport requests',
        'pd.read_csv("local.csv")',
        'def refresh():\n    return requests.get("https://example.org")',
        'if False:\n    !wget http://example.org/x',
        'torchvision_ds = MNIST("d", download=False)'
      ]),
      'network-read'
    );
    expect(f).toEqual([]);
  });

  it('fires for models the Hugging Face Hub serves by name, unless pinned or a folder here', () => {
    const hub = (cells: string[], present: Record<string, string> = {}) =>
      only(kinds(cells, { files: files(present) }), 'network-read');
    const f = hub([
      'from transformers import AutoModel, AutoTokenizer\nfrom sentence_transformers import SentenceTransformer\nfrom huggingface_hub import hf_hub_download',
      'm = AutoModel.from_pretrained("bert-base-uncased")',
      'name = "Qwen/Qwen2.5-1.5B-Instruct"\ntok = AutoTokenizer.from_pretrained(name)',
      'enc = SentenceTransformer("all-MiniLM-L6-v2")',
      'w = hf_hub_download(repo_id="org/weights", filename="w.bin")'
    ]);
    expect(f.map(x => [x.cell?.index, x.names[0]])).toEqual([
      [1, 'bert-base-uncased'],
      [2, 'Qwen/Qwen2.5-1.5B-Instruct'],
      [3, 'all-MiniLM-L6-v2'],
      [4, 'org/weights']
    ]);
    expect(f[0].message).toContain('Hugging Face Hub');
    expect(f[0].message).toContain('`transformers.AutoModel.from_pretrained`');
    expect(f[0].message).toContain('revision=');
    const silent = hub(
      [
        'import torch\nfrom transformers import AutoModel',
        `a = AutoModel.from_pretrained("bert-base-uncased", revision="${'0a'.repeat(20)}")`,
        'b = AutoModel.from_pretrained("models/bert")',
        'c = AutoModel.from_pretrained("./out")',
        'd = AutoModel.from_pretrained(checkpoint_dir)',
        'a.save_pretrained("tuned")\ne = AutoModel.from_pretrained("tuned")',
        'emb = torch.nn.Embedding.from_pretrained(weights)'
      ],
      { 'models/bert/config.json': '{}' }
    );
    expect(silent).toEqual([]);
    // `pipeline(task)` fetches the task's default model; `model=` names one.
    expect(
      hub(
        [
          'from transformers import pipeline',
          'clf = pipeline("sentiment-analysis")',
          'gen = pipeline("text-generation", model="gpt2")',
          'tuned = pipeline("text-generation", model="models/bert")'
        ],
        { 'models/bert/config.json': '{}' }
      ).map(x => [x.cell?.index, x.names[0]])
    ).toEqual([
      [1, 'pipeline("sentiment-analysis")'],
      [2, 'gpt2']
    ]);
    // After a `chdir` to an unknown folder the name is still the hub's.
    expect(
      hub([
        'import os\nfrom transformers import AutoModel\nos.chdir(os.getcwd())',
        'm = AutoModel.from_pretrained("bert-base-uncased")'
      ]).map(x => x.message.slice(0, 60))
    ).toEqual(['Downloads `bert-base-uncased` from the Hugging Face Hub (`tr']);
    // Without a file port the name may be a folder: no finding.
    expect(
      only(
        kinds([
          'from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased")'
        ]),
        'network-read'
      )
    ).toEqual([]);
  });
});

describe('unseeded-random', () => {
  it('fires for legacy numpy, random, default_rng() and sklearn without random_state', () => {
    const f = only(
      kinds([
        'import numpy as np\nimport random\nfrom sklearn.model_selection import train_test_split, KFold\nfrom sklearn.ensemble import RandomForestClassifier',
        'a = np.random.rand(3)',
        'b = random.choice([1, 2])',
        'rng = np.random.default_rng()',
        'X_tr, X_te = train_test_split(X)',
        'cv = KFold(5, shuffle=True)',
        'm = RandomForestClassifier(n_estimators=10)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => x.cell?.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f[3].message).toContain('random_state=0');
    expect(f[0].message).toContain('np.random.seed(0)');
  });

  it('fires for imbalanced-learn samplers and sklearn topic models without random_state', () => {
    const f = only(
      kinds([
        'from imblearn.over_sampling import SMOTE\nfrom sklearn.decomposition import LatentDirichletAllocation',
        'X2, y2 = SMOTE().fit_resample(X, y)',
        'lda = LatentDirichletAllocation(n_components=5)',
        'X3, y3 = SMOTE(random_state=0).fit_resample(X, y)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => x.cell?.index)).toEqual([1, 2]);
    expect(f[0].message).toContain('random_state=0');
  });

  it("fires for a DataFrame's sample() without random_state, not a list's or a seeded one", () => {
    const f = only(
      kinds([
        'import pandas as pd\nimport random',
        'df = pd.read_csv("a.csv")\nrows = df.sample(5)',
        'ok = df.sample(frac=0.5, random_state=1)\npicked = random.sample(range(9), 2)',
        'shuffled = df.sample(frac=1)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => [x.cell?.index, x.names])).toEqual([
      [1, ['df.sample']],
      [2, ['random.sample']],
      [3, ['df.sample']]
    ]);
    expect(f[0].message).toContain('random_state');
    expect(
      only(
        kinds([
          'import pandas as pd\nimport numpy as np\nnp.random.seed(0)',
          'df = pd.DataFrame({"a": [1, 2]})\nrows = df.sample(1)'
        ]),
        'unseeded-random'
      )
    ).toEqual([]);
  });

  it("fires for UMAP without random_state, even under numpy's seed", () => {
    const f = only(
      kinds([
        'import numpy as np\nimport umap\nnp.random.seed(0)',
        'emb = umap.UMAP(n_neighbors=5).fit_transform(X)',
        'same = umap.UMAP(random_state=0).fit_transform(X)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => [x.cell?.index, x.names])).toEqual([[1, ['umap.UMAP']]]);
    expect(f[0].message).toContain('umap.UMAP(random_state=0)');
    // Not "no seed set above": numpy's is.
    expect(f[0].message).toContain('whatever seed is set above');
  });

  it("fires for gensim's models trained on several threads (the default), not on one", () => {
    const f = only(
      kinds([
        'from gensim.models import Word2Vec, FastText',
        'w2v = Word2Vec(sentences, vector_size=50)',
        'one = Word2Vec(sentences, workers=1, seed=1)',
        'ft = FastText(sentences, workers=4)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => x.cell?.index)).toEqual([1, 3]);
    expect(f[0].message).toContain('workers=1');
    expect(f[0].message).toContain('runs on several threads');
  });

  it('fires for decision trees without random_state: tied splits go either way', () => {
    const f = only(
      kinds([
        'from sklearn.tree import DecisionTreeClassifier, ExtraTreeRegressor',
        'tree = DecisionTreeClassifier(max_depth=3).fit(X, y)',
        'reg = ExtraTreeRegressor()',
        'fixed = DecisionTreeClassifier(random_state=0)'
      ]),
      'unseeded-random'
    );
    expect(f.map(x => x.cell?.index)).toEqual([1, 2]);
  });

  it('is silent when seeded above, with random_state, or for deterministic calls', () => {
    const f = only(
      kinds([
        'import numpy as np\nimport random\nfrom sklearn.model_selection import train_test_split, KFold\nfrom sklearn.linear_model import LinearRegression',
        'np.random.seed(42)\nrandom.seed(1)',
        'a = np.random.rand(3)\nb = random.random()',
        'X_tr, X_te = train_test_split(X)',
        'rng = np.random.default_rng(0)\nc = rng.normal()',
        'cv = KFold(5)\nm = LinearRegression()',
        'def later():\n    return np.random.rand()'
      ]),
      'unseeded-random'
    );
    expect(f).toEqual([]);
    // A seed set below the draw does not count.
    const g = only(
      kinds(['import numpy as np\na = np.random.rand()', 'np.random.seed(0)']),
      'unseeded-random'
    );
    expect(g).toHaveLength(1);
    // An explicit `random_state=None` is unseeded even under a global seed.
    const h = only(
      kinds([
        'import numpy as np\nfrom sklearn.utils import shuffle\nnp.random.seed(0)\nshuffle(X, random_state=None)'
      ]),
      'unseeded-random'
    );
    expect(h).toHaveLength(1);
  });

  it("fires for TensorFlow 1's random ops and Keras 3's, unless seeded", () => {
    const draws = (cells: string[]) =>
      only(kinds(cells), 'unseeded-random').map(x => x.message.split('`')[1]);
    const code = [
      'import tensorflow as tf\nimport keras',
      'w = tf.Variable(tf.random_normal([3, 3]))',
      'u = tf.compat.v1.truncated_normal([2])',
      'x = keras.random.uniform(shape=(2,))'
    ];
    expect(draws(code)).toEqual([
      'tf.random_normal([3, 3])',
      'tf.compat.v1.truncated_normal([2])',
      'keras.random.uniform(shape=(2,))'
    ]);
    const fixes = only(kinds(code), 'unseeded-random').map(x => x.message);
    expect(fixes[0]).toContain('`tf.set_random_seed(0)` (TensorFlow 1)');
    expect(fixes[2]).toContain('keras.utils.set_random_seed(0)');
    expect(draws([code[0], 'tf.set_random_seed(1)', ...code.slice(1)])).toEqual(
      []
    );
    expect(draws([code[0], 'keras.utils.set_random_seed(1)', code[3]])).toEqual(
      []
    );
    expect(
      draws([
        code[0],
        'a = tf.random_uniform([1], seed=3)\ng = keras.random.SeedGenerator(1)'
      ])
    ).toEqual([]);
  });
});

describe('unseeded-random: layers and shuffling loaders', () => {
  const draws = (cells: string[]) =>
    only(kinds(cells), 'unseeded-random').map(x => x.message.split('`')[1]);
  it('fires for Keras and torch.nn layers built with no framework seed above', () => {
    expect(
      draws([
        'import tensorflow as tf\nfrom tensorflow.keras import layers\nimport torch.nn as nn\nimport keras',
        'm = tf.keras.Sequential([layers.Dense(8), layers.Flatten(), layers.BatchNormalization()])',
        'x = keras.layers.core.Dropout(0.5)\ny = layers.MaxPooling2D()',
        'net = nn.Linear(4, 2)\nact = nn.ReLU()'
      ])
    ).toEqual([
      'layers.Dense(8)',
      'keras.layers.core.Dropout(0.5)',
      'nn.Linear(4, 2)'
    ]);
    const fixes = only(
      kinds([
        'from keras import layers\nimport torch\nd = layers.Dense(1)\nl = torch.nn.LSTM(2, 2)'
      ]),
      'unseeded-random'
    ).map(x => x.message);
    expect(fixes[0]).toContain('`keras.utils.set_random_seed(0)`');
    expect(fixes[0]).toContain('`torch.manual_seed(0)`');
  });

  it('fires for loaders that shuffle with no seed: Keras folder datasets, torch random_split', () => {
    expect(
      draws([
        'import keras\nimport tensorflow as tf\nfrom torch.utils.data import random_split',
        'train = keras.utils.text_dataset_from_directory("train", batch_size=32)',
        'val = tf.keras.utils.image_dataset_from_directory("val", shuffle=False)',
        'test = keras.utils.image_dataset_from_directory("test", seed=1337)',
        'a, b = random_split(ds, [8, 2])'
      ])
    ).toEqual([
      'keras.utils.text_dataset_from_directory("train", batch_size=32)',
      'random_split(ds, [8, 2])'
    ]);
    // Keras draws the missing seed from numpy's global generator.
    expect(
      draws([
        'import numpy as np\nimport keras\nnp.random.seed(0)\nt = keras.utils.text_dataset_from_directory("train")'
      ])
    ).toEqual([]);
  });

  it('is silent under the framework seed or with an own seed', () => {
    expect(
      draws([
        'import tensorflow as tf\nimport keras\nimport torch',
        'tf.random.set_seed(0)\ntorch.manual_seed(0)',
        'd = keras.layers.Dense(8)\nn = torch.nn.Conv2d(1, 1, 3)'
      ])
    ).toEqual([]);
    expect(
      draws([
        'import keras\nkeras.utils.set_random_seed(1)\nd = keras.layers.Embedding(10, 2)'
      ])
    ).toEqual([]);
    expect(
      draws(['import keras\nd = keras.layers.Dropout(0.5, seed=3)'])
    ).toEqual([]);
    // numpy's seed does not seed TensorFlow's initialisers.
    expect(
      draws([
        'import numpy as np\nimport keras\nnp.random.seed(0)\nd = keras.layers.Dense(8)'
      ])
    ).toEqual(['keras.layers.Dense(8)']);
  });
});

describe('python-version', () => {
  it('warns on another major version, informs on another minor, silent on the same', () => {
    const ctx = { interpreter: PY311 };
    const major = only(
      kinds(['x = 1'], ctx, { languageVersion: '2.7.15' }),
      'python-version'
    );
    expect(major.map(f => f.severity)).toEqual(['warning']);
    const py2kernel = only(
      kinds(['x = 1'], ctx, { languageVersion: null, kernelName: 'python2' }),
      'python-version'
    );
    expect(py2kernel.map(f => f.severity)).toEqual(['warning']);
    const minor = only(
      kinds(['x = 1'], ctx, { languageVersion: '3.8.10' }),
      'python-version'
    );
    expect(minor.map(f => f.severity)).toEqual(['info']);
    expect(
      only(
        kinds(['x = 1'], ctx, { languageVersion: '3.11.2' }),
        'python-version'
      )
    ).toEqual([]);
    expect(
      only(
        kinds(['x = 1'], {}, { languageVersion: '2.7.15' }),
        'python-version'
      )
    ).toEqual([]);
  });
});

describe('a folder os.chdir enters', () => {
  const folderFindings = (cells: string[], present: Record<string, string>) =>
    only(kinds(cells, { files: files(present) }), 'data-missing').map(f => [
      f.names[0],
      f.message.split(': Restart')[0]
    ]);

  it('is data-missing when it does not exist: Restart & Run All raises there', () => {
    const code = [
      'import os\nos.chdir(os.path.join("..", "notebook_format"))\nfrom formats import load_style',
      'os.chdir("c:/PGE383")'
    ];
    expect(folderFindings(code, {})).toEqual([
      [
        '../notebook_format',
        'The folder `../notebook_format` (entered by `os.chdir` in cell 1, line 2) does not exist'
      ],
      [
        '../notebook_format/c:/PGE383',
        'The folder `c:/PGE383` (entered by `os.chdir` in cell 2, line 1) does not exist'
      ]
    ]);
    const [relative, windows] = only(
      kinds(code, { files: files({}) }),
      'data-missing'
    );
    expect(relative.message).toContain('Add it beside the notebook');
    expect(windows.message).toContain('A folder of another machine');
    // A port that cannot tell (the lab's, for a path it did not ask about) says "a file".
    const unsure: IFilePort = { ...files({}), kind: () => 'file' };
    expect(only(kinds(code, { files: unsure }), 'data-missing')).toEqual([]);
    // In the repository it came from, the folder is there.
    expect(
      folderFindings(code.slice(0, 1), { '../notebook_format/formats.py': '' })
    ).toEqual([]);
  });

  it('is silent for a folder the notebook makes, a guarded change, `%cd` and an unknown path', () => {
    expect(
      folderFindings(
        [
          'import os\nos.makedirs("out", exist_ok=True)\nos.chdir("out")\nos.chdir("..")',
          'try:\n    os.chdir("elsewhere")\nexcept OSError:\n    pass',
          '%cd missing_folder',
          'here = os.getcwd()\nos.chdir(here)'
        ],
        {}
      )
    ).toEqual([]);
  });
});

describe('a file %run runs', () => {
  const missingOnes = (cells: string[], present: Record<string, string>) =>
    only(kinds(cells, { files: files(present) }), 'data-missing').map(f => [
      f.names[0],
      f.message.split(': Restart')[0]
    ]);

  it('is data-missing when neither it nor its `.py` exists', () => {
    expect(
      missingOnes(
        [
          '%run AdventUtils.ipynb',
          '%run -i helpers\n%run -m pkg.tool\n%run "$script"',
          '!wget https://example.org/x.py\n%run x.py'
        ],
        { 'helpers.py': '' }
      )
    ).toEqual([
      [
        'AdventUtils.ipynb',
        '`AdventUtils.ipynb` (read by `%run` in cell 1, line 1) does not exist'
      ]
    ]);
    expect(
      missingOnes(['%run AdventUtils.ipynb'], { 'AdventUtils.ipynb': '' })
    ).toEqual([]);
  });
});

describe('module-missing and env-drift', () => {
  const ctx: IPillarContext = {
    interpreter: PY311,
    deliberate: true,
    files: files({ 'helpers.py': '' })
  };
  it('module-missing fires for a module that is nowhere, at error when deliberate', () => {
    const f = only(
      kinds(
        ['import os\nimport missingmod\nimport urllib2', 'import helpers'],
        ctx
      ),
      'module-missing'
    );
    expect(f.map(x => [x.names[0], x.severity])).toEqual([
      ['missingmod', 'error'],
      ['urllib2', 'error']
    ]);
    const lax = only(
      kinds(['import missingmod'], { ...ctx, deliberate: false }),
      'module-missing'
    );
    expect(lax.map(x => x.severity)).toEqual(['info']);
    expect(lax[0].message).toContain('--python');
  });

  it('module-missing is silent for guarded, conditional, pip-installed and uncalled imports', () => {
    const f = only(
      kinds(
        [
          'try:\n    import missingmod\nexcept ImportError:\n    missingmod = None',
          'import sys\nif "google.colab" in sys.modules:\n    import missingmod',
          'def f():\n    import missingmod',
          '!pip install missingmod\nimport missingmod'
        ],
        ctx
      ),
      'module-missing'
    );
    expect(f).toEqual([]);
  });

  it('a module or file the notebook writes itself (`%%writefile`, `%%file`) is there', () => {
    const absent = PY311.modules.missingmod;
    const modules = { ...PY311.modules, mymodule: absent, lib: absent };
    const f = kinds(
      [
        '%%file mymodule.py\nmy_variable = 0',
        'import mymodule',
        '%%writefile -a "lib/__init__.py"\nX = 1',
        'import sys\nsys.path.append("lib/..")\nimport lib',
        'with open("notes.txt") as fh:\n    fh.read()',
        '%%writefile notes.txt\nhello',
        'import missingmod'
      ],
      { ...ctx, interpreter: { ...PY311, modules } }
    );
    expect(only(f, 'module-missing').map(x => x.names[0])).toEqual([
      'missingmod'
    ]);
    expect(only(f, 'data-missing')).toEqual([]);
  });

  it('judges a namespace package by its member: google.colab is missing where protobuf installed google', () => {
    const protobuf = {
      stdlib: false,
      found: true,
      distribution: 'protobuf',
      version: '4.25.1'
    };
    const absent = PY311.modules.missingmod;
    const modules = {
      ...PY311.modules,
      google: protobuf,
      'google.protobuf': protobuf,
      'google.colab': absent,
      'google.cloud.storage': absent,
      sklearn: absent
    };
    const f = only(
      kinds(
        [
          'from google.protobuf import text_format',
          'from google.colab import drive\ndrive.mount("/content/drive")',
          'from google.cloud import storage',
          'import sklearn'
        ],
        { ...ctx, deliberate: false, interpreter: { ...PY311, modules } }
      ),
      'module-missing'
    );
    expect(f.map(x => [x.names[0], x.severity])).toEqual([
      // Hosted only: missing from every other interpreter, whichever is asked.
      ['google.colab', 'error'],
      ['google.cloud.storage', 'info'],
      ['sklearn', 'info']
    ]);
    expect(f[0].message).toContain(
      '`google.colab` exists only on Google Colab'
    );
    // The distribution to install, not the import name (`pip install sklearn` fails).
    expect(f[1].message).toContain('`pip install google-cloud-storage`');
    expect(f[2].message).toContain('`pip install scikit-learn`');
    // A notebook that installs the distribution itself.
    expect(
      only(
        kinds(
          [
            '!pip install google-cloud-storage\nfrom google.cloud import storage'
          ],
          {
            ...ctx,
            interpreter: { ...PY311, modules }
          }
        ),
        'module-missing'
      )
    ).toEqual([]);
  });

  it('env-drift fires when the record saw another version than the target has', () => {
    const observed = {
      data: {},
      packages: {
        pandas: { distribution: 'pandas', version: '1.5.3' },
        numpy: { distribution: 'numpy', version: '2.0.0' }
      }
    };
    const f = only(
      kinds(['import pandas as pd\nimport numpy as np'], { ...ctx, observed }),
      'env-drift'
    );
    expect(f.map(x => [x.names[0], x.severity])).toEqual([
      ['pandas', 'warning']
    ]);
    expect(f[0].message).toContain('pandas==1.5.3');
    expect(
      only(
        kinds(['import pandas as pd'], { ...ctx, deliberate: false, observed }),
        'env-drift'
      ).map(x => x.severity)
    ).toEqual(['info']);
  });
});

describe('a clean notebook stays quiet', () => {
  it('has no finding of any pillar verdict', () => {
    const f = kinds(
      [
        'import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split',
        'np.random.seed(0)',
        'df = pd.read_csv("data/train.csv")',
        'X_tr, X_te = train_test_split(df, random_state=0)',
        'df.describe()'
      ],
      {
        interpreter: PY311,
        deliberate: true,
        files: files({ 'data/train.csv': 'a' }, ['data/train.csv'])
      },
      { languageVersion: '3.11.4' }
    );
    expect(f).toEqual([]);
  });
});

describe('resolveDataPaths', () => {
  it('resolves reads through names and keeps unresolved ones with path null', () => {
    const r = resolveDataPaths([
      'import pandas as pd\nfilename = "data/x.xlsx"',
      'df = pd.read_excel(filename)\nother = pd.read_csv(compute())',
      'df.to_csv("out/clean.csv")'
    ]);
    expect(r.paths).toEqual(['data/x.xlsx']);
    expect(r.reads.map(x => x.path)).toEqual(['data/x.xlsx', null]);
    expect(r.writes).toEqual(['out/clean.csv']);
  });
});

describe('the interpreter probe', () => {
  it('is the text of python/probe_environment.py', () => {
    const file = readFileSync(
      path.join(__dirname, '..', 'python', 'probe_environment.py'),
      'utf8'
    );
    expect(PROBE_SCRIPT).toBe(file);
  });

  it('reads the probe output and refuses what is not one', () => {
    const info = parseProbeOutput(
      '{"version":"3.12.1","executable":"/x","modules":{"a":{"stdlib":false,"found":true,"distribution":"a-dist","version":"1.0"}}}'
    );
    expect(info.modules.a).toEqual({
      stdlib: false,
      found: true,
      distribution: 'a-dist',
      version: '1.0'
    });
    expect(() => parseProbeOutput('Traceback')).toThrow(/no JSON/);
    expect(() => parseProbeOutput('{"x":1}')).toThrow(/version/);
  });
});
