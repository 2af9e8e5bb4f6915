"""The pre-commit hook an organisation's content repository uses (`.pre-commit-hooks.yaml`).

`pre-commit try-repo` runs the hook from this repository exactly as a content repository's
`.pre-commit-config.yaml` would: it builds the hook's own environment (installing this package
and its dependencies from the package index), then runs `advocacy-bot check --strict` at the
content repository's root. Building that environment takes most of a minute; it is skipped only
when no package index can be reached, and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "checker" / "base"
SNIPPET = Path("content/snippets/visits/a-visit.yaml")
_OFFLINE = (
    "Failed to establish a new connection",
    "Network is unreachable",
    "Temporary failure in name resolution",
    "No matching distribution found",
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Content team", "-c", "user.email=content@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )


def _try_repo(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("BOT_CONTENT_DIR", None)
    env.pop("BOT_SEEDS_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "advocacy-bot-check", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_hook_checks_a_content_repository_and_fails_on_a_broken_quote(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this project as a git repository (not an unpacked archive)")
    repo = tmp_path / "our-content"
    shutil.copytree(BASE / "content", repo / "content")
    shutil.copytree(BASE / "seeds", repo / "seeds")
    (repo / "README.md").write_text("Our answers.\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "our content")
    home = tmp_path / "pre-commit-home"

    clean = _try_repo(repo, home, "--all-files")
    if clean.returncode != 0 and any(
        s in clean.stdout + clean.stderr + _log(home) for s in _OFFLINE
    ):
        pytest.skip("no package index reachable to build the hook's environment")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "advocacy-bot check --strict" in clean.stdout and "Passed" in clean.stdout

    path = repo / SNIPPET
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "a maximum of three months", "a maximum of two months"
        ),
        encoding="utf-8",
    )
    _git(repo, "add", str(SNIPPET))
    broken = _try_repo(repo, home)  # the staged change only, as at `git commit`
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert (
        f"{SNIPPET}:18: this quote is not in the source 'doc' (doc.txt); the closest passage is"
    ) in broken.stdout
    assert "the source has 'three', the quote has 'two'" in broken.stdout

    _git(repo, "reset", "-q", "--hard")
    (repo / "README.md").write_text("Our answers, checked.\n", encoding="utf-8")
    _git(repo, "add", "README.md")
    other = _try_repo(repo, home)
    assert other.returncode == 0 and "Skipped" in other.stdout, "only content changes run it"


def _log(home: Path) -> str:
    log = home / "pre-commit.log"
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
