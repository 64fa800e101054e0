"""Every page type of the built example (browser_harness.PAGE_TYPES), in English and Italian, through checkers that others
wrote and that clients and auditors use:

- the Nu Html Checker (vnu-jar): no HTML error;
- pa11y with the HTML_CodeSniffer runner, standard WCAG2AA, at 1280×800 and 390×844: no error;
- Lighthouse, accessibility and best practices (console errors, failed requests), desktop and
  mobile: every scored audit passed, 100 in both.

Each checker also gets a page spoiled on purpose in the same run, and must report its faults:
a check that reads the wrong files or misreads the checker's output fails instead of passing.
The checkers come from npm (package-lock.json, `make install-test`) and drive Debian's Chromium
with CHROMIUM_ARGS, one Node process a run. They are slow (Lighthouse most, about 4 s a page), so
each of pa11y and Lighthouse is one test a screen size, which pytest-xdist runs side by side; no
marker keeps them out of the default run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from browser_harness import DESKTOP, PAGE_TYPES, PHONE, serve
from consortia.printing import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing_java() -> str | None:
    if not shutil.which("java"):
        return "java is not installed"
    return None if VNU_JAR.is_file() else "node_modules/vnu-jar is missing: run make install-test"


def _missing_node() -> str | None:
    if not shutil.which("node"):
        return "node is not installed"
    packages = ("pa11y", "lighthouse", "chrome-launcher")
    absent = [name for name in packages if not (NODE_MODULES / name / "package.json").is_file()]
    return f"node_modules/{absent[0]} is missing: run make install-test" if absent else None


MISSING_JAVA, MISSING_NODE = _missing_java(), _missing_node()
needs_java = pytest.mark.skipif(MISSING_JAVA is not None, reason=f"{MISSING_JAVA}: the Nu Html Checker cannot run")
needs_node = pytest.mark.skipif(MISSING_NODE is not None, reason=f"{MISSING_NODE}: pa11y and Lighthouse cannot run")


CHECKED = {**PAGE_TYPES, **{f"it/{name}": "it/" + path for name, path in PAGE_TYPES.items() if name != "not-found"}}
"""Every page type in both languages of the example: "partner" and "it/partner"."""


def served_path(name: str) -> str:
    """The address a page type is checked at. The not-found page is checked as /404.html, the
    same document served with 200: Lighthouse refuses to audit a page answered with 404."""
    return "404.html" if name == "not-found" else CHECKED[name]


def built_file(site: Path, name: str) -> Path:
    path = served_path(name)
    return site / (path if path.endswith(".html") else path + "index.html")


def spoiled_home(site: Path) -> bytes:
    """The home page with faults each checker must find: a form with an unnamed checkbox and no
    submit button, the search dialog without its name, a request for a file that does not exist."""
    page = (site / "index.html").read_text(encoding="utf-8")
    named_dialog = 'role="dialog" aria-label="Search"'
    assert named_dialog in page
    page = page.replace(named_dialog, 'role="dialog"')
    page = page.replace("</main>", '<form><input type="checkbox" autocomplete="off"></form></main>', 1)
    page = page.replace("</body>", "<script>fetch('spoiled-missing.json')</script></body>", 1)
    return page.encode("utf-8")


SPOILED = "spoiled.html"  # served beside index.html, so that its relative addresses still hold


def run_node(script: str, request: dict, *, module: bool = False, timeout: int) -> list:
    """Run a Node script from the repository (where node_modules/ is) with `request` as JSON on its
    standard input; returns the JSON it prints."""
    command = ["node", *(["--input-type=module"] if module else []), "-e", script]
    result = subprocess.run(command, cwd=REPO, input=json.dumps(request), capture_output=True, text=True,
                            timeout=timeout, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    assert result.returncode == 0, f"node failed ({result.returncode}):\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


# --- the Nu Html Checker -------------------------------------------------------------------------


@needs_java
def test_every_page_type_is_valid_html(built_example, tmp_path):
    spoiled = tmp_path / "spoiled.html"
    spoiled.write_bytes(spoiled_home(built_example))
    files = {os.fspath(built_file(built_example, name)): name for name in CHECKED}
    result = subprocess.run(["java", "-jar", os.fspath(VNU_JAR), "--errors-only", "--format", "json",
                             *files, os.fspath(spoiled)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to standard error
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker gave no report (exit status {result.returncode}):\n{result.stderr[-2000:]}")
    errors: dict[str, list[str]] = {}
    for message in messages:
        path = unquote(message.get("url", "").removeprefix("file:"))
        where = "spoiled" if path == os.fspath(spoiled) else files.get(path)
        assert where, f"the Nu Html Checker reports on something else: {message}"
        line = f"line {message.get('lastLine', '?')}: {message['message']}"
        if message.get("extract"):
            line += f"\n      {' '.join(message['extract'].split())}"
        errors.setdefault(where, []).append(line)
    spoiled_errors = errors.pop("spoiled", [])
    assert any("autocomplete" in error for error in spoiled_errors), \
        f"the Nu Html Checker missed the spoiled page's fault:\n{result.stderr[-2000:]}"
    report = "\n".join(f"{where} ({built_file(built_example, where).relative_to(built_example)}):\n"
                       + "\n".join(f"  {line}" for line in lines) for where, lines in errors.items())
    assert not errors, f"The Nu Html Checker found errors:\n{report}"


# --- pa11y, HTML_CodeSniffer, WCAG 2 AA ----------------------------------------------------------

PA11Y = """
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');
(async () => {
  const request = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const browser = await puppeteer.launch({executablePath: request.chromium, args: request.args, headless: true});
  const results = [];
  try {
    for (const url of request.urls) {
      const page = await browser.newPage();
      const result = await pa11y(url, {browser, page, runners: ['htmlcs'], standard: 'WCAG2AA',
        viewport: request.viewport, includeNotices: false, includeWarnings: false, timeout: 60000});
      await page.close();
      const issues = result.issues.map(({code, selector, message, context}) => ({code, selector, message, context}));
      results.push({url, issues});
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
})().catch(error => { console.error(error); process.exit(2); });
"""

# Findings of a rule that does not fit the page, by (page type, code, selector or None for any):
# each with the reason it is not a fault.
PA11Y_RULES_WRONG_FOR_A_PAGE = {
    ("partners", "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", "#partner-filter"):
        "The partner filter (templates/partner/list.md.j2) filters the cards in place as a choice changes "
        "and submits nothing (consortia.js stops a submit; without the script the form stays hidden). "
        "Filtering what a page shows is no change of context, which a submit button (H32) would put "
        "under the visitor's control (WCAG 3.2.2).",
    ("results", "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", "#result-filter"):
        "The results library's filter (templates/result/list.md.j2) is the same kind of in-place filter as "
        "the partner directory's (see above): it submits nothing.",
    ("multi-day-event", "WCAG2AA.Principle1.Guideline1_3.1_3_1.H43.HeadersRequired", None):
        "The agenda of several days (templates/event/page.md.j2) ties every cell to its headers with "
        'scope="col" and scope="rowgroup" (technique H63, the W3C tables tutorial\'s "irregular '
        'headers"); HTML_CodeSniffer does not follow scope="rowgroup" and wants headers= on every '
        "cell instead. axe-core (test_browser.py) and Lighthouse read the table right.",
}


def wrong_rule(name: str, issue: dict) -> bool:
    """Whether pa11y's finding on the page type `name` (in either language) is one of PA11Y_RULES_WRONG_FOR_A_PAGE."""
    page_type = name.removeprefix("it/")
    return any((page_type, issue["code"], selector) in PA11Y_RULES_WRONG_FOR_A_PAGE for selector in (issue["selector"], None))


@needs_node
# The Italian pages once, on the phone: their markup is the English pages' (which both screens check).
@pytest.mark.parametrize(("size", "language"), [("desktop", "en"), ("phone", "en"), ("phone", "it")])
def test_every_page_type_passes_pa11y_wcag2aa(built_example, size, language):
    viewport = {"desktop": DESKTOP, "phone": PHONE}[size]
    checked = [name for name in CHECKED if name.startswith("it/") == (language == "it")]
    with serve(built_example, {SPOILED: spoiled_home(built_example)}) as url:
        urls = {url + served_path(name): name for name in checked}
        results = run_node(PA11Y, {"chromium": chromium_path(), "args": CHROMIUM_ARGS, "viewport": viewport,
                                   "urls": [*urls, url + SPOILED]}, timeout=900)
    by_name = {urls.get(result["url"], "spoiled"): result["issues"] for result in results}
    spoiled_codes = {issue["code"] for issue in by_name.pop("spoiled")}
    # The spoiled page's form has no submit button (H32) and its checkbox no name (H91).
    assert all(any(f".{technique}." in code for code in spoiled_codes) for technique in ("H32", "H91")), \
        f"pa11y missed the spoiled page's faults: {sorted(spoiled_codes)}"
    report = [f"{name} ({served_path(name) or '/'}):\n  {issue['code']}\n    {issue['selector']}: {issue['message']}"
              f"\n    {' '.join(issue['context'].split())[:200]}"
              for name, issues in by_name.items() for issue in issues if not wrong_rule(name, issue)]
    screen = f"{viewport['width']}×{viewport['height']}"
    assert not report, f"pa11y (HTML_CodeSniffer, WCAG2AA, {screen}) found errors:\n" + "\n".join(report)


def test_a_wrong_rule_is_set_aside_only_where_it_is_named():
    spoiled_form = {"code": "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", "selector": "#another-form"}
    assert wrong_rule("partners", {**spoiled_form, "selector": "#partner-filter"})
    assert not wrong_rule("partners", spoiled_form)
    assert not wrong_rule("events", {**spoiled_form, "selector": "#partner-filter"})


# --- Lighthouse ----------------------------------------------------------------------------------

LIGHTHOUSE = """
import fs from 'node:fs';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const chromeFlags = ['--headless=new', ...request.args];
const chrome = await chromeLauncher.launch({chromePath: request.chromium, chromeFlags});
const results = [];
try {
  for (const url of request.urls) {
    const {lhr} = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error', ...request.flags},
                                   request.flags.formFactor === 'desktop' ? desktopConfig : undefined);
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = ((audit.details && audit.details.items) || []).map(item => item.node
            ? `${item.node.selector}: ${item.node.snippet}`
            : (item.description || item.source || item.url || JSON.stringify(item)));
          failing.push({category: id, id: ref.id, title: audit.title, items});
        }
      }
    }
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
    results.push({url, failing, scores, runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null});
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
"""

LIGHTHOUSE_SCREENS = {
    "desktop": {"formFactor": "desktop",
                "screenEmulation": {"mobile": False, **DESKTOP, "deviceScaleFactor": 1, "disabled": False}},
    "mobile": {"formFactor": "mobile",
               "screenEmulation": {"mobile": True, **PHONE, "deviceScaleFactor": 2, "disabled": False}},
}
LIGHTHOUSE_FLAGS = {
    "onlyCategories": ["accessibility", "best-practices", "seo"],
    # A static site on localhost is quiet at once: a quarter of a second of quiet is enough (the
    # default second each costs two thirds of the run), and the spoiled page shows that a console
    # error after "load" is still caught.
    "pauseAfterFcpMs": 250, "pauseAfterLoadMs": 250, "networkQuietThresholdMs": 250, "cpuQuietThresholdMs": 250,
    "disableFullPageScreenshot": True,
}

@needs_node
# The Italian pages once, on the phone: their markup is the English pages' (which both screens check).
@pytest.mark.parametrize(("screen", "language"), [("desktop", "en"), ("mobile", "en"), ("mobile", "it")])
def test_every_page_type_scores_100_in_lighthouse(built_example, screen, language):
    checked = [name for name in CHECKED if name.startswith("it/") == (language == "it")]
    with serve(built_example, {SPOILED: spoiled_home(built_example)}) as url:
        urls = {url + served_path(name): name for name in checked}
        results = run_node(LIGHTHOUSE, {"chromium": chromium_path(), "args": CHROMIUM_ARGS,
                                        "flags": {**LIGHTHOUSE_FLAGS, **LIGHTHOUSE_SCREENS[screen]},
                                        "urls": [*urls, url + SPOILED]}, module=True, timeout=1800)
    by_name = {urls.get(result["url"], "spoiled"): result for result in results}
    spoiled = {audit["id"] for audit in by_name.pop("spoiled")["failing"]}
    # The spoiled page's search dialog has no name, its checkbox no label, and it fetches a missing file.
    assert {"aria-dialog-name", "label", "errors-in-console"} <= spoiled, \
        f"Lighthouse missed the spoiled page's faults: {sorted(spoiled)}"
    problems = []
    for name, result in by_name.items():
        where = f"{name} ({served_path(name) or '/'})"
        if result["runtimeError"]:
            problems.append(f"{where}: Lighthouse could not check it: {result['runtimeError']}")
        failing = {audit["id"]: audit for audit in result["failing"]}
        problems += [f"{where}, {audit['category']}: {audit['id']}, {audit['title']}"
                     + "".join(f"\n    {' '.join(str(item).split())[:240]}" for item in audit["items"])
                     for audit in failing.values()]
    assert not problems, f"Lighthouse ({screen}) found faults:\n" + "\n".join(problems)
