/**
 * Methods of the notebook's own classes run where the notebook runs them: `__init__` where it
 * makes an instance (`net = Net()`), another method where it calls it on that instance
 * (`net.fit()`). Their reads, draws and removed names are reported there, and nowhere when
 * nothing calls them.
 */
import type { IFinding } from '../../../types';
import { pillarFindings, type IInterpreterInfo } from '..';
import { ranNotebook } from '../../__tests__/build';
import { checkWorded } from '../../__tests__/worded';
import { installed, NO_FILES } from './ports';

const TARGET: IInterpreterInfo = {
  version: '3.11.7',
  executable: '/usr/bin/python3',
  modules: {
    numpy: installed('numpy', '2.0.0'),
    pandas: installed('pandas', '2.2.0'),
    torch: installed('torch', '2.4.0')
  }
};

function findings(cells: readonly string[]): [string, number | null][] {
  const out: IFinding[] = pillarFindings(ranNotebook(cells), {
    files: NO_FILES,
    interpreter: TARGET,
    deliberate: true
  });
  checkWorded(out);
  return out
    .filter(f => f.kind !== 'python-version')
    .map(f => [f.kind, f.cell?.index ?? null]);
}

const NET = [
  'import numpy as np\nimport pandas as pd\nimport torch.nn as nn',
  [
    'class Net(nn.Module):',
    '    def __init__(self, size):',
    '        super().__init__()',
    '        self.fc = nn.Linear(size, 1)',
    '    def load(self, path):',
    '        return pd.read_csv(path)',
    '    def noise(self):',
    '        return np.random.rand(3)',
    '    def fit(self):',
    '        return self.load("fit.csv")'
  ].join('\n')
];

describe("the notebook's classes", () => {
  it('__init__ runs where an instance is made, a method where it is called on one (or on self)', () => {
    expect(
      findings([
        ...NET,
        'net = Net(4)',
        'data = net.load("train.csv")',
        'x = net.noise()\ny = np.float(1)',
        'net.fit()'
      ])
    ).toEqual([
      ['data-missing', 3],
      ['data-missing', 5],
      ['unseeded-random', 2],
      ['unseeded-random', 4],
      ['env-drift', 4]
    ]);
  });

  it('nothing runs for a class never used, a method never called, or a name bound again', () => {
    expect(findings([...NET])).toEqual([]);
    expect(
      findings([
        ...NET,
        'import torch\ntorch.manual_seed(0)\nnp.random.seed(0)\nnet = Net(4)',
        'net = None\nnet.load("train.csv")',
        'other = [Net]\nother.load("train.csv")'
      ])
    ).toEqual([]);
  });
});
