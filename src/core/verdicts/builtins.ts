/**
 * Names that are bound before any cell runs, so reading them is never `rra-undefined`:
 * Python 3's builtins, the names IPython injects into a kernel's namespace, and (for
 * `python2` kernels) the Python 2 builtins. The one place these lists live (the output
 * history names `_`, `_3`, `In`, … are `isHistoryName` of the facts layer).
 */
import { isHistoryName } from '../facts/names';

/** `dir(builtins)` of CPython 3.12 (3.13's additions included). */
const PYTHON3 = `ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError
ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis
EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError
FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError
IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError
OverflowError PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError
RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration
StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError
UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
UnicodeWarning UserWarning ValueError Warning ZeroDivisionError __build_class__ __debug__ __doc__
__import__ __loader__ __name__ __package__ __spec__ abs aiter all anext any ascii bin bool
breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict
dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help
hex id input int isinstance issubclass iter len license list locals map max memoryview min next
object oct open ord pow print property quit range repr reversed round set setattr slice sorted
staticmethod str sum super tuple type vars zip`;

/**
 * What an IPython kernel's user namespace holds before the first cell
 * (`InteractiveShell.user_ns`, IPython 9) plus the builtins IPython adds while code runs
 * (`display`, `get_ipython`, `__IPYTHON__`). Output-history names are in `isHistoryName`.
 */
const IPYTHON = `In Out _ __ ___ __builtin__ __builtins__ _dh _ih _oh _i _ii _iii exit quit
get_ipython display __IPYTHON__`;

/** Python 2 builtins that Python 3 removed, accepted only in `python2` kernels. */
const PYTHON2 = `apply basestring buffer cmp coerce execfile file intern long raw_input reduce
reload unichr unicode xrange StandardError`;

function words(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/).filter(w => w !== ''));
}

const BOUND3: ReadonlySet<string> = new Set([
  ...words(PYTHON3),
  ...words(IPYTHON)
]);
const BOUND2: ReadonlySet<string> = new Set([...BOUND3, ...words(PYTHON2)]);

/**
 * True when `name` is bound in a fresh kernel before any cell runs.
 * @param python2 accept the Python 2 builtins too (for a `python2` kernel).
 */
export function isPredefined(name: string, python2 = false): boolean {
  return (python2 ? BOUND2 : BOUND3).has(name) || isHistoryName(name);
}

/** True when a kernel spec name says Python 2 (`python2`, `python27`, `Python 2.7`). */
export function isPython2Kernel(kernelName: string | null): boolean {
  return kernelName !== null && /^python\s*2/i.test(kernelName);
}
