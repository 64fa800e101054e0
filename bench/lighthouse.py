"""Lighthouse's mobile performance score of every page type of the example site, in both its
languages, served compressed as any web host serves it (a server that does not gzip is a host's
worst case, and was what made the score look like 82). Part of `make bench`: a score depends on
how busy the machine is, so it is a measurement, not a test; the test suite checks accessibility,
best practices and SEO at 100 with the same Lighthouse.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from consortia.printing import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parent.parent
PERFORMANCE_TARGET = 0.95


def performance_scores() -> dict[str, float] | None:
    """The score (0–1) of every page type, by its name ("partner", "it/partner"); None without the
    test tools (`make install-test`), whose Lighthouse, page list and server it uses."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from browser_harness import serve
        from test_validators import CHECKED, LIGHTHOUSE, LIGHTHOUSE_SCREENS, MISSING_NODE, run_node, served_path
    except ImportError as error:
        MISSING_NODE = f"{error.name} is missing"
    if MISSING_NODE is not None:
        print(f"Lighthouse: not measured ({MISSING_NODE}; `make install-test` installs it)")
        return None
    flags = {"onlyCategories": ["performance"], "disableFullPageScreenshot": True, **LIGHTHOUSE_SCREENS["mobile"]}
    with tempfile.TemporaryDirectory(prefix="consortia-lighthouse-") as work:
        site = Path(work) / "site"
        command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(REPO), "build", "--site-dir", os.fspath(site)]
        subprocess.run(command, check=True, capture_output=True)
        with serve(site, compressed=True) as url:
            names = {url + served_path(name): name for name in CHECKED}
            results = run_node(LIGHTHOUSE, {"chromium": chromium_path(), "args": CHROMIUM_ARGS, "flags": flags,
                                            "urls": list(names)}, module=True, timeout=3600)
    return {names[result["url"]]: result["scores"]["performance"] for result in results}


def report(scores: dict[str, float]) -> list[dict]:
    """One line per page type, and the target's verdict on the lowest score."""
    print("\nLighthouse, mobile, performance (served gzipped):")
    for name, score in scores.items():
        print(f"  {name:<28} {round(score * 100):>3}")
    lowest = min(scores.values())
    verdict = "MET" if lowest >= PERFORMANCE_TARGET else "MISSED"
    print(f"{verdict}: lowest Lighthouse mobile performance = {lowest:.2f} (target >= {PERFORMANCE_TARGET})")
    return [{"name": "lowest Lighthouse mobile performance", "value": lowest, "limit": PERFORMANCE_TARGET,
             "met": lowest >= PERFORMANCE_TARGET, "scores": scores}]
