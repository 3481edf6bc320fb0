"""The layers hold: import-linter's contracts pass, catch an import that breaks them, and cover every module."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(src), "PATH": str(LINT_IMPORTS.parent), "HOME": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the project's source and contracts with `line` appended to `module`."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "runlift",
        tmp_path / "src" / "runlift",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    path = tmp_path / "src" / Path(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{line}\n")
    return tmp_path


def test_the_import_contracts_are_kept():
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        # a rule reaching up into the store
        (
            "runlift.coaching.rules",
            "from runlift.storage import persistence  # noqa",
            "runlift.coaching.rules -> runlift.storage.persistence",
        ),
        # a projection reaching up into the command line, inside a function (a lazy import counts too)
        (
            "runlift.projections.load",
            "def _late() -> None:\n    import runlift.cli.render  # noqa",
            "runlift.projections.load -> runlift.cli.render",
        ),
        # two siblings of one layer, which must stay independent
        (
            "runlift.queries.status",
            "from runlift.ingest import service  # noqa",
            "runlift.queries.status -> runlift.ingest.service",
        ),
        # a formula loading the database driver
        (
            "runlift.coaching.formulas",
            "import sqlalchemy  # noqa",
            "runlift.coaching.formulas -> sqlalchemy",
        ),
    ],
)
def test_an_import_that_breaks_a_contract_is_caught(tmp_path, module, line, reported):
    project = _copy_with(tmp_path, module, line)
    result = _lint(project, project / "src")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 broken" in result.stdout
    assert reported in result.stdout


def test_every_module_of_runlift_sits_in_a_layer():
    layered = {
        name.strip() for layer in CONTRACTS["contracts"][0]["layers"] for name in layer.split("|")
    }
    package = ROOT / "src" / "runlift"
    top_level = {
        f"runlift.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert top_level - layered == set()
    assert layered - top_level == set()


def test_the_rules_and_formulas_load_no_database_web_watcher_or_scheduler():
    probe = (
        "import sys, runlift.coaching.rules, runlift.coaching.formulas, runlift.coaching.template;"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = {name.split(".")[0] for name in result.stdout.split()}
    heavy = {"sqlalchemy", "psycopg", "fastapi", "starlette", "uvicorn", "watchdog", "apscheduler"}
    assert loaded & heavy == set()
    assert "runlift.coaching.rules" in result.stdout.split()


def test_the_benchmarks_import_no_test_module():
    # bench/ is run on machines and in places where tests/ means nothing; shared generators live in bench/.
    offenders = [
        f"{path.relative_to(ROOT)}: {node.lineno}"
        for path in (ROOT / "bench").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tests")
        or (
            isinstance(node, ast.Import)
            and any(a.name.split(".")[0] == "tests" for a in node.names)
        )
    ]
    assert offenders == []
