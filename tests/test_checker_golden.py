"""Each folder under tests/checker/cases breaks the small valid content of tests/checker/base in
one way; `python -m bot check` must report exactly the lines in its expected.txt (golden file).

A case folder holds files that replace or add to the base, an optional `delete` file (paths to
remove, one per line), an optional `args` file (extra arguments), and `expected.txt`: the exit
code on its first line (`exit N`), then the problem lines. Regenerate after a deliberate change
of wording with `UPDATE_GOLDEN=1 pytest tests/test_checker_golden.py` and read the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "checker"
CASES = sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir())


def run_check(root: Path, args: list[str]) -> tuple[int, str, str]:
    env = {**os.environ, "BOT_CONTENT_DIR": "content", "BOT_SEEDS_DIR": "seeds"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


def build(case: str, tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "site"
    shutil.copytree(HERE / "base", root)
    case_dir = HERE / "cases" / case
    for path in case_dir.rglob("*"):
        rel = path.relative_to(case_dir)
        if path.is_file() and rel.parts[0] in ("content", "seeds"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, root / rel)
    if (case_dir / "delete").exists():
        for line in (case_dir / "delete").read_text().split():
            (root / line).unlink()
    args = (case_dir / "args").read_text().split() if (case_dir / "args").exists() else []
    return root, args


@pytest.fixture(autouse=True)
def _importable(monkeypatch: pytest.MonkeyPatch) -> None:
    # The subprocess runs from a temporary folder, so it must find the package by path.
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parents[1]))


def test_base_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(HERE / "base", root)
    code, out, err = run_check(root, ["--strict"])
    assert (code, out) == (0, ""), err


@pytest.mark.parametrize("case", CASES)
def test_broken_case(case: str, tmp_path: Path) -> None:
    root, args = build(case, tmp_path)
    code, out, err = run_check(root, args)
    assert "Traceback" not in out + err
    got = f"exit {code}\n{out}"
    expected = HERE / "cases" / case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")
    if code == 1:
        assert out.strip(), "a failing check must say why"
        for line in out.splitlines():
            path, lineno, message = line.split(":", 2)
            assert (root / path).exists() or path.startswith(("content", "seeds")), line
            assert int(lineno) >= 1 and message.strip()
