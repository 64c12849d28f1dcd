"""Round trip of extracted parameters (shared/design/export-rules.md §3 and §4).

1. Literal table: a notebook of ``name = <literal>`` cells goes through the built CLI
   (``node dist/linearize.cjs params``); ``yaml.safe_load`` of its YAML, with the ``_types``
   map applied, must equal ``ast.literal_eval`` of each literal (same types, floats by repr).
2. Parameter round trip: the rewritten cells plus the generated config prelude, run as a
   script next to the YAML, must bind every extracted name to the value the original code
   binds (own notebooks and a deterministic sample of the shared corpus).
3. The prelude's command line: ``--set``, ``--config`` and its error messages.

Needs ``dist/linearize.cjs`` (``jlpm build`` or ``node scripts/build-cli.mjs``); it is built
here when missing.
"""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "notebooks"

# (name, literal source). Names include YAML 1.1 booleans and nulls on purpose: keys must be
# quoted. Every literal must survive CLI -> YAML -> yaml.safe_load unchanged.
LITERALS: list[tuple[str, str]] = [
    # YAML 1.1 / 1.2 plain-scalar traps, as strings
    ("s_yes", '"yes"'),
    ("s_no", '"no"'),
    ("s_on", '"on"'),
    ("s_off", '"off"'),
    ("s_y", '"y"'),
    ("s_n", '"n"'),
    ("s_tilde", '"~"'),
    ("s_null", '"null"'),
    ("s_Null", '"Null"'),
    ("s_true", '"True"'),
    ("s_0755", '"0755"'),
    ("s_0o755", '"0o755"'),
    ("s_hex", '"0x1F"'),
    ("s_1e5", '"1e-5"'),
    ("s_under", '"1_000"'),
    ("s_sexagesimal", '"1:30"'),
    ("s_date", '"2001-12-14"'),
    ("s_timestamp", '"2001-12-14t21:59:43.10-05:00"'),
    ("s_dot5", '".5"'),
    ("s_5dot", '"5."'),
    ("s_inf", '".inf"'),
    ("s_nan", '".NaN"'),
    ("s_comment", "'#comment'"),
    ("s_colon", '": "'),
    ("s_dash", '"- x"'),
    ("s_flow_seq", '"[a]"'),
    ("s_flow_map", '"{a}"'),
    ("s_alias", '"*a"'),
    ("s_anchor", '"&a"'),
    ("s_tag", '"!tag"'),
    ("s_directive", '"%x"'),
    ("s_at", '"@x"'),
    ("s_backtick", '"`x"'),
    ("s_merge", '"<<"'),
    ("s_value", '"="'),
    ("s_doc_start", '"---"'),
    ("s_doc_end", '"..."'),
    ("s_question", '"? x"'),
    ("s_pipe", '"|"'),
    ("s_gt", '">"'),
    ("s_key_value", '"a: b"'),
    ("s_hash_inside", '"a #b"'),
    ("s_lead", '"  lead"'),
    ("s_trail", '"trail  "'),
    ("s_empty", '""'),
    # escapes and characters PyYAML refuses raw or folds
    ("s_newline", '"\\n"'),
    ("s_tab", '"\\t"'),
    ("s_crlf", '"\\r\\n"'),
    ("s_squote", '"\'"'),
    ("s_dquote", "'\"'"),
    ("s_backslash", '"\\\\"'),
    ("s_nul", '"\\x00"'),
    ("s_bell_etc", '"\\a\\b\\f\\v\\0"'),
    ("s_del", '"\\x7f"'),
    ("s_nel", '"\\x85"'),
    ("s_c1", '"\\x9b"'),
    ("s_ls", '"\\u2028"'),
    ("s_ps", '"\\u2029"'),
    ("s_bom", '"\\ufeff"'),
    ("s_fffe", '"\\ufffe"'),
    ("s_ffff", '"\\uffff"'),
    ("s_emoji", '"😀"'),
    ("s_emoji_escape", '"\\U0001F600"'),
    ("s_accent", '"é\\u00e9"'),
    ("s_cjk", '"日本語"'),
    ("s_octal", '"\\101\\7\\777"'),
    ("s_hex_escape", '"\\x41"'),
    ("s_unknown_escape", '"\\d\\w"'),
    ("s_raw", 'r"C:\\new\\table\\d+"'),
    ("s_raw_upper", 'R"\\n"'),
    ("s_u_prefix", 'u"unicode"'),
    ("s_triple", '"""multi\nline \' " text"""'),
    ("s_triple_single", "'''a\\\nb'''"),
    ("s_concat", '"a" \'b\' r"\\c"'),
    ("s_concat_paren", '("first "\n    "second")'),
    ("s_quoted", '"\\"quoted\\""'),
    ("s_long", '"' + "abc " * 300 + '"'),
    # numbers
    ("i_zero", "0"),
    ("i_neg_zero", "-0"),
    ("i_zeros", "00"),
    ("i_underscore", "1_000"),
    ("i_hex", "0x1F"),
    ("i_hex_upper", "0X1f"),
    ("i_neg_hex", "-0x1F"),
    ("i_oct", "0o755"),
    ("i_oct_upper", "0O17"),
    ("i_bin", "0b101"),
    ("i_bin_under", "0B_1_0"),
    ("i_2_53_plus_1", "9007199254740993"),
    ("i_2_64_plus_1", "18446744073709551617"),
    ("i_neg_big", "-18446744073709551617"),
    ("i_huge", "123456789012345678901234567890123456789"),
    ("i_plus", "+7"),
    ("i_space_minus", "- 3"),
    ("i_double_minus", "--3"),
    ("f_1e5", "1e-5"),
    ("f_1e21", "1E+21"),
    ("f_1e16", "1e16"),
    ("f_1e15", "1e15"),
    ("f_1e4", "1e-4"),
    ("f_dot5", ".5"),
    ("f_5dot", "5."),
    ("f_5dot_exp", "5.e-3"),
    ("f_neg_5dot", "-5."),
    ("f_neg_dot5", "-.5"),
    ("f_neg_zero", "-0.0"),
    ("f_zero", "0.0"),
    ("f_inf", "1e309"),
    ("f_neg_inf", "-1e309"),
    ("f_under", "1_000.000_1"),
    ("f_leading_zero", "09.5"),
    ("f_0e0", "0e0"),
    ("f_pi", "3.141592653589793"),
    ("f_tenth", "0.1"),
    ("f_hard_round", "2.2250738585072011e-308"),
    ("f_many_digits", "0.1000000000000000055511151231257827021181583404541015625"),
    ("f_2_53_plus_1", "9007199254740993.0"),
    ("f_denormal", "4.9406564584124654e-324"),
    ("f_max", "1.7976931348623157e308"),
    ("f_exp_under", "1_0e1_0"),
    ("f_paren", "(2.5)"),
    # bool, None
    ("b_true", "True"),
    ("b_false", "False"),
    ("none", "None"),
    # containers
    ("c_empty_list", "[]"),
    ("c_empty_dict", "{}"),
    ("c_empty_tuple", "()"),
    ("c_one_tuple", "(1,)"),
    ("c_pair", "(1, 2)"),
    ("c_bare_tuple", "1, 'a'"),
    ("c_bare_one", "1,"),
    ("c_nested_list", "[1, [2, [3, []]]]"),
    ("c_dict", '{"a": [1, 2], "b": {"c": None}}'),
    ("c_tuple_list", "[(1, 2), (3, 4)]"),
    ("c_mixed", "((1, 2), [3, (4,)])"),
    ("c_dict_tuple", '{"t": (1, 2), "u": [(5,)]}'),
    (
        "c_scalar_keys",
        '{2: "a", 2.5: "b", None: "c", True: "d", "on": 1, "yes": 2, "null": 3, "1": 4, "~": 5}',
    ),
    ("c_radix_inside", "{-1: 0x10, 'o': [0o17, 0b11]}"),
    ("c_floats", "[1.0, -0.0, 1e-5, 1e309, -1e309]"),
    ("c_deep", '{"nested": {"deep": [{"x": (1,)}]}}'),
    ("c_multiline", "[\n    1,  # one\n    2,\n]"),
    ("c_str_items", '["yes", "no", "", "#", "a, b", "[x]"]'),
    # names that are YAML 1.1 keywords
    ("on", "1"),
    ("yes", "2"),
    ("null", "3"),
    ("true", "4"),
    ("false", "5"),
    ("No", "6"),
    ("Off", "7"),
    ("y", "8"),
    ("n", "9"),
    ("NULL", "10"),
    ("nan", "11"),
    ("inf", "12"),
    ("_", "13"),
]

# Literals that must be listed as skipped, with the skip code.
SKIPPED: list[tuple[str, str, str]] = [
    ("k_power", "2**10", "arithmetic"),
    ("k_fstring", 'f"{s_yes}"', "f-string"),
    ("k_bytes", 'b"x"', "bytes"),
    ("k_raw_bytes", 'rb"x"', "bytes"),
    ("k_set", "{1, 2}", "set"),
    ("k_complex", "1j", "complex"),
    ("k_concat", '"data/" + s_yes', "concatenation"),
    ("k_conditional", "10 if b_true else 100", "conditional"),
    ("k_name_escape", '"\\N{BULLET}"', "unicode-name-escape"),
    ("k_surrogate", '"\\ud800"', "surrogate"),
    ("k_neg_bool", "-True", "not-literal"),
    ("k_starred", "[1, *c_pair]", "starred"),
    ("k_dup_key", '{1: "a", True: "b"}', "duplicate-key"),
    ("k_tuple_key", '{(1, 2): "a"}', "unhashable-key"),
    ("k_ellipsis", "...", "not-literal"),
]


def notebook(cells: list[dict]) -> dict:
    """A minimal nbformat 4.5 notebook."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
        "cells": cells,
    }


def code(source: str, cell_id: str, tags: list[str] | None = None) -> dict:
    meta = {"tags": tags} if tags else {}
    return {
        "cell_type": "code",
        "id": cell_id,
        "source": source,
        "metadata": meta,
        "execution_count": None,
        "outputs": [],
    }


def markdown(source: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "source": source, "metadata": {}}


def run_cli(cli: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(cli), "params", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def params_json(cli: Path, nb_path: Path) -> dict:
    res = run_cli(cli, nb_path, "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def same(a: object, b: object) -> bool:
    """Equality that also checks types (1 vs True vs 1.0, list vs tuple); floats by repr."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    return a == b


def retuple(value: object, at: tuple, paths: set) -> object:
    """Rebuilds tuples at the given paths (what the `_types` map records)."""
    if isinstance(value, list):
        items = [retuple(x, (*at, i), paths) for i, x in enumerate(value)]
        return tuple(items) if at in paths else items
    if isinstance(value, dict):
        return {k: retuple(x, (*at, k), paths) for k, x in value.items()}
    return value


def typed_config(config: dict) -> dict[str, dict[str, object]]:
    """The config with `_types` applied: group -> key -> value."""
    paths: dict[tuple[str, str], set] = {}
    for note in config.get("_types", []):
        if note["type"] == "tuple":
            group, key, *rest = note["path"]
            paths.setdefault((group, key), set()).add(tuple(rest))
    return {
        group: {
            key: retuple(value, (), paths.get((group, key), set()))
            for key, value in section.items()
        }
        for group, section in config.items()
        if group != "_types"
    }


def python_value(src: str) -> object:
    """What Python binds for `x = <src>` (our own table: plain literals, signs, parentheses)."""
    namespace: dict = {"__builtins__": {}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes like "\d" warn
        exec(compile(f"x = {src}\n", "<literal>", "exec"), namespace)  # noqa: S102
    return namespace["x"]


@pytest.fixture(scope="session")
def literal_run(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    cells = [markdown("# Yes", "heading-yes")]
    for i, (name, src) in enumerate(LITERALS):
        cells.append(code(f"{name} = {src}\n", f"lit-{i}"))
    for i, (name, src, _) in enumerate(SKIPPED):
        cells.append(code(f"{name} = {src}\n", f"skip-{i}"))
    path = tmp_path_factory.mktemp("literals") / "literals.ipynb"
    path.write_text(json.dumps(notebook(cells)), encoding="utf-8")
    payload = params_json(cli, path)
    plain = run_cli(cli, path)
    assert plain.returncode == 0, plain.stderr
    return {"json": payload, "yaml": plain.stdout}


def test_literal_table_is_big_enough() -> None:
    assert len(LITERALS) >= 60
    assert len({n for n, _ in LITERALS}) == len(LITERALS)


def test_yaml_output_equals_json_yaml(literal_run: dict) -> None:
    assert literal_run["yaml"] == literal_run["json"]["yaml"]


def test_yaml_is_deterministic_lf_and_marked(literal_run: dict) -> None:
    text = literal_run["yaml"]
    assert text.startswith("# Generated by linearize params")
    assert "\r" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize(("name", "src"), LITERALS, ids=[n for n, _ in LITERALS])
def test_literal_round_trips_through_yaml(literal_run: dict, name: str, src: str) -> None:
    by_key = {c["key"]: c for c in literal_run["json"]["candidates"] if c["key"] is not None}
    assert name in by_key, f"{name} was not found"
    cand = by_key[name]
    assert cand["skip"] is None, cand["skip"]
    config = typed_config(yaml.safe_load(literal_run["yaml"]))
    loaded = config[cand["group"]][name]
    expected = python_value(src)
    assert same(loaded, expected), f"{name}: YAML gave {loaded!r}, Python gives {expected!r}"


def test_c_loader_agrees(literal_run: dict) -> None:
    """libyaml's CSafeLoader (when installed) reads the same values as the pure loader."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        pytest.skip("PyYAML without libyaml")
    pure = yaml.safe_load(literal_run["yaml"])
    fast = yaml.load(literal_run["yaml"], Loader=loader)  # noqa: S506 - a safe loader
    assert same(typed_config(fast), typed_config(pure))


def test_group_named_like_a_yaml_boolean_is_quoted(literal_run: dict) -> None:
    config = yaml.safe_load(literal_run["yaml"])
    assert "yes" in config  # the heading "# Yes": a key `yes` unquoted would load as True
    assert True not in config


@pytest.mark.parametrize(("name", "src", "code"), SKIPPED, ids=[n for n, _, _ in SKIPPED])
def test_non_literals_are_skipped_with_a_reason(
    literal_run: dict, name: str, src: str, code: str
) -> None:
    found = [c for c in literal_run["json"]["candidates"] if c["name"] == name]
    assert len(found) == 1, f"{name} = {src} is not listed"
    skip = found[0]["skip"]
    assert skip is not None and skip["code"] == code, skip
    assert skip["message"]
    assert found[0]["key"] is None


def run_script(
    workdir: Path, script: str, *args: str, dump: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Runs a script from its folder's parent (the prelude must find its config anyway)."""
    out = workdir / "values.pickle"
    footer = ""
    if dump is not None:
        footer = (
            "\nimport pickle as _pickle\n"
            f"with open({str(out)!r}, 'wb') as _f:\n"
            f"    _pickle.dump({{_n: globals()[_n] for _n in {dump!r}}}, _f)\n"
        )
    (workdir / "script.py").write_text(script + footer, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(workdir / "script.py"), *args],
        cwd=workdir.parent,
        capture_output=True,
        text=True,
    )


def load_dump(workdir: Path) -> dict:
    with open(workdir / "values.pickle", "rb") as f:
        return pickle.load(f)  # noqa: S301 - our own file


def pure_literal_cell(source: str) -> bool:
    """True when every statement of the cell is `name = <literal>` (what we may execute)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    if not tree.body:
        return False
    for st in tree.body:
        if isinstance(st, ast.Assign) and all(isinstance(t, ast.Name) for t in st.targets):
            value = st.value
        elif isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and st.value:
            value = st.value
        else:
            return False
        while isinstance(value, ast.UnaryOp) and isinstance(value.op, (ast.UAdd, ast.USub)):
            value = value.operand  # `--3` is a literal to us, not to literal_eval
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
    return True


def cell_sources(nb: dict) -> list[tuple[str, str]]:
    """(id, source) of code cells, ids as the CLI assigns them (`cell-<index>` when absent)."""
    cells = nb.get("cells")
    if cells is None:
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    out = []
    seen: set[str] = set()
    for i, c in enumerate(cells):
        cid = c.get("id") or f"cell-{i}"
        if cid in seen:
            n = 2
            while f"{cid}-{n}" in seen:
                n += 1
            cid = f"{cid}-{n}"
        seen.add(cid)
        if c.get("cell_type") != "code":
            continue
        src = c.get("source", c.get("input", ""))
        out.append((cid, "".join(src) if isinstance(src, list) else src))
    return out


def check_parameter_round_trip(cli: Path, nb_path: Path, workdir: Path) -> int:
    """Original vs rewritten+config for the notebook's pure literal cells; returns #names.

    A pure literal cell whose values are all skipped (a set, a reassigned name) is checked
    for its skip reasons instead.
    """
    payload = params_json(cli, nb_path)
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    rewritten = {c["id"]: c["source"] for c in payload["rewrite"]["cells"]}
    cells = [(cid, src) for cid, src in cell_sources(nb) if pure_literal_cell(src)]
    cell_ids = {cid for cid, _ in cells}
    names = sorted(
        {
            c["name"]
            for c in payload["candidates"]
            if c["skip"] is None and c["kind"] == "assign" and c["cellId"] in cell_ids
        }
    )
    if not names:
        in_cells = [c for c in payload["candidates"] if c["cellId"] in cell_ids]
        assert all(c["skip"] and c["skip"]["message"] for c in in_cells), in_cells
        return 0
    original: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, src in cells:
            exec(compile(src, "<cell>", "exec"), original)  # noqa: S102 - literal assignments only
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / payload["rewrite"]["configFile"]).write_text(payload["yaml"], encoding="utf-8")
    script = (
        payload["rewrite"]["prelude"]
        + "\n"
        + "\n".join(rewritten.get(cid, src) for cid, src in cells)
    )
    res = run_script(workdir, script, dump=names)
    assert res.returncode == 0, f"{nb_path.name}: the rewritten script failed:\n{res.stderr}"
    values = load_dump(workdir)
    for name in names:
        assert same(values[name], original[name]), (
            f"{nb_path.name}: {name} is {values[name]!r} after the rewrite, "
            f"{original[name]!r} before"
        )
    return len(names)


def test_literal_notebook_round_trip(literal_run: dict, cli: Path, tmp_path: Path) -> None:
    cells = [markdown("# Yes", "h")]
    cells += [code(f"{name} = {src}\n", f"lit-{i}") for i, (name, src) in enumerate(LITERALS)]
    path = tmp_path / "literals.ipynb"
    path.write_text(json.dumps(notebook(cells)), encoding="utf-8")
    assert check_parameter_round_trip(cli, path, tmp_path / "run") == len(LITERALS)


OWN_NOTEBOOK = [
    markdown("# Setup", "m0"),
    code(
        "# papermill parameters\nlr = 0.01\nepochs = 3\nshape = (28, 28)\n"
        "mode = 0o755\nname = '0755'\nflag = True\nseed = 1\n",
        "params",
        ["parameters"],
    ),
    markdown("## Data", "m1"),
    code('data_path = "data/train.csv"\nseed = 2  # a later assignment stays in code\n', "c1"),
    code("sizes = [(1, 2), (3, 4)]\nopts = {'a': [1, 2], 'b': None}\nthreshold = 0.5\n", "c2"),
    code("%time eps = 1e-5\nbig = 18446744073709551617\n", "c3"),
]


def write_own(tmp_path: Path) -> Path:
    path = tmp_path / "own.ipynb"
    path.write_text(json.dumps(notebook(OWN_NOTEBOOK)), encoding="utf-8")
    return path


def test_own_notebook_round_trip(cli: Path, tmp_path: Path) -> None:
    n = check_parameter_round_trip(cli, write_own(tmp_path), tmp_path / "run")
    # %time is IPython: that cell is not executed here, everything else is.
    assert n == 11


def prepared_script(cli: Path, tmp_path: Path) -> tuple[Path, str, list[str]]:
    payload = params_json(cli, write_own(tmp_path))
    workdir = tmp_path / "run"
    workdir.mkdir()
    (workdir / "params.yaml").write_text(payload["yaml"], encoding="utf-8")
    rewritten = {c["id"]: c["source"] for c in payload["rewrite"]["cells"]}
    body = "\n".join(
        rewritten.get(cid, src)
        for cid, src in cell_sources(notebook(OWN_NOTEBOOK))
        if pure_literal_cell(src)
    )
    return workdir, payload["rewrite"]["prelude"] + "\n" + body, ["lr", "epochs", "shape"]


def test_set_overrides_are_typed_by_the_default(cli: Path, tmp_path: Path) -> None:
    workdir, script, _ = prepared_script(cli, tmp_path)
    res = run_script(
        workdir,
        script,
        "--set",
        "training.lr=0.02",
        "--set",
        "epochs=7",
        "--set",
        "shape=[32, 32]",
        "--set",
        "parameters.name=0644",
        "--set",
        "flag=false",
        "--set",
        "data_path=other.csv",
        "--set",
        "sizes=[[5, 6]]",
        "--set",
        "parameters.mode=0o644",
        dump=["lr", "epochs", "shape", "name", "flag", "data_path", "sizes", "mode"],
    )
    assert res.returncode == 0, res.stderr
    v = load_dump(workdir)
    assert same(v["lr"], 0.02)
    assert same(v["epochs"], 7)
    assert same(v["shape"], (32, 32))
    assert same(v["name"], "0644")  # a str default keeps digits as text
    assert same(v["flag"], False)
    assert same(v["data_path"], "other.csv")
    assert same(v["sizes"], [(5, 6)])  # nested tuples rebuilt from the type map
    assert same(v["mode"], 0o644)


def test_config_option_reads_another_file(cli: Path, tmp_path: Path) -> None:
    workdir, script, _ = prepared_script(cli, tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(
        (workdir / "params.yaml").read_text(encoding="utf-8").replace('"lr": 0.01', '"lr": 0.125')
    )
    res = run_script(workdir, script, "--config", str(other), dump=["lr"])
    assert res.returncode == 0, res.stderr
    assert same(load_dump(workdir)["lr"], 0.125)


@pytest.mark.parametrize(
    ("args", "edit", "message"),
    [
        (["--set", "nope=1"], None, "unknown key; valid keys: training.lr"),
        (["--set", "epochs=3.5"], None, "--set training.epochs=3.5: not a valid int"),
        (["--set", "flag=maybe"], None, "not a valid bool"),
        (["--set", "lr"], None, "expected GROUP.KEY=VALUE"),
        (["--set", "shape={a: 1}"], None, "parameters.shape must be tuple, got dict"),
        ([], ('"epochs": 3', '"epochs": "3"'), "training.epochs must be int, got str '3'"),
        ([], ('"lr": 0.01', '"lr": 1e-3'), "dot and a signed exponent"),
        ([], ('"lr": 0.01', '"lr": 0.01\n  "extra": 1'), "unknown keys training.extra"),
        ([], ('"lr": 0.01', '"lr": [0.01'), "is not valid YAML"),
        ([], ('  "epochs": 3\n', ""), "training.epochs is missing"),
    ],
)
def test_prelude_errors_are_clear(
    cli: Path,
    tmp_path: Path,
    args: list[str],
    edit: tuple[str, str] | None,
    message: str,
) -> None:
    workdir, script, _ = prepared_script(cli, tmp_path)
    if edit is not None:
        config = workdir / "params.yaml"
        text = config.read_text(encoding="utf-8")
        assert edit[0] in text
        config.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    res = run_script(workdir, script, *args)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr, res.stderr


def test_missing_config_is_a_clear_error(cli: Path, tmp_path: Path) -> None:
    workdir, script, _ = prepared_script(cli, tmp_path)
    (workdir / "params.yaml").unlink()
    res = run_script(workdir, script)
    assert res.returncode == 2
    assert "cannot read the config" in res.stderr


def test_int_float_default_accepts_int(cli: Path, tmp_path: Path) -> None:
    workdir, script, _ = prepared_script(cli, tmp_path)
    config = workdir / "params.yaml"
    config.write_text(config.read_text().replace('"lr": 0.01', '"lr": 1'), encoding="utf-8")
    res = run_script(workdir, script, dump=["lr"])
    assert res.returncode == 0, res.stderr
    assert same(load_dump(workdir)["lr"], 1.0)


def corpus_sample() -> list[Path]:
    """Every third corpus notebook with a pure literal cell, in sorted order (deterministic)."""
    if not CORPUS.is_dir():
        return []
    picked = []
    for path in sorted(CORPUS.rglob("*.ipynb")):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if any(pure_literal_cell(src) for _, src in cell_sources(nb)):
            picked.append(path)
    return picked[::3]


@pytest.mark.parametrize("path", corpus_sample(), ids=lambda p: p.name)
def test_corpus_parameter_round_trip(cli: Path, tmp_path: Path, path: Path) -> None:
    check_parameter_round_trip(cli, path, tmp_path / "run")


def test_corpus_sample_compares_many_names(cli: Path, tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    sample = corpus_sample()
    assert len(sample) >= 20
    compared = sum(
        check_parameter_round_trip(cli, p, tmp_path / f"run{i}") for i, p in enumerate(sample[:8])
    )
    assert compared >= 8


def as_python(source: str) -> str:
    """IPython's own translation of a cell to Python (magics become calls), when installed."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    return TransformerManager().transform_cell(source)


def every_twentieth_notebook() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob("*.ipynb"))[::20]


@pytest.mark.parametrize("path", every_twentieth_notebook(), ids=lambda p: p.name)
def test_corpus_rewritten_cells_still_parse(cli: Path, path: Path) -> None:
    """Replacing literal spans keeps valid Python valid (any cell, not only literal ones)."""
    payload = params_json(cli, path)
    original = dict(cell_sources(json.loads(path.read_text(encoding="utf-8"))))
    for cell in payload["rewrite"]["cells"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ast.parse(as_python(original[cell["id"]]))
            except SyntaxError:
                continue  # Python 2: not ours to check here
            ast.parse(as_python(cell["source"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ast.parse(payload["rewrite"]["prelude"])
