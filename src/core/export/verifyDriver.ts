/**
 * The Python program `linearize verify` runs in a fresh interpreter: it executes an exported
 * script cell by cell (split at our `# %% [id=…]` markers) in one namespace, as a kernel
 * would, and records for each cell what it printed (stdout and stderr, at the file-descriptor
 * level so subprocesses and C extensions count) and the text a kernel would display for the
 * cell's last expression (IPython's `pretty` when importable, else `repr`; nothing after a
 * final `;`). `display()` from IPython is patched to print the same text.
 *
 * Usage: `python -u driver.py SCRIPT RESULTS [WORKDIR]`. RESULTS gets one JSON object per
 * line (`setup`, then one `cell` per code cell, then `done`), flushed as it goes, so a run
 * killed on timeout still reports the cells it finished. Plain Python 3.8+, no IPython needed.
 */
import { VERIFY_DRIVER_PY } from './python/verifyDriver_py';
export const VERIFY_DRIVER = VERIFY_DRIVER_PY;
