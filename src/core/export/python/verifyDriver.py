"""linearize verify: run an exported script cell by cell and record each cell's output."""

import ast
import builtins
import contextlib
import io
import json
import linecache
import os
import re
import sys
import tempfile
import tokenize
import traceback
import warnings
from urllib.parse import unquote

MARKER = re.compile(r"^# %%(?: \[(markdown|raw)\])?(?: \[id=([^\]\s]*)\])?")

try:
    from IPython.lib.pretty import pretty as _pretty
except Exception:  # plain Python: the repr is what a kernel would show for most objects
    _pretty = repr


def _display_text(obj):
    try:
        return _pretty(obj)
    except Exception:
        return repr(obj)


def _display(*objs, **kwargs):
    for obj in objs:
        print(_display_text(obj))


def _patch_display():
    for name in ("IPython.display", "IPython.core.display_functions", "IPython.core.display"):
        # Our own imports' deprecation warnings are not the script's stderr.
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = __import__(name, fromlist=["display"])
            if hasattr(module, "display"):
                module.display = _display


def split_cells(text):
    """(kind, cell id, code) per chunk; the part before the first marker is the setup."""
    chunks = [["setup", None, []]]
    for line in text.splitlines(keepends=True):
        m = MARKER.match(line)
        if m:
            chunks.append([m.group(1) or "code", unquote(m.group(2) or ""), [line]])
        else:
            chunks[-1][2].append(line)
    return [(k, i, "".join(lines)) for k, i, lines in chunks]


def quiet(code):
    """True when the last token is a semicolon: IPython then displays nothing."""
    last = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type not in (
                tokenize.NEWLINE,
                tokenize.NL,
                tokenize.COMMENT,
                tokenize.ENDMARKER,
                tokenize.INDENT,
                tokenize.DEDENT,
            ):
                last = tok
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


def run_code(code, filename, namespace):
    # As a kernel does: tracebacks and warnings can show the cell's source lines.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    tree = ast.parse(code, filename=filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not quiet(code):
        last = tree.body.pop()
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - running the script is the job
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
        if value is not None:
            print(_display_text(value))


def captured(fn):
    """Runs fn with fds 1 and 2 redirected to one file; returns (text, error or None)."""
    sys.stdout.flush()
    sys.stderr.flush()
    error = None
    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(1), os.dup(2)
        os.dup2(tmp.fileno(), 1)
        os.dup2(tmp.fileno(), 2)
        try:
            fn()
        except BaseException as e:  # noqa: B902 - a cell may raise anything, SystemExit included
            error = {
                "ename": type(e).__name__,
                "evalue": str(e),
                "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))[
                    -4000:
                ],
            }
            if isinstance(e, KeyboardInterrupt):
                raise
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        tmp.seek(0)
        text = tmp.read().decode("utf-8", "replace")
    return text, error


def main():
    script, results = sys.argv[1], sys.argv[2]
    workdir = sys.argv[3] if len(sys.argv) > 3 else None
    with open(script, encoding="utf-8") as f:
        text = f.read()
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    if workdir:
        sys.path.insert(0, workdir)
    warnings.filterwarnings("ignore", message=".*non-interactive.*")
    _patch_display()
    namespace = {"__name__": "__main__", "__file__": script, "__builtins__": builtins}
    with open(results, "w", encoding="utf-8") as out:

        def emit(record):
            out.write(json.dumps(record) + "\n")
            out.flush()

        for kind, cell_id, code in split_cells(text):
            if kind == "setup":
                output, error = captured(lambda code=code: run_code(code, script, namespace))
                emit({"type": "setup", "output": output, "error": error})
                if error is not None:
                    break
            elif kind == "code":
                name = f"<cell {cell_id}>"
                output, error = captured(
                    lambda code=code, name=name: run_code(code, name, namespace)
                )
                emit({"type": "cell", "id": cell_id, "output": output, "error": error})
        emit({"type": "done"})


if __name__ == "__main__":
    main()
