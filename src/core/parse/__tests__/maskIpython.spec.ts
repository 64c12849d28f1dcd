import {
  IMagic,
  IMaskedSource,
  maskIpython,
  toOriginalOffset,
  toOriginalPosition,
  toPythonOffset
} from '../maskIpython';

function only(src: string): IMagic {
  const m = maskIpython(src);
  expect(m.magics).toHaveLength(1);
  return m.magics[0];
}

function lineCount(s: string): number {
  return s.split(/\r\n|\r|\n/).length;
}

/** The masked text keeps the line count and every exact segment is a true copy. */
function checkInvariants(m: IMaskedSource): void {
  expect(lineCount(m.python)).toBe(lineCount(m.original));
  let at = 0;
  for (const s of m.segments) {
    expect(s.python).toBe(at);
    at += s.length;
    if (s.exact) {
      expect(m.python.slice(s.python, s.python + s.length)).toBe(
        m.original.slice(s.original, s.original + s.length)
      );
    }
  }
  expect(at).toBe(m.python.length);
}

describe('maskIpython: export-rules.md §1 rows', () => {
  it.each([
    ['%matplotlib inline', 'matplotlib', 'inline'],
    ['%load_ext autoreload', 'load_ext', 'autoreload'],
    ['%autoreload 2', 'autoreload', '2'],
    [
      "%config InlineBackend.figure_format = 'retina'",
      'config',
      "InlineBackend.figure_format = 'retina'"
    ],
    ['%pip install pkg', 'pip', 'install pkg'],
    ['%env A=1', 'env', 'A=1'],
    ['%cd d', 'cd', 'd'],
    ['%run util.py', 'run', 'util.py'],
    ['%run other.ipynb', 'run', 'other.ipynb']
  ])('line magic %s', (src, name, args) => {
    const m = only(src);
    expect(m).toMatchObject({
      kind: 'line-magic',
      name,
      args,
      target: null,
      live: false
    });
    expect(maskIpython(src).python).toBe('pass');
  });

  it('help forms', () => {
    const m = maskIpython('len?\n??obj\nobj??\nnp.*load*?');
    expect(m.magics.map(x => [x.kind, x.name, x.args])).toEqual([
      ['help', '?', 'len'],
      ['help', '??', 'obj'],
      ['help', '??', 'obj'],
      ['help', '?', 'np.*load*']
    ]);
    expect(m.python).toBe('pass\npass\npass\npass');
  });

  it('help on a magic', () => {
    expect(only('%timeit?')).toMatchObject({ kind: 'help', args: '%timeit' });
  });

  it('shell escapes', () => {
    expect(only('!pip install pkg==1.2')).toMatchObject({
      kind: 'shell',
      name: '!',
      args: 'pip install pkg==1.2',
      target: null
    });
    expect(only('!!ls')).toMatchObject({
      kind: 'shell',
      name: '!!',
      args: 'ls'
    });
  });

  it('x = !cmd binds x', () => {
    const src = 'files = !ls *.csv';
    expect(only(src)).toMatchObject({
      kind: 'shell',
      args: 'ls *.csv',
      target: 'files'
    });
    expect(maskIpython(src).python).toBe('files = None');
  });

  it('x = %magic binds x', () => {
    expect(only('h = %env H')).toMatchObject({
      kind: 'line-magic',
      name: 'env',
      args: 'H',
      target: 'h'
    });
    expect(maskIpython('x = %pwd').python).toBe('x = None');
    expect(maskIpython('a, b = !cmd').magics[0].target).toBe('a, b');
  });

  it('!cmd {var} keeps the interpolated names live', () => {
    const src = '!wget {url} -O {out.path} $name $HOME';
    const m = maskIpython(src);
    expect(
      m.magics[0].interpolations.map(i => [i.expression, i.shellVariable])
    ).toEqual([
      ['url', false],
      ['out.path', false],
      ['name', false],
      ['HOME', true]
    ]);
    expect(m.python).toBe('(url, out.path, name, )');
    for (const i of m.magics[0].interpolations) {
      expect(src.slice(i.offset, i.offset + i.expression.length)).toBe(
        i.expression
      );
    }
  });

  it('shell text that is not a Python expression is not interpolated', () => {
    for (const src of [
      "!awk '{print $1}' f",
      '!find . -exec rm {} \\;',
      '!echo {{x}} $$y',
      "!echo '$x'"
    ]) {
      expect(maskIpython(src).python).toBe('pass');
    }
  });

  it.each([
    'bash',
    'sh',
    'html',
    'javascript',
    'writefile f.py',
    'cython',
    'unknown_magic'
  ])('%%%%%s body is masked', head => {
    const src = `%%${head}\nx = 1\nif True:\n  echo $x`;
    const m = maskIpython(src);
    expect(m.python).toBe('pass\n\n\n');
    expect(m.magics[0]).toMatchObject({
      kind: 'cell-magic',
      name: head.split(' ')[0],
      live: false,
      body: 'x = 1\nif True:\n  echo $x',
      startLine: 0,
      endLine: 3
    });
  });

  it('%%writefile keeps its file argument', () => {
    expect(only('%%writefile f.py\nprint(1)')).toMatchObject({
      name: 'writefile',
      args: 'f.py'
    });
  });

  it('%time stmt stays live with a known column delta', () => {
    const src = 'x = 1\n%time lr = 0.01\nprint(lr)';
    const m = maskIpython(src);
    expect(m.python).toBe('x = 1\nlr = 0.01\nprint(lr)');
    expect(m.magics[0]).toMatchObject({
      kind: 'line-magic',
      name: 'time',
      live: true,
      keepsBindings: true
    });
    const py = m.python.indexOf('0.01');
    expect(toOriginalOffset(m, py)).toBe(src.indexOf('0.01'));
    expect(toPythonOffset(m, src.indexOf('0.01'))).toBe(py);
    expect(toOriginalPosition(m, 1, 5)).toEqual({ line: 1, column: 11 });
  });

  it('%timeit stmt is live but keeps no bindings; options are skipped', () => {
    const m = maskIpython('%timeit -n 10 -r3 -o f(x)');
    expect(m.python).toBe('f(x)');
    expect(m.magics[0]).toMatchObject({ live: true, keepsBindings: false });
  });

  it('%%time, %%timeit and %%capture bodies are live', () => {
    expect(maskIpython('%%time\nx = 1').python).toBe('pass\nx = 1');
    expect(maskIpython('%%timeit -n 5 s = 0\nf(s)').python).toBe('s = 0\nf(s)');
    const cap = maskIpython('%%capture --no-stderr out\nrun()');
    expect(cap.python).toBe('out = None\nrun()');
    expect(cap.magics[0]).toMatchObject({
      target: 'out',
      live: true,
      keepsBindings: true
    });
    expect(maskIpython('%%capture\nrun()').python).toBe('pass\nrun()');
  });

  it('a cell magic after leading blank lines still counts', () => {
    expect(maskIpython('\n  \n%%bash\nls').python).toBe('\n  \npass\n');
  });

  it('%% not on the first line is a line magic', () => {
    expect(maskIpython('x = 1\n%%time\ny = 2').magics[0]).toMatchObject({
      kind: 'line-magic',
      name: '%time'
    });
  });

  it('%run and %load are opaque, %store -r too, %matplotlib is not', () => {
    expect(maskIpython('%run util.py').opaque).toBe(true);
    expect(maskIpython('%load snippet.py').opaque).toBe(true);
    expect(maskIpython('%store -r data').opaque).toBe(true);
    expect(maskIpython('%store data').opaque).toBe(false);
    expect(maskIpython('%matplotlib inline').opaque).toBe(false);
  });

  it('automagics', () => {
    expect(maskIpython('cd data').magics[0]).toMatchObject({
      kind: 'automagic',
      name: 'cd',
      args: 'data'
    });
    expect(maskIpython('ls').magics[0]).toMatchObject({
      kind: 'automagic',
      name: 'ls',
      args: ''
    });
    const m = maskIpython('ls -la\ncd ..\npip install x\ntimeit f(y)');
    expect(m.magics.map(x => x.name)).toEqual(['ls', 'cd', 'pip', 'timeit']);
    expect(m.python).toBe('pass\npass\npass\nf(y)');
  });

  it.each([
    'cat = 3',
    'ls = [1]',
    'time.sleep(1)',
    'ls(x)',
    'cd[0] = 1',
    'ls - la',
    'ls += 1',
    'time, x = 1, 2',
    'run == 3',
    'cat if a else b',
    'x = 1\nls'
  ])('%s is Python, not an automagic', src => {
    const m = maskIpython(src);
    expect(m.magics).toEqual([]);
    expect(m.python).toBe(src);
  });

  it('a magic inside an indented block becomes pass at its indentation', () => {
    const src = 'for i in r:\n    %matplotlib inline\n    !echo hi\nx = 1';
    expect(maskIpython(src).python).toBe(
      'for i in r:\n    pass\n    pass\nx = 1'
    );
    expect(maskIpython(src).magics.map(m => m.indent)).toEqual([
      '    ',
      '    '
    ]);
  });

  it('history names are Python', () => {
    const src = 'y = _ + Out[3] + In[-1]';
    expect(maskIpython(src).python).toBe(src);
  });

  it('backslash-continued magics span lines; args are joined like IPython does', () => {
    const m = maskIpython('%pip install \\\n    numpy\nx = 1');
    expect(m.magics[0]).toMatchObject({
      startLine: 0,
      endLine: 1,
      args: 'install      numpy'
    });
    expect(m.python).toBe('pass\n\nx = 1');
  });

  it('records line ranges, offsets and text', () => {
    const src = 'a = 1\n  !echo x\nb = 2';
    const m = only(src);
    expect(m).toMatchObject({
      startLine: 1,
      endLine: 1,
      indent: '  ',
      text: '  !echo x'
    });
    expect(src.slice(m.start, m.end)).toBe('  !echo x');
  });
});

describe('maskIpython: string state', () => {
  it.each([
    'doc = """\n%matplotlib inline\n!rm -rf /\nls -la\nlen?\n"""',
    "doc = '''\n%time x\n'''",
    'doc = r"""\\\n%x\n"""',
    'doc = f"""{a}\n!x {b}\n"""',
    "s = 'it''s'\nt = \"%d\" % n",
    's = "\\"%x"',
    'x = ("a"\n     "%b")',
    'y = (1 +\n%2)',
    'z = 1 + \\\n!x',
    '# %matplotlib inline\n# !ls',
    'x = "?"\ny = 1  # why?',
    'a = """ \'\'\'\n%x """',
    'same = a != b'
  ])('no magic in %j', src => {
    const m = maskIpython(src);
    expect(m.magics).toEqual([]);
    expect(m.python).toBe(src);
  });

  it('a magic right after a closed triple-quoted string is found', () => {
    const m = maskIpython('s = """\n%no\n"""\n%matplotlib inline');
    expect(m.magics.map(x => [x.name, x.startLine])).toEqual([
      ['matplotlib', 3]
    ]);
  });

  it('an unterminated one-line string does not swallow later lines', () => {
    const m = maskIpython('s = "oops\n%matplotlib inline');
    expect(m.magics.map(x => x.name)).toEqual(['matplotlib']);
  });

  it('a backslash continues a one-line string onto the next line', () => {
    const m = maskIpython('s = "a\\\n%notmagic"\nx = 1');
    expect(m.magics).toEqual([]);
  });

  it('CRLF line endings are kept', () => {
    const src = 'x = 1\r\n%matplotlib inline\r\ny = 2';
    const m = maskIpython(src);
    expect(m.python).toBe('x = 1\r\npass\r\ny = 2');
    checkInvariants(m);
  });
});

describe('maskIpython: position map', () => {
  it('an untouched cell is returned as is', () => {
    const src = 'import os\nx = os.getcwd()\n';
    const m = maskIpython(src);
    expect(m.python).toBe(src);
    expect(m.segments).toEqual([
      { python: 0, original: 0, length: src.length, exact: true }
    ]);
    for (let i = 0; i <= src.length; i++) {
      expect(toOriginalOffset(m, i)).toBe(i);
    }
  });

  it('synthetic text maps to the start of its construct; masked text has no Python offset', () => {
    const src = 'x = 1\n  %matplotlib inline\ny = 2';
    const m = maskIpython(src);
    const pass = m.python.indexOf('pass');
    expect(toOriginalOffset(m, pass + 2)).toBe(src.indexOf('%'));
    expect(toPythonOffset(m, src.indexOf('inline'))).toBeNull();
    expect(toOriginalOffset(m, m.python.indexOf('y'))).toBe(src.indexOf('y'));
    expect(toPythonOffset(m, src.indexOf('y'))).toBe(m.python.indexOf('y'));
  });

  it('completes 1. to 1.0 and maps the literal back exactly', () => {
    const src = 'x = [1., 2.e3, 3.j, 4.5, a.b, 0x1F]\ny = 10. / 3';
    const m = maskIpython(src);
    expect(m.python).toBe(
      'x = [1.0, 2.0e3, 3.0j, 4.5, a.b, 0x1F]\ny = 10.0 / 3'
    );
    checkInvariants(m);
    const lit = m.python.indexOf('10.0');
    expect(toOriginalOffset(m, lit)).toBe(src.indexOf('10.'));
    expect(toOriginalOffset(m, lit + 4)).toBe(src.indexOf('10.') + 3);
  });

  it('no float completion inside strings and comments', () => {
    const src = 's = "1."  # 2.\nt = x1.real';
    expect(maskIpython(src).python).toBe(src);
  });

  it('offsets outside the text are clamped', () => {
    const m = maskIpython('%matplotlib inline\nx = 1');
    expect(toOriginalOffset(m, -5)).toBe(0);
    expect(toOriginalOffset(m, 1e9)).toBe(m.original.length);
    expect(toOriginalOffset(maskIpython(''), 3)).toBe(0);
  });

  it('keeps invariants on a mixed cell', () => {
    checkInvariants(
      maskIpython(
        '%load_ext autoreload\nimport os\nfiles = !ls {d}\nfor f in files:\n    %time g(f, 1.)\n    len?\ncd ..\n'
      )
    );
  });
});

describe('maskIpython: line breaks', () => {
  it('a lone CR before an emptied line does not fuse into CRLF', () => {
    const m = maskIpython('%%bash\n\rlen?\n');
    expect(lineCount(m.python)).toBe(4);
    checkInvariants(m);
  });
});
