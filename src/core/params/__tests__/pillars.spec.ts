/**
 * Issue 16: data locations, outputs, feature and label selections and seeds are parameter
 * candidates, in the groups `data`, `outputs`, `features`, `labels` and `seeds`.
 */
import { candidates } from './helpers';
import type { IParamCandidate } from '../types';

function table(list: readonly IParamCandidate[]): [string, string, string][] {
  return list
    .filter(c => c.key !== null && c.skip === null)
    .map(c => [c.key ?? '', c.group, c.text]);
}

const TRAINING = [
  'import random\nimport numpy as np\nimport pandas as pd\nimport joblib',
  'random.seed(13)\nnp.random.seed(7)',
  "df = pd.read_csv('data/train.csv')",
  "X = df[['age', 'income', 'score']]\ny = df['label']",
  'X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=13)',
  "joblib.dump(model, 'models/forest.joblib')\ndf.to_csv('out/preds.csv', index=False)"
];

describe('issue 16 candidates', () => {
  it('finds the data path, the columns, the label, the seeds and the outputs', () => {
    const rows = table(candidates(...TRAINING));
    expect(rows).toEqual([
      ['random.seed', 'seeds', '13'],
      ['np.random.seed', 'seeds', '7'],
      ['read_csv.path', 'data', "'data/train.csv'"],
      ['X.columns', 'features', "['age', 'income', 'score']"],
      ['y.column', 'labels', "'label'"],
      ['train_test_split.test_size', 'split', '0.25'],
      ['train_test_split.random_state', 'seeds', '13'],
      ['dump.path', 'outputs', "'models/forest.joblib'"],
      ['to_csv.path', 'outputs', "'out/preds.csv'"]
    ]);
  });

  it('groups a name by how the code uses it: read, written, opened for writing', () => {
    const rows = table(
      candidates(
        "TRAIN = 'data/train.csv'\nMODEL_PATH = 'm.pt'\nlog = 'run.log'\nnotes = 'n.txt'",
        'df = pd.read_csv(TRAIN)\ntorch.save(model, MODEL_PATH)',
        "with open(log, 'w') as f:\n    f.write('x')\ntext = open(notes).read()"
      )
    );
    expect(rows).toEqual([
      ['TRAIN', 'data', "'data/train.csv'"],
      ['MODEL_PATH', 'outputs', "'m.pt'"],
      ['log', 'outputs', "'run.log'"],
      ['notes', 'data', "'n.txt'"]
    ]);
  });

  it('takes torch/tf seeds, open modes, drop(columns=), a features list', () => {
    const rows = table(
      candidates(
        "features = ['a', 'b']\ntorch.manual_seed(0)\ntf.random.set_seed(1)",
        "X = df.drop(columns=['label'])\nopen('a.json', mode='wb')\nopen('b.json', 'r')",
        "X2 = df[['a', 'b']].values\nplt.savefig('fig.png', dpi=100)\nnp.save('arr.npy', a)"
      )
    );
    expect(rows).toEqual([
      ['features', 'features', "['a', 'b']"],
      ['torch.manual_seed', 'seeds', '0'],
      ['tf.random.set_seed', 'seeds', '1'],
      ['drop.columns', 'features', "['label']"],
      ['open.path', 'outputs', "'a.json'"],
      ['open.path_2', 'data', "'b.json'"],
      ['X2.columns', 'features', "['a', 'b']"],
      ['savefig.path', 'outputs', "'fig.png'"],
      ['save.path', 'outputs', "'arr.npy'"]
    ]);
  });

  it('leaves alone what is not a selection, a seed or a path', () => {
    const rows = table(
      candidates(
        "m = df['age'].mean()\nz = df[cols]\nrandom.seed(s)\nopen(path_var)\nv = d['k']\nprint('x.csv')"
      )
    );
    expect(rows).toEqual([]);
  });

  it('keeps positions exact so the literal can be rewritten', () => {
    const src = "df = pd.read_csv('data/train.csv', sep=';')";
    const c = candidates(src).find(x => x.key === 'read_csv.path');
    expect(c && src.slice(c.span[0], c.span[1])).toBe("'data/train.csv'");
    expect(c?.kind).toBe('argument');
    expect(c?.groupSource).toBe('usage');
  });
});
