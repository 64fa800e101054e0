"""The benchmark's synthetic projects stay valid as the records evolve (timings live in `make bench`, not here)."""

from __future__ import annotations

import sys
from pathlib import Path

from consortia.pipeline import ProjectFolder, validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import run as bench  # noqa: E402


def test_synthetic_records_pass_every_check(tmp_path):
    scale = bench.Scale("TINY", partners=6, events=2 * len(bench.COUNTRIES), issues=2, items=3)  # an event in every country
    bench.write_kit_project(tmp_path / "kit", scale)
    site, _media, problems = validate(ProjectFolder.at(tmp_path / "kit"))
    assert problems == []
    assert (len(site.partners), len(site.events), len(site.newsletters)) == (6, 2 * len(bench.COUNTRIES), 2)


def test_the_plain_baseline_holds_the_kits_pages(tmp_path):
    scale = bench.Scale("TINY", partners=3, events=4, issues=1, items=2)
    bench.write_kit_project(tmp_path / "kit", scale)
    bench.write_plain_project(tmp_path / "plain", tmp_path / "kit")
    content = tmp_path / "plain" / "content"
    assert (content / "partners" / "index.md").read_text(encoding="utf-8").startswith("---")
    assert (content / "events" / f"{bench.event_id(1)}.md").is_file()
    assert not (tmp_path / "plain" / "hooks").exists()


def test_every_target_is_reported_met_or_missed(capsys):
    small, large = bench.Scale("SMALL", 2, 4, 1, 2), bench.Scale("LARGE", 4, 8, 2, 2)
    results = [bench.Result(small, bench.Build(10.0, 20, 1000, 14.0), bench.Build(11.0, 20, 900, 11.0), (120.0, 30.0)),
               bench.Result(large, bench.Build(22.0, 40, 2000, 30.0), bench.Build(20.0, 40, 1800, 20.0), (160.0, 40.0), 3.5)]
    bench.report(results, example_preview=0.8)
    lines = capsys.readouterr().out.splitlines()
    assert "MET: warm kit/plain at SMALL = 0.91 (target <= 1.0)" in lines
    assert "MISSED: warm kit/plain at LARGE = 1.10 (target <= 1.0)" in lines
    assert "MET: cold kit/plain at SMALL = 1.27 (target <= 1.5)" in lines
    assert "MISSED: first search KB at LARGE = 160.00 (target <= 150)" in lines
    assert "MET: second query KB at LARGE = 40.00 (target <= 100)" in lines
    assert "MISSED: kit growth LARGE/SMALL = 2.20 (target <= 2.1)" in lines
    assert "MET: preview edit to served s at example = 0.80 (target <= 1.0)" in lines
    assert "MISSED: preview edit to served s at LARGE = 3.50 (target <= 3.0)" in lines
    assert not any("preview" in line and "SMALL" in line for line in lines)
