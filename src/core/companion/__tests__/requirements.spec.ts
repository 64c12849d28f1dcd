import { dataEntries } from '../manifest';
import { normalizeName, requirementsTxt } from '../requirements';
import type { IKernelEnvironment } from '../types';

const ENV: IKernelEnvironment = {
  python: '3.11.7',
  implementation: 'CPython',
  os: 'Linux-6.1.0-x86_64-with-glibc2.36',
  system: 'Linux',
  machine: 'x86_64',
  packages: [
    { name: 'pandas', version: '2.2.1', modules: ['pandas'] },
    { name: 'PyYAML', version: '6.0.1', modules: ['yaml'] },
    { name: 'numpy', version: '1.26.4', modules: ['numpy'] },
    { name: 'mylib', version: '0.3.0', modules: ['mylib'] },
    { name: 'scikit_learn', version: '1.4.2', modules: ['sklearn'] }
  ],
  local: ['utils', 'helpers']
};

describe('requirementsTxt', () => {
  it('pins every imported distribution, sorted, under a header', () => {
    expect(requirementsTxt(ENV, [])).toBe(
      [
        '# Pinned by jupyterlab-linearize from the live kernel:',
        '# Python 3.11.7 (CPython) on Linux-6.1.0-x86_64-with-glibc2.36',
        '# The distributions this session imported, at the versions it ran.',
        'mylib==0.3.0',
        'numpy==1.26.4',
        'pandas==2.2.1',
        'PyYAML==6.0.1',
        'scikit_learn==1.4.2',
        '# Local modules the session imported (not installable from an index): helpers, utils',
        ''
      ].join('\n')
    );
  });

  it('adds %pip lines not seen imported, keeps extras and direct references', () => {
    const text = requirementsTxt(ENV, [
      'pandas>=2',
      'pandas[excel]',
      'openpyxl>=3',
      'scikit-learn==1.3',
      'mylib @ git+https://github.com/o/mylib.git',
      '-e ./local_pkg',
      '-r extra.txt',
      'pip',
      'Pip>=24',
      ''
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('pandas[excel]==2.2.1');
    expect(lines).toContain('scikit_learn==1.4.2'); // what ran wins over what was asked
    expect(lines).not.toContain('mylib==0.3.0'); // a direct reference is not re-pinned
    expect(
      lines.slice(
        lines.indexOf(
          '# From %pip / !pip install lines, not seen imported by the kernel:'
        ) + 1,
        -1
      )
    ).toEqual([
      'mylib @ git+https://github.com/o/mylib.git',
      'openpyxl>=3',
      '-e ./local_pkg',
      '-r extra.txt'
    ]);
    expect(text).not.toMatch(/^pip/im);
  });

  it('is deterministic whatever the input order', () => {
    const shuffled = {
      ...ENV,
      packages: [...ENV.packages].reverse(),
      local: [...ENV.local].reverse()
    };
    const pip = ['b', 'a', '-e x'];
    expect(requirementsTxt(shuffled, [...pip].reverse())).toBe(
      requirementsTxt(ENV, pip)
    );
  });

  it('without a kernel: the %pip lines only, and says so', () => {
    expect(requirementsTxt(null, ['pandas', 'numpy>=1'])).toBe(
      [
        '# Written by jupyterlab-linearize without a live kernel:',
        '# only the %pip / !pip install lines of the notebook, not pinned.',
        'numpy>=1',
        'pandas',
        ''
      ].join('\n')
    );
  });

  it('normalizes names as PEP 503 does', () => {
    expect(normalizeName('Jupyter_Client')).toBe('jupyter-client');
    expect(normalizeName('zope.interface')).toBe('zope-interface');
    expect(normalizeName('a-_.b')).toBe('a-b');
  });
});

describe('dataEntries', () => {
  it('keeps files and folders with DVC’s field names, in order', () => {
    expect(
      dataEntries([
        { kind: 'folder', path: 'd', md5: 'x.dir', size: 9, nfiles: 2 },
        { kind: 'missing', path: 'gone' },
        { kind: 'file', path: 'a.csv', md5: 'y', size: 3 },
        { kind: 'refused', path: '/abs', reason: 'absolute' },
        { kind: 'error', path: 'big', reason: 'too-large' }
      ])
    ).toEqual([
      { path: 'd', md5: 'x.dir', size: 9, nfiles: 2 },
      { path: 'a.csv', md5: 'y', size: 3 }
    ]);
  });
});
