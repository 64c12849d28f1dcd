/**
 * Versions a notebook shows in its own outputs (`keras.__version__` → `'2.0.8'`): read only
 * in the two exact shapes, compared with the target's (`env-drift`), named in
 * `module-missing`'s fix, and pinned by the export for a package the target lacks.
 */
import type {
  IFinding,
  INotebookSnapshot,
  IOutputSnapshot
} from '../../../types';
import { pillarFindings, type IInterpreterInfo } from '..';
import { notebookOf, ranCell } from '../../__tests__/build';
import { checkWorded } from '../../__tests__/worded';
import { ABSENT, installed, NO_FILES, STANDARD } from './ports';
import { pinEnvironment, requirementsText } from '../../../export/environment';
import { shownVersions } from '../shownVersions';

type Cell = string | [string, IOutputSnapshot[]];

function nb(cells: readonly Cell[]): INotebookSnapshot {
  return notebookOf(
    ...cells.map((c, i) =>
      typeof c === 'string'
        ? ranCell(`c${i}`, c, i + 1)
        : ranCell(`c${i}`, c[0], i + 1, c[1])
    )
  );
}

const result = (text: string): IOutputSnapshot[] => [
  { type: 'execute_result', text }
];
const stream = (...texts: string[]): IOutputSnapshot[] =>
  texts.map(text => ({ type: 'stream', text }));

function shown(cells: readonly Cell[]): Record<string, string> {
  return Object.fromEntries(
    [...shownVersions(nb(cells))].map(([m, v]) => [
      m,
      `${v.version}@${v.index}`
    ])
  );
}

describe('shownVersions', () => {
  it("reads a cell's value and its labelled or lone prints", () => {
    expect(
      shown([
        [
          'import keras\nkeras.__version__',
          [
            { type: 'stream', text: 'Using TensorFlow backend.\n' },
            { type: 'execute_result', text: "'2.0.8'" }
          ]
        ],
        [
          "import numpy\nprint('numpy:', numpy.__version__)\nimport scipy as sp\nprint('scipy:', sp.__version__)",
          stream('numpy: 1.11.1\n', 'scipy: 0.18.0\n')
        ],
        ['import pandas as pd\nprint(pd.__version__)', stream('0.25.3\n')]
      ])
    ).toEqual({
      keras: '2.0.8@0',
      numpy: '1.11.1@1',
      scipy: '0.18.0@1',
      pandas: '0.25.3@2'
    });
  });

  it('reads nothing it cannot tie to one imported module and one version', () => {
    expect(
      shown([
        // Not imported; a submodule; an error; not a version.
        ['tf.__version__', result("'2.1.0'")],
        ['from tensorflow import keras\nkeras.__version__', result("'2.2.4'")],
        [
          'import torch\ntorch.__version__',
          [{ type: 'error', ename: 'ModuleNotFoundError', evalue: 'torch' }]
        ],
        ['import sklearn\nsklearn.__version__', result("'dev'")],
        // Two lone prints: which line is whose?
        [
          'import numpy as np\nimport scipy\nprint(np.__version__)\nprint(scipy.__version__)',
          stream('1.26.4\n1.11.4\n')
        ],
        // A name imported as two modules.
        ['import pandas as pd', []],
        ['import polars as pd\npd.__version__', result("'1.0.0'")]
      ])
    ).toEqual({});
  });

  it('keeps the last version shown, in notebook order', () => {
    expect(
      shown([
        ['import numpy as np\nnp.__version__', result("'1.16.0'")],
        ['!pip install -U numpy', []],
        ['np.__version__', result("'1.26.4'")]
      ])
    ).toEqual({ numpy: '1.26.4@2' });
  });
});

const TARGET: IInterpreterInfo = {
  version: '3.11.7',
  executable: '/usr/bin/python3',
  modules: {
    keras: installed('keras', '3.5.0'),
    numpy: installed('numpy', '1.26.4'),
    scipy: ABSENT
  }
};

function findings(cells: readonly Cell[], deliberate = true): IFinding[] {
  const out = pillarFindings(nb(cells), {
    interpreter: TARGET,
    deliberate,
    files: NO_FILES
  });
  checkWorded(out);
  return out.filter(f => f.kind === 'env-drift' || f.kind === 'module-missing');
}

describe('shown versions in the findings', () => {
  const cells: Cell[] = [
    ['import keras\nkeras.__version__', result("'2.0.8'")],
    ['import numpy as np\nnp.__version__', result("'1.26.4'")],
    ['import scipy\nscipy.__version__', result("'0.18.0'")]
  ];

  it('env-drift where the target has another version; module-missing names the one to install', () => {
    const f = findings(cells);
    expect(f.map(x => [x.kind, x.cell?.index, x.names[0], x.severity])).toEqual(
      [
        ['env-drift', 0, 'keras', 'warning'],
        ['module-missing', 2, 'scipy', 'error']
      ]
    );
    expect(f[0].message).toContain('The output of cell 1 shows `keras` 2.0.8');
    expect(f[0].message).toContain('`keras==2.0.8`');
    expect(f[1].message).toContain('`pip install scipy==0.18.0`');
    expect(findings(cells, false)[0].severity).toBe('info');
  });

  it("the record's version wins over the output's", () => {
    const out = pillarFindings(nb(cells), {
      interpreter: TARGET,
      deliberate: true,
      observed: {
        data: {},
        packages: { keras: { distribution: 'keras', version: '2.1.0' } }
      }
    });
    const drift = out.filter(f => f.kind === 'env-drift');
    expect(drift.map(x => x.message.split(' when')[0])).toEqual([
      '`keras` was 2.1.0'
    ]);
  });
});

describe('shown versions in the export', () => {
  it('pins a package the target lacks at the version the outputs show, never a standard module', () => {
    const probe = {
      version: '3.11.7',
      modules: {
        keras: installed('keras', '3.5.0'),
        scipy: ABSENT,
        json: STANDARD,
        yaml: installed('PyYAML', '6.0.1')
      }
    };
    const env = pinEnvironment(['keras', 'scipy', 'json'], {
      notebookPython: '3.6.8',
      env: null,
      probe,
      shown: new Map([
        ['keras', '2.0.8'],
        ['scipy', '0.18.0'],
        ['json', '2.0.9']
      ])
    });
    // The target's keras is pinned as the target has it (its findings name the drift).
    expect(env.pins.map(p => `${p.name}==${p.version}`)).toEqual([
      'keras==3.5.0',
      'PyYAML==6.0.1'
    ]);
    expect(env.shownPins).toEqual([{ name: 'scipy', version: '0.18.0' }]);
    expect(env.unpinned).toEqual([]);
    expect(requirementsText('nb.ipynb', env, [])).toContain(
      "# Not installed in the target interpreter; pinned at the version the notebook's own output shows:\nscipy==0.18.0\n"
    );
  });

  it('a version the outputs show beats a bound it satisfies, not one it breaks', () => {
    const probe = {
      version: '3.11.7',
      modules: {
        keras: ABSENT
      }
    };
    const bounds = new Map([
      ['keras', { below: '3.0', written: 'keras.preprocessing.text' }]
    ]);
    const pin = (version: string) => {
      const env = pinEnvironment(['keras'], {
        notebookPython: null,
        env: null,
        probe,
        bounds,
        shown: new Map([['keras', version]])
      });
      return [
        ...env.shownPins.map(p => `${p.name}==${p.version}`),
        ...env.bounded.map(b => `${b.name}<${b.below}`)
      ];
    };
    expect(pin('2.0.8')).toEqual(['keras==2.0.8']);
    expect(pin('3.1.0')).toEqual(['keras<3.0']);
  });
});
