"""Publishing: the CI files are well formed and do what README.md says, and a site built for a
sub-path (https://org.github.io/tex4im/) works when served from that sub-path."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, consortia, web_pages
from test_build import copy_kit

SAMPLE = "events.yaml:42: events[3].start: '2022-02-30' is not a valid date"
ANNOTATION = "::error file=events.yaml,line=42::events[3].start: '2022-02-30' is not a valid date"


def workflow() -> dict:
    data = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def step(job: dict, uses: str | None = None, name: str | None = None) -> dict:
    found = [s for s in job["steps"] if (uses and s.get("uses", "").startswith(uses)) or (name and s.get("name") == name)]
    assert len(found) == 1, (uses, name, job["steps"])
    return found[0]


def test_config_files_are_well_formed():
    for name in (".github/workflows/publish.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        assert isinstance(yaml.safe_load((REPO / name).read_text(encoding="utf-8")), dict), name
    for name in (".vscode/settings.json", ".vscode/extensions.json"):
        json.loads((REPO / name).read_text(encoding="utf-8"))


def test_github_workflow():
    data = workflow()
    triggers = data["on"]
    assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert data["permissions"] == {"contents": "read"}
    assert data["concurrency"]["group"] == "pages"

    build = data["jobs"]["build"]
    assert build["runs-on"] == "ubuntu-latest"
    step(build, uses="actions/checkout@v4")
    python = step(build, uses="actions/setup-python@v5")["with"]
    assert python == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "constraints.txt"}
    cache = step(build, uses="actions/cache@v4")["with"]
    assert cache["path"] == ".cache/consortia" and "hashFiles('content/**')" in cache["key"]
    runs = [s.get("run", "") for s in build["steps"]]
    order = [next(i for i, r in enumerate(runs) if command in r) for command in ("make check", "make test", "make build")]
    assert order == sorted(order)
    for command in ("make test", "make build"):  # the browser tests and the newsletter PDFs
        assert next(s for s in build["steps"] if s.get("run") == command)["env"]["CONSORTIA_CHROMIUM"] == "/usr/bin/google-chrome"
    assert step(build, uses="actions/upload-pages-artifact@v3")["with"]["path"] == "site"
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")

    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == (
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
        " && github.event_name != 'pull_request'"
    )
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step(deploy, uses="actions/deploy-pages@v4")


def check_script() -> str:
    return step(workflow()["jobs"]["build"], name="Check the records")["run"]


def run_check_script(tmp_path: Path, output: str, status: int) -> subprocess.CompletedProcess:
    """Run the workflow's check step exactly as written, with a `make` that prints `output`."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "make").write_text(f"#!/bin/sh\ncat <<'END'\n{output}\nEND\nexit {status}\n")
    (fake / "make").chmod(0o755)
    script = tmp_path / "check.sh"
    script.write_text(check_script())
    environment = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    # GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          capture_output=True, text=True, env=environment)


def test_annotation_one_liner_turns_problems_into_annotations():
    line = next(l for l in check_script().splitlines() if l.strip().startswith("annotate()"))
    result = subprocess.run(["bash", "-c", f"{line}\nannotate"], input=f"{SAMPLE}\n100% done\n",
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [ANNOTATION, "100% done"]


def test_check_step_annotates_and_fails_on_problems(tmp_path):
    result = run_check_script(tmp_path, f"{SAMPLE}\n1 problem found.", 2)
    assert result.returncode != 0
    assert result.stdout.splitlines() == [ANNOTATION, "1 problem found."]


def test_check_step_passes_on_clean_records(tmp_path):
    assert run_check_script(tmp_path, "All records are fine.", 0).returncode == 0


def test_gitlab_pipeline():
    data = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert data["image"] == "python:3.11-bookworm"
    assert data["stages"] == ["check", "test", "deploy"]
    assert data["cache"]["key"]["files"] == ["constraints.txt"]
    assert {".venv", ".cache/consortia"} <= set(data["cache"]["paths"])
    assert "make check" in data["check"]["script"]
    assert any("apt-get install" in line and "chromium" in line for line in data["test"]["script"])
    assert "make test" in data["test"]["script"]
    for job in ("check", "test"):
        assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in data[job]["rules"]
    pages = data["pages"]
    assert pages["stage"] == "deploy"
    assert "apt-get install" in pages["script"][0] and "chromium" in pages["script"][0]  # the newsletter PDFs
    assert pages["script"][1] == "make build" and "mv site public" in pages["script"][-1]
    assert pages["artifacts"]["paths"] == ["public"]
    assert {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"} in pages["rules"]


def test_pre_commit_hook_and_editor_settings():
    hook = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert hook["repo"] == "local"
    (entry,) = hook["hooks"]
    assert entry["id"] == "consortia-check" and entry["entry"] == ".venv/bin/consortia check"
    assert entry["language"] == "system" and entry["pass_filenames"] is False
    pattern = re.compile(entry["files"])
    for name in ("project.yaml", "partners.yaml", "events.yaml", "agreements.yaml", "news.yaml", "results.yaml", "newsletters/2020-06.yaml", "mkdocs.yml"):
        assert pattern.search(name), name
    for name in ("content/about.md", "consortia/cli.py", "schemas/project.schema.json"):
        assert not pattern.search(name), name

    schemas = json.loads((REPO / ".vscode/settings.json").read_text())["yaml.schemas"]
    for schema, files in schemas.items():
        assert (REPO / schema).is_file(), schema
    assert schemas["./schemas/newsletter.schema.json"] == "newsletters/*.yaml"
    assert schemas["./schemas/news.schema.json"] == "news.yaml"
    assert "redhat.vscode-yaml" in json.loads((REPO / ".vscode/extensions.json").read_text())["recommendations"]


# --- a site under a sub-path, as GitHub Pages serves a project site ---------------------------------

SITE_URL = "https://org.github.io/tex4im/"
PREFIX = "/tex4im/"
REPO_URL = "https://github.com/org/tex4im"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    """The example built with site_url https://org.github.io/tex4im/, copied to www/tex4im/."""
    root = copy_kit(tmp_path_factory.mktemp("subpath"))
    for name in ("project.yaml", "partners.yaml", "events.yaml", "agreements.yaml", "news.yaml", "results.yaml"):
        shutil.copy(REPO / name, root / name)
    for name in ("newsletters", "content"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    settings = root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", settings.read_text(encoding="utf-8"))
    assert count == 1
    # A GitHub project site names its repository (the "edit this page" buttons need it).
    text = re.sub(r"(?m)^(# )?repo_url: .*\n", "", text) + f"repo_url: {REPO_URL}\n"
    settings.write_text(text, encoding="utf-8")
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    www = root / "www"
    shutil.copytree(root / "site", www / PREFIX.strip("/"))
    return www


def exists(www: Path, path: str) -> bool:
    target = www / path.lstrip("/")
    return target.is_file() or (target / "index.html").is_file()


def test_every_link_resolves_under_the_sub_path(sub_path_site):
    www = sub_path_site
    checked, broken = 0, []
    for html in web_pages(www / PREFIX.strip("/")):
        base = "/" + html.relative_to(www).as_posix()
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("a[href], img[src], link[href], script[src], source[src], iframe[src]"):
            target = element.get("href") or element.get("src")
            parts = urlsplit(urljoin(base, target))
            if parts.scheme in ("mailto", "tel") or (parts.netloc and parts.netloc != "org.github.io"):
                continue
            if not parts.path:
                continue
            checked += 1
            if not parts.path.startswith(PREFIX) or not exists(www, parts.path):
                broken.append(f"{base}: {target}")
    assert checked > 1000
    assert broken == []


def test_feeds_calendars_and_sitemap_use_the_sub_path(sub_path_site):
    site = sub_path_site / PREFIX.strip("/")
    atom = "{http://www.w3.org/2005/Atom}"
    urls: list[str] = []
    for feed in (site / "feeds").rglob("*.rss.xml"):
        channel = ET.parse(feed).getroot().find("channel")
        urls += [channel.findtext("link"), channel.find(f"{atom}link[@rel='self']").get("href")]
        urls += [item.findtext("link") for item in channel.iter("item")]
    for feed in (site / "feeds").rglob("*.atom.xml"):
        root = ET.parse(feed).getroot()
        assert root.find(f"{atom}link[@rel='self']") is not None, feed
        urls += [link.get("href") for link in root.iter(f"{atom}link")]
    calendars = [site / "events.ics", *(site / "events").glob("*.ics")]
    assert len(calendars) > 1
    for calendar in calendars:
        unfolded = re.sub(r"\r?\n[ \t]", "", calendar.read_text(encoding="utf-8"))
        found = re.findall(r"(?m)^URL[^:]*:(.*?)\r?$", unfolded)
        assert found, calendar
        urls += found
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations
    urls += locations
    wrong = [url for url in urls if not (url or "").startswith(SITE_URL)]
    assert wrong == []
    missing = [url for url in urls if not exists(sub_path_site, urlsplit(url).path)]
    assert missing == []
