/**
 * The Python the kernel companion runs, as plain strings: the one source of truth, sent to
 * the kernel by `src/lab/companion.ts` and tested against a real ipykernel by
 * `jupyterlab_linearize/tests/test_companion.py` (through `scripts/dump-snippets.mjs`).
 *
 * Design (issue 5): every request is a *silent* execute request with empty `code`
 * (`silent: true, store_history: false`, so no execution count, no history, no `_`) whose only
 * work is one user expression. That expression calls into a private module object,
 * `sys.modules['__linearize__']`, installed once per kernel by `installExpression()`; every
 * name of the companion lives in that module, none in the user's namespace. The reply comes
 * back as the expression's `text/plain`, which is JSON.
 *
 * Re-binding facts are recorded by an IPython `post_run_cell` callback: after each user
 * execution it stores `{name: id(obj)}` for the whole namespace (ids only, a C-level copy),
 * keyed by the execution count. Diffs are computed later, inside the silent `rebind` request
 * that the front end sends after the reply. Why a callback rather than a snapshot per request:
 * Run All sends every cell before the first reply, so a request sent "after cell 1" runs after
 * the last cell; only a record taken inside each execution can tell cell 1's bindings from
 * cell 2's.
 */
import { KERNEL_COMPANION_PY } from './python/kernelCompanion_py';

/** Bumped on any change of the Python below: an older module then answers "not installed". */
export const PROTOCOL_VERSION = 2;

/** Key of the module in `sys.modules`. Never a name in the user's namespace. */
export const COMPANION_MODULE = '__linearize__';

/** The module's entry point; carries the protocol version (see `PROTOCOL_VERSION`). */
export const COMPANION_ENTRY = `v${PROTOCOL_VERSION}`;

/** Key of our one user expression in the request and the reply. */
export const REPLY_KEY = 'linearize';

/**
 * The companion module (Python 3.8+). Ops, called through `v1(op, args_json)`:
 *
 * - `install()`: takes the baseline snapshot and registers the `post_run_cell` callback
 *   (idempotent); `{version, hook, count}`.
 * - `rebind(since)`: settles pending snapshots into diffs and returns
 *   `{hook, first, runs: {count: {added, changed, deleted}}}` for counts `>= since`.
 *   Non-destructive, so two front ends on one kernel both get every run.
 * - `names()`: `{names}`, the live user names (for ghost names).
 * - `delete(names)`: `del` of each name; `{deleted, missing, refused}`.
 * - `env(hints)`: Python, platform and the distributions of the imported packages.
 * - `fingerprint(paths, max_bytes, max_files, ignored_folders, ignored_files, chunk_bytes)`:
 *   DVC-compatible `{path, md5, size[, nfiles]}` by the one data rule (`dataRule.json`).
 * - `uninstall()`: removes the callback and the module.
 *
 * Names hidden everywhere (IPython's own): `In Out _ __ ___ _i _ii _iii _ih _oh _dh _sh
 * _exit_code exit quit get_ipython`, `_N`, `_iN`, dunders, and the names ipykernel injects
 * (`user_ns_hidden`, e.g. `open`) while they still hold the injected object. Modules are
 * user names: a re-import that rebinds a name to another module matters.
 *
 * Inside each user execution the callback first flushes stdout/stderr (so the user's output
 * never waits for it), then copies the ids (~0.6 ms for 10,000 names). Ids only, so no object
 * is kept alive; the price is that an object freed and another allocated at the same address
 * by one cell (`x = None; x = [...]`) can look unchanged.
 *
 * `env`: top-level modules of `sys.modules` minus the standard library
 * (`sys.stdlib_module_names`), private ones (`_distutils_hack`) and ours, mapped to
 * distributions with `importlib.metadata.packages_distributions()` (a namespace package keeps
 * the distributions whose files were loaded). The kernel's own distributions (ipykernel's
 * requirements, transitively) are left out unless a user name points into them or `hints`
 * names them. Unmapped modules that are files under the working directory are `local`.
 *
 * `fingerprint`: paths relative to the kernel's working directory; absolute, `~`, URL and
 * `..` paths are refused (a lexical rule, not a sandbox: whoever can send this request can
 * run any code in the kernel; it keeps the companion from hashing arbitrary trees by mistake).
 * Symlinked files are followed, symlinked folders are not descended, as DVC does. Files:
 * md5 of the bytes (DVC 3; DVC 2 hashed text files with CRLF turned into LF). Folders: DVC's
 * `.dir` id, md5 of `json.dumps(sorted [{md5, relpath}], sort_keys=True)` + `.dir`, skipping
 * `.git`/`.hg`/`.dvc` folders and `.git` files (DVC's default ignores; `.dvcignore` files are
 * not read), and non-regular files. Read in 1 MiB chunks, within `max_bytes` per request and
 * `max_files` per folder; digests are cached by (path, size, mtime, inode).
 */
export const KERNEL_SOURCE = KERNEL_COMPANION_PY;

/** A Python string literal holding `text` (JSON string syntax is a subset of Python's). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The user expression that installs the module when it is absent or of another protocol
 * version (uninstalling the older one first), then calls `install`. Evaluated with `eval`
 * in the user's namespace: lambdas keep every intermediate value local.
 */
export function installExpression(): string {
  const get = `s.modules.get(${pyString(COMPANION_MODULE)})`;
  const fresh =
    `(lambda m, old: (exec(${pyString(KERNEL_SOURCE)}, m.__dict__), m._replace(old), ` +
    `s.modules.__setitem__(${pyString(COMPANION_MODULE)}, m), m.${COMPANION_ENTRY})[3])` +
    `(__import__('types').ModuleType(${pyString(COMPANION_MODULE)}), ${get})`;
  return (
    `(lambda s: getattr(${get}, ${pyString(COMPANION_ENTRY)}, None) or ${fresh})` +
    `(__import__('sys'))('install', '{}')`
  );
}

/** The ops of the companion module. */
export type CompanionOp =
  | 'install'
  | 'rebind'
  | 'names'
  | 'delete'
  | 'env'
  | 'fingerprint'
  | 'uninstall';

/**
 * The user expression that calls `op` with keyword arguments `args`. When the module is
 * absent (first use, restart, other version) it evaluates to `0` instead: the caller then
 * installs and retries.
 */
export function callExpression(
  op: CompanionOp,
  args: Readonly<Record<string, unknown>> = {}
): string {
  return (
    `(getattr(__import__('sys').modules.get(${pyString(COMPANION_MODULE)}), ` +
    `${pyString(COMPANION_ENTRY)}, None) or (lambda *a: 0))` +
    `(${pyString(op)}, ${pyString(JSON.stringify(args))})`
  );
}

/** The content of a silent execute request (`KernelMessage.IExecuteRequestMsg['content']`). */
export interface ISilentRequest {
  readonly code: string;
  readonly silent: true;
  readonly store_history: false;
  readonly user_expressions: Readonly<Record<string, string>>;
  readonly allow_stdin: false;
  readonly stop_on_error: false;
}

/**
 * The request that evaluates `expression`. `code` stays empty: ipykernel then skips the input
 * transformers and the compiler, and an empty cell cannot error. `stop_on_error: false` so that
 * nothing of ours can ever abort the user's queued cells.
 */
export function silentRequest(expression: string): ISilentRequest {
  return {
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { [REPLY_KEY]: expression },
    allow_stdin: false,
    stop_on_error: false
  };
}
