"""Each folder under tests/checker/cases breaks the small valid content of tests/checker/base in
one way; `check` must report exactly the lines in its expected.txt (golden file).

The cases call the command line's `main(argv)` in this process, as `python -m bot check` would
from the site's folder; one smoke test runs the real `python -m bot check` in a subprocess, so
the module entry point, the exit status and the streams are tested end to end too.

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

from harness import Cli

HERE = Path(__file__).parent / "checker"
CASES = sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir())


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


def check(cli: Cli, root: Path, args: list[str]) -> tuple[int, str, str]:
    """`check ARGS` from the site's folder, as an admin would type it there."""
    ran = cli("check", *args, cwd=root, BOT_CONTENT_DIR="content", BOT_SEEDS_DIR="seeds")
    return ran.code, ran.out, ran.err


def test_base_is_clean(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "site"
    shutil.copytree(HERE / "base", root)
    code, out, err = check(cli, root, ["--strict"])
    assert (code, out) == (0, ""), err
    assert "0 error(s), 0 warning(s)" in err


@pytest.mark.parametrize("case", CASES)
def test_broken_case(case: str, tmp_path: Path, cli: Cli) -> None:
    root, args = build(case, tmp_path)
    code, out, err = check(cli, root, args)
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


def test_python_m_bot_check_smoke(tmp_path: Path) -> None:
    """The real command, in its own process: the same golden lines, the exit status, and the
    summary on stderr, from the entry point an admin types."""
    case = "quote-not-in-source"
    root, args = build(case, tmp_path)
    env = {
        **os.environ,
        "BOT_CONTENT_DIR": "content",
        "BOT_SEEDS_DIR": "seeds",
        # It runs from the site's folder, so it must find the package by path.
        "PYTHONPATH": str(Path(__file__).parents[1]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    expected = (HERE / "cases" / case / "expected.txt").read_text(encoding="utf-8")
    assert f"exit {proc.returncode}\n{proc.stdout}" == expected
    assert proc.returncode == 1
    assert "snippet files checked" in proc.stderr
