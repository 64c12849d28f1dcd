"""Unit tests of the config loader an exported script starts with.

``src/core/params/python/configLoader.py`` is the body the export embeds verbatim (see
``scripts/embed-python.mjs``); here its function runs directly, with the head the export
would write passed as arguments.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOADER = REPO / "src" / "core" / "params" / "python" / "configLoader.py"


@pytest.fixture(scope="module")
def load():
    # The loader imports the runtime's functions (the prelude copies them in instead).
    sys.path.insert(0, str(LOADER.parent))
    try:
        spec = importlib.util.spec_from_file_location("linearize_config_loader", LOADER)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(LOADER.parent))
        sys.modules.pop("runtime", None)
    return module._linearize_params


def run(load, monkeypatch, tmp_path, config, kinds, tuples=None, argv=()):
    path = tmp_path / "params.yaml"
    path.write_text(config, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["script.py", "--config", str(path), *argv])
    return load("params.yaml", kinds, tuples or {})


def test_reads_groups_and_widens_int_to_float(load, monkeypatch, tmp_path):
    params = run(
        load,
        monkeypatch,
        tmp_path,
        'training:\n  lr: 1\n  epochs: 3\ndata:\n  path: "a.csv"\n',
        {"training.lr": "float", "training.epochs": "int", "data.path": "str"},
    )
    assert params == {"training": {"lr": 1.0, "epochs": 3}, "data": {"path": "a.csv"}}
    assert type(params["training"]["lr"]) is float


def test_rebuilds_tuples_at_recorded_paths(load, monkeypatch, tmp_path):
    params = run(
        load,
        monkeypatch,
        tmp_path,
        "model:\n  shape: [[1, 2], 3]\n",
        {"model.shape": "tuple"},
        {"model.shape": [(), (0,)]},
    )
    assert params == {"model": {"shape": ((1, 2), 3)}}


def test_set_overrides_by_full_or_unique_key(load, monkeypatch, tmp_path):
    params = run(
        load,
        monkeypatch,
        tmp_path,
        "training:\n  lr: 0.1\n  fast: false\n",
        {"training.lr": "float", "training.fast": "bool"},
        argv=["--set", "training.lr=0.5", "--set", "fast=true"],
    )
    assert params == {"training": {"lr": 0.5, "fast": True}}


@pytest.mark.parametrize(
    ("config", "argv", "message"),
    [
        ('training:\n  lr: "x"\n', [], "training.lr must be float, got str"),
        ("training: {}\n", [], "training.lr is missing"),
        ("training:\n  lr: 0.1\n  other: 1\n", [], "unknown keys training.other"),
        ("training:\n  lr: 0.1\n", ["--set", "nope=1"], "--set nope: unknown key"),
        ("training:\n  lr: 0.1\n", ["--set", "training.lr=abc"], "not a valid float"),
        ("- 1\n", [], "must be a mapping of groups to values"),
    ],
)
def test_refuses_with_a_message(load, monkeypatch, tmp_path, capsys, config, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        run(load, monkeypatch, tmp_path, config, {"training.lr": "float"}, argv=argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
