"""Smoke test of tests/benchmark.py: the quick run finishes and reports every figure.

No timing is asserted (a shared CI machine proves nothing about speed); only that each figure
was measured, is a positive number, and that each target was judged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIGURES = {
    "baseline.message",
    "baseline.callback",
    "bot.start",
    "bot.menu_tap",
    "bot.answer_tap",
    "bot.typed_shipped",
    "load.small",
    "load.medium",
    "load.large",
    "index.small",
    "index.medium",
    "index.large",
    "startup.small",
    "startup.medium",
    "startup.large",
    "load.linearity",
    "baseline.message_typed_phase",
    "typed.small",
    "typed.large",
    "typed.growth",
    "storage.small.set_language",
    "storage.small.feedback",
    "storage.large.set_language",
    "storage.large.feedback",
    "storage.growth.set_language",
    "storage.growth.feedback",
    "memory.bare",
    "memory.shipped",
    "memory.large",
    "memory.growth",
}
TARGETED = {
    "bot.start",
    "bot.menu_tap",
    "bot.answer_tap",
    "typed.small",
    "typed.growth",
    "load.medium",
    "load.linearity",
    "storage.growth.set_language",
    "storage.growth.feedback",
    "memory.shipped",
    "memory.large",
}
MUST_BE_POSITIVE = {
    "cpu_s",
    "wall_median_us",
    "snippets",
    "people",
    "peak_rss_mb",
    "loaded_rss_mb",
    "imported_rss_mb",
}


def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmark.py"), "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "| Figure |" in done.stdout  # the Markdown table is printed

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["machine"]["cores"] > 0 and data["machine"]["python"]
    assert data["plan"]["quick"] is True
    figures = data["figures"]
    assert FIGURES <= set(figures), f"missing: {sorted(FIGURES - set(figures))}"
    for key, figure in figures.items():
        assert isinstance(figure["value"], (int, float)) and figure["value"] > 0, key
        for name in ("p90", "ratio"):
            if figure[name] is not None:
                assert figure[name] > 0, (key, name)
        for name, value in figure["extra"].items():
            assert isinstance(value, (int, float)) and value >= 0, (key, name)
            if name in MUST_BE_POSITIVE:
                assert value > 0, (key, name)
    for key in TARGETED:
        assert isinstance(figures[key]["passed"], bool), key
        assert figures[key]["target"], key
    for key in ("bot.start", "bot.menu_tap", "bot.answer_tap", "typed.small"):
        assert figures[key]["ratio"] is not None and figures[key]["p90"] > 0, key


def test_only_runs_the_parts_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [
            *(sys.executable, str(ROOT / "tests" / "benchmark.py"), "--quick"),
            *("--only", "storage", "--json", str(out)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    figures = json.loads(out.read_text(encoding="utf-8"))["figures"]
    assert set(figures) == {key for key in FIGURES if key.startswith("storage.")}
    assert "(storage)" in done.stdout
