/**
 * One SARIF rule per verdict: the README's verdict table (a test keeps the two equal)
 * and a line saying what to do about it.
 */
import type { VerdictId } from '../../core';

export interface IRuleText {
  /** The README's "means" column, markdown. */
  readonly means: string;
  /** What to do about a finding of this kind. */
  readonly fix: string;
}

export const README_URL =
  'https://github.com/jupyterlab-linearize/jupyterlab-linearize#the-verdicts';

const RERUN = 'Re-run the cells the finding lists, top to bottom.';

export const RULES: Readonly<Record<VerdictId, IRuleText>> = {
  unexecuted: {
    means:
      'a non-blank code cell that has not run in this kernel session; after Run All stopped at an error, the cells it never reached are one finding',
    fix: 'Run the cell, or remove it if the notebook does not need it.'
  },
  skipped: {
    means:
      'an unexecuted cell with a cell below it that ran, when running it would change what such a cell shows (it writes a name one reads, may bind anything, or would fail); otherwise info',
    fix: 'Run the notebook top to bottom (Restart & Run All) so that every cell above a result has run.'
  },
  'out-of-order': {
    means:
      "the cell's last run read a value written by a cell positioned **below** it",
    fix: 'Move the defining cell above its reader, then Restart & Run All.'
  },
  'count-order': {
    means:
      'saved execution counts are not increasing top to bottom (Pimentel et al.\'s "unordered")',
    fix: 'Restart & Run All before saving, so the counts read 1, 2, 3… top to bottom.'
  },
  'count-gap': {
    means:
      'a gap in the sorted counts: cells ran that are no longer there (Pimentel\'s "skips"; hidden by default)',
    fix: 'Restart & Run All before saving: runs that are not in the notebook may have left state behind.'
  },
  edited: {
    means: 'the source changed since the cell last ran',
    fix: 'Run the cell again so its outputs match its source.'
  },
  stale: {
    means:
      'a cell **above** re-wrote a name this cell read, after this cell ran; or the cell did not run in this session but shows a saved output that cells above, run since, may have changed',
    fix: RERUN
  },
  unsafe: {
    means:
      'the cell read a value derived (transitively) from a superseded value',
    fix: RERUN
  },
  'hidden-state': {
    means:
      'the value came from code no longer in the notebook: a deleted or edited cell, a re-run of the same cell (`x += 1`), a previous kernel session, or a _ghost name_ alive only in the kernel',
    fix: 'Put the code that defines the value back into the notebook (or delete its use), then Restart & Run All.'
  },
  shadowed: {
    means:
      'the cell read `n` from one cell, but the nearest cell above that writes `n` is now another',
    fix: RERUN
  },
  'rra-undefined': {
    means:
      'top to bottom, the cell reads a name no cell above binds (an annotation only without `from __future__ import annotations`): Restart & Run All fails here',
    fix: 'Define the name in a cell above (or move its defining cell up).'
  },
  'rra-maybe-undefined': {
    means: '… only some paths above bind it (a loop, an `if` without `else`)',
    fix: 'Bind the name on every path above (an `else`, a default before the loop).'
  },
  errored: {
    means: "the cell's last run raised: Run All stops here",
    fix: 'Fix the error and run the cell again.'
  },
  'history-var': {
    means:
      'the cell reads `_`, `Out[n]`, `In[n]`…: their values depend on execution order',
    fix: 'Name the value you need in the cell that computes it and read that name instead.'
  },
  'syntax-error': {
    means: 'the cell does not parse as Python (after IPython syntax is masked)',
    fix: 'Fix the syntax, or mark the cell as another language with a cell magic.'
  },
  'language-not-supported': {
    means: 'not a Python notebook: only the language-independent verdicts ran',
    fix: 'Nothing to do: the Python-specific verdicts do not apply.'
  },
  'data-missing': {
    means:
      "a file the code reads does not exist (a literal path, or a name bound above to one, resolved against the notebook's folder); a literal glob that matches nothing; a folder `os.chdir` enters, or a file `%run` runs, does not exist",
    fix: 'Put the file where the code reads it, or read it from a path in the config (`linearize params`).'
  },
  'data-changed': {
    means:
      'the record holds the md5 of a file as a run read it (kernel companion), and the file now differs',
    fix: 'Re-run the notebook on the current file, or restore the file the results came from.'
  },
  'data-unpinned': {
    means:
      'a file read is neither committed unchanged in git nor covered by DVC: its content can change without a trace',
    fix: 'Commit the file, or track it with `dvc add`.'
  },
  'network-read': {
    means:
      'data comes over the network (a URL given to a reader, `urlopen`, `requests`, `!wget`, a known downloader, a Hugging Face Hub model by name): it can change or vanish',
    fix: 'Download once, keep the file (committed or `dvc add`), and read the local copy; for a Hub model, pin `revision=` to a commit hash.'
  },
  'unseeded-random': {
    means:
      'the cell draws random numbers (or calls an estimator or splitter that takes `random_state` without it) and no seed is set before it',
    fix: 'Set a seed in a cell at the top (`np.random.seed(0)`, `random.seed(0)`) or pass `random_state=0`.'
  },
  'python-version': {
    means:
      "the notebook's saved Python has another major version than the target interpreter (warning), or another minor version (info); or the code uses a standard-library name or module the target's Python removed (`time.clock`, `collections.Mapping`, `imp` on 3.12): Restart & Run All fails there (warning)",
    fix: 'Run with the Python the notebook was written for, or port the code.'
  },
  'module-missing': {
    means:
      'an imported module is neither standard library, nor installed in the target interpreter, nor a local module: Restart & Run All fails at that import',
    fix: 'Install the package in the target environment (pin it in requirements.txt).'
  },
  'env-drift': {
    means:
      "the record holds the version of a package as the notebook imported it (or, without a record, the notebook's own output shows it: `keras.__version__` → `'2.0.8'`), and the target interpreter has another; or the code uses a name the target's version of the package removed (`np.float` in numpy ≥ 1.24, `tf.placeholder` in TensorFlow 2, `sklearn.cross_validation`): Restart & Run All fails there",
    fix: 'Install the recorded version (pin it), or a version below the release that removed the name, or re-run and check the results with the new one.'
  }
};

/** Markdown to plain text for SARIF's `text` fields (they are shown verbatim). */
export function plain(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/_([^_]+)_/g, '$1');
}
