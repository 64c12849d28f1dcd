import fc from 'fast-check';

import { pipInstalls } from '../pip';

describe('pipInstalls', () => {
  it.each([
    ['%pip install pandas', ['pandas']],
    [
      '%pip install -q -U "numpy>=1.26" scikit-learn==1.4.2',
      ['numpy>=1.26', 'scikit-learn==1.4.2']
    ],
    ['!pip install seaborn', ['seaborn']],
    ['!pip3 install --user plotly', ['plotly']],
    ['!python -m pip install tqdm', ['tqdm']],
    ['!{sys.executable} -m pip install rich', ['rich']],
    ['!uv pip install polars', ['polars']],
    ['!/opt/conda/bin/pip install xgboost', ['xgboost']],
    ['!pip install -r requirements.txt', ['-r requirements.txt']],
    [
      '!pip install --requirement=reqs.txt -e ./mypkg',
      ['-r reqs.txt', '-e ./mypkg']
    ],
    ['%pip install -i https://pypi.example/simple --no-deps lib', ['lib']],
    [
      '!pip install git+https://github.com/o/r.git@v1',
      ['git+https://github.com/o/r.git@v1']
    ],
    ["!pip install 'pandas[excel]>=2'", ['pandas[excel]>=2']],
    ['!pip install a && pip install b; echo done', ['a', 'b']],
    ['!pip install a # a comment', ['a']],
    ['x = !pip install captured', ['captured']],
    ['%pip install a \\\n    b', ['a', 'b']],
    ['if True:\n    !pip install indented', ['indented']],
    ['%%bash\npip install in_bash\necho hi', ['in_bash']],
    ['%%script bash\npip install in_script', ['in_script']],
    ['%%capture\n%pip install quiet', ['quiet']],
    ['!pip install {pkg} ${other} $third fixed', ['fixed']]
  ])('%s', (source, expected) => {
    expect(pipInstalls(source)).toEqual(expected);
  });

  it.each([
    '!pip list',
    '!pip uninstall -y x',
    '!conda install x',
    '!echo pip install x',
    '%conda install x',
    'import pip\n# pip install commented',
    's = "!pip install in_string"',
    '!apt-get install pip',
    '%%python\nprint("pip install x")'
  ])('ignores %s', source => {
    expect(pipInstalls(source)).toEqual([]);
  });

  it('keeps the first-seen order across cells, once each', () => {
    expect(pipInstalls(['%pip install b a', '!pip install a c'])).toEqual([
      'b',
      'a',
      'c'
    ]);
  });

  it('never throws', () => {
    const fragments = [
      '%pip',
      '!pip',
      ' install',
      ' -r',
      ' "',
      "'",
      ' x',
      '\\\n',
      '\n',
      ' &&',
      '%%bash\n',
      '{',
      '$'
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 15 }),
        parts => {
          expect(() => pipInstalls(parts.join(''))).not.toThrow();
        }
      ),
      { numRuns: 300 }
    );
  });
});
