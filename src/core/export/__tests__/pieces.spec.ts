/**
 * The small parts of the export: requirement parsing, argument splitting, command expansion,
 * markers, cleanup, data file detection and `verify`'s comparison rules.
 */
import {
  cellMarker,
  compareCell,
  escapeMarkerLine,
  installRequirements,
  ipythonCleanup,
  isMarkerLike,
  markerCellId,
  normalizeOutput,
  verifyOutcome,
  type ICellVerify
} from '..';
import * as fc from 'fast-check';
import { maskIpython } from '../../parse/maskIpython';
import { parsePython } from '../../parse/parsePython';
import { compileErrors, mayHaveCompileErrors } from '../compileChecks';
import type { ICellSnapshot, IOutputSnapshot } from '../../types';
import { commandExpression } from '../shellCommand';
import { pyTripleString } from '../pyText';
import { argSplit } from '../translateMagic';

describe('installRequirements', () => {
  it.each([
    ['pip install pkg==1.2', ['pkg==1.2']],
    ['pip3 install -q -U a "b[x]>=2"', ['a', 'b[x]>=2']],
    [
      'python -m pip install -r requirements.txt c',
      ['-r requirements.txt', 'c']
    ],
    ['{sys.executable} -m pip install --index-url https://x y', ['y']],
    ['conda install -y -c conda-forge scipy=1.11', ['scipy=1.11']],
    ['pip uninstall -y x', []]
  ])('%s', (cmd, reqs) => {
    expect(installRequirements(cmd)).toEqual(reqs);
  });

  it('is null for other commands', () => {
    expect(installRequirements('ls pip install')).toBeNull();
    expect(installRequirements('pip list')).toBeNull();
  });
});

describe('argSplit', () => {
  it('splits like a POSIX shell', () => {
    expect(argSplit(`-a "my file.py" 'x y' z\\ w`)).toEqual([
      '-a',
      'my file.py',
      'x y',
      'z w'
    ]);
    expect(argSplit('  ')).toEqual([]);
    expect(argSplit('"unclosed')).toEqual(['unclosed']);
  });
});

describe('commandExpression', () => {
  const interp = (source: string) => maskIpython(source).magics[0];

  it('quotes interpolated values for the shell', () => {
    const m = interp('!ls {folder} $name');
    const e = commandExpression(
      m.args,
      m.interpolations,
      new Set(['folder', 'name']),
      'shell'
    );
    expect(e.expr).toBe(
      '"ls " + shlex.quote(str(folder)) + " " + shlex.quote(str(name))'
    );
    expect(e.usesShlex).toBe(true);
  });

  it('runs the command unexpanded where IPython would (an unbound $NAME, awk braces)', () => {
    const home = interp('!echo $HOME {x}');
    expect(
      commandExpression(home.args, home.interpolations, new Set(['x']), 'shell')
        .expr
    ).toBe('"echo $HOME {x}"');
    const awk = interp("!awk '{print $1}' {f}");
    expect(
      commandExpression(awk.args, awk.interpolations, new Set(['f']), 'shell')
        .expr
    ).toBe(`"awk '{print $1}' {f}"`);
  });

  it('expands a bound $NAME and unescapes {{ }} and $$', () => {
    const m = interp('!echo $DATA {{x}} $$y');
    expect(
      commandExpression(m.args, m.interpolations, new Set(['DATA']), 'raw').expr
    ).toBe('"echo " + str(DATA) + " {x} $y"');
  });
});

describe('markers', () => {
  it('escapes and recognises marker-like lines reversibly', () => {
    for (const line of [
      '# %%',
      '#%% x',
      '  # %% indented',
      '# # %% already escaped'
    ]) {
      expect(isMarkerLike(line)).toBe(true);
      const escaped = escapeMarkerLine(line);
      expect(isMarkerLike(escaped)).toBe(true);
      // VS Code's own rule no longer sees a cell boundary.
      expect(/^#\s*%%/.test(escaped)).toBe(false);
    }
    expect(isMarkerLike('x = 5 % 2')).toBe(false);
  });

  it('round-trips cell ids, odd characters included', () => {
    for (const id of ['abc-123_x', 'with space', 'a]b', 'é\n']) {
      expect(markerCellId(cellMarker('code', id))).toBe(id);
    }
    expect(cellMarker('markdown', 'm1', 'run 3')).toBe(
      '# %% [markdown] [id=m1] run 3'
    );
  });

  it('writes exact triple-quoted literals', () => {
    expect(pyTripleString('a"\n"""b\\\n# %% x\r')).toBe(
      '"""\\\na"\n\\"\\""b\\\\\n\\x23 %% x\\r"""'
    );
  });
});

describe('ipythonCleanup', () => {
  it('dedents like IPython and strips prompts', () => {
    expect(ipythonCleanup('\n  a = 1\n  b = 2').source).toBe('\na = 1\nb = 2');
    expect(ipythonCleanup('>>> x = 1\n... y = 2\nz').source).toBe(
      'x = 1\ny = 2\nz'
    );
    expect(ipythonCleanup('In [3]: q = 1').source).toBe('q = 1');
    const same = 'x = 1\n  y';
    expect(ipythonCleanup(same).source).toBe(same);
  });
});

describe('compareCell', () => {
  const cell = (
    outputs: IOutputSnapshot[],
    count: number | null = 1
  ): ICellSnapshot => ({
    id: 'c',
    type: 'code',
    source: '',
    executionCount: count,
    outputs,
    tags: []
  });

  it('normalizes addresses, timings, warnings, progress bars and whitespace', () => {
    expect(
      normalizeOutput(
        '\n<obj at 0x7f3a2b1c4d50>  \nCPU times: user 1 ms\nWall time: 2 ms\n' +
          '/tmp/ipykernel_1/2.py:3: UserWarning: careful\n10%\r50%\r100%\n1.2 ms ± 3 µs per loop (mean ± std. dev. of 7 runs)\n\n'
      )
    ).toBe('<obj at 0x…>\nUserWarning: careful\n100%');
  });

  it('compares stream, display and result text in order', () => {
    const c = cell([
      { type: 'stream', text: 'hello\n' },
      { type: 'display_data', text: '<Figure size 640x480 with 1 Axes>' },
      { type: 'execute_result', text: '42' }
    ]);
    expect(
      compareCell(c, 0, { output: 'hello\n42\n', error: null }).status
    ).toBe('reproduces');
    const d = compareCell(c, 0, { output: 'hello\n43\n', error: null });
    expect(d.status).toBe('differs');
    expect(d.detail).toBe('line 2: expected "42", got "43"');
  });

  it('matches errors by exception type', () => {
    const c = cell([
      { type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero' }
    ]);
    expect(
      compareCell(c, 0, {
        output: '',
        error: { ename: 'ZeroDivisionError', evalue: 'x' }
      }).status
    ).toBe('reproduces');
    expect(compareCell(c, 0, { output: '', error: null }).status).toBe(
      'differs'
    );
    expect(
      compareCell(cell([]), 0, {
        output: '',
        error: { ename: 'NameError', evalue: 'x' }
      }).status
    ).toBe('error');
  });

  it('does not compare what a %%capture cell prints (the notebook hid it)', () => {
    const c = { ...cell([]), source: '%%capture\nprint("noise")' };
    expect(compareCell(c, 0, { output: 'noise\n', error: null }).status).toBe(
      'reproduces'
    );
    expect(
      compareCell(c, 0, { output: '', error: { ename: 'E', evalue: '' } })
        .status
    ).toBe('error');
  });

  it('does not compare a cell that never ran, and notes one never reached', () => {
    expect(
      compareCell(cell([], null), 0, { output: 'x', error: null }).status
    ).toBe('not-compared');
    expect(compareCell(cell([]), 0, null).status).toBe('not-run');
  });

  it('fails a never-run cell the script raised in or never reached (issue 12)', () => {
    const never = { ...cell([], null), source: 'print x' };
    const raised = compareCell(never, 0, {
      output: '',
      error: { ename: 'SyntaxError', evalue: 'Missing parentheses' }
    });
    expect(raised.status).toBe('error');
    expect(raised.detail).toMatch(
      /raised SyntaxError.*never ran in the notebook/
    );
    expect(compareCell(never, 0, null).status).toBe('not-run');
  });
});

describe('%timeit output wrapped over two lines (issue 12)', () => {
  it('is dropped whole, with the "slowest run" note', () => {
    expect(
      normalizeOutput(
        'before\nThe slowest run took 5.21 times longer than the fastest. This could mean that an intermediate result is being cached.\n' +
          '12.3 µs ± 1.2 µs per loop (mean ± std. dev. of 7 runs, 100000 loops\neach)\nafter\n'
      )
    ).toBe('before\nafter');
    // A line that merely ends with a parenthesis after ordinary output stays.
    expect(normalizeOutput('f(1\n2)\n')).toBe('f(1\n2)');
  });
});

describe('verifyOutcome', () => {
  const v = (status: ICellVerify['status']): ICellVerify => ({
    id: 'c',
    index: 0,
    status,
    expected: '',
    actual: '',
    detail: '',
    reason: null
  });
  it('says "nothing to compare" rather than "reproduces" when nothing was compared', () => {
    expect(verifyOutcome([v('not-compared'), v('not-compared')])).toEqual({
      outcome: 'nothing-to-compare',
      compared: 0,
      reproduced: 0
    });
  });
  it('fails a run that raised or stopped, even with nothing compared', () => {
    expect(verifyOutcome([v('not-compared'), v('error')]).outcome).toBe(
      'fails'
    );
    expect(verifyOutcome([v('reproduces'), v('not-run')]).outcome).toBe(
      'fails'
    );
  });
  it('reproduces only when every compared cell does', () => {
    expect(verifyOutcome([v('reproduces'), v('not-compared')]).outcome).toBe(
      'reproduces'
    );
    expect(verifyOutcome([v('reproduces'), v('differs')]).outcome).toBe(
      'differs'
    );
  });
});

describe('mayHaveCompileErrors', () => {
  const LINES = [
    'return 1',
    'yield x',
    'await g()',
    'async with a:',
    'async for a in b:',
    'break',
    'continue',
    'nonlocal q',
    'def f():',
    'async def h():',
    'class C:',
    'for i in x:',
    'while True:',
    'if x:',
    'else:',
    'x = 1',
    's = """',
    '"""',
    'lambda: (yield)',
    'pass'
  ];
  const INDENTS = ['', '    ', '        '];

  it('never says no when the compiler would refuse the text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...LINES)),
          { maxLength: 8 }
        ),
        lines => {
          const text = lines.map(([i, l]) => i + l).join('\n');
          if (compileErrors(parsePython(text).tree) !== null) {
            expect(mayHaveCompileErrors(text)).toBe(true);
          }
        }
      ),
      { numRuns: 2000, seed: 7 }
    );
  });

  it('lets ordinary functions and loops through without a second parse', () => {
    expect(
      mayHaveCompileErrors(
        'def f(x):\n    for i in x:\n        if i:\n            break\n    return x'
      )
    ).toBe(false);
    expect(mayHaveCompileErrors('async def f():\n    await g()')).toBe(false);
    expect(mayHaveCompileErrors('if x:\n    return 1')).toBe(true);
    expect(mayHaveCompileErrors('def f():\n    pass\nbreak')).toBe(true);
  });
});
