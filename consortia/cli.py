"""The `consortia` command: check the records, build or preview the site, refresh the schemas."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from consortia.archive import archive_name, make_offline, offline_settings, write_zip
from consortia.catalogue import Catalogue
from consortia.engine_folder import CONFIG_FILE, SITE, finish_site, write_build_folder
from consortia.files import Busy, only_build, repair_interrupted_swap, swap_in
from consortia.languages import speaking
from consortia.newrecord import KINDS, add_record, parse_fields, required_fields
from consortia.pipeline import ProjectFolder, build_day, clash_problems, generate, site_url_problems, validate
from consortia.preview import port_in_use
from consortia.previews import MissingFonts
from consortia.printing import PrintProblem, print_newsletters
from consortia.report import Period, report_sheets, write_report
from consortia.wording import kind_label
from consortia.schemas import write_schemas
from consortia.settings import SETTINGS_FILE, check_brand, read_settings


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit code is 0 on success, 1 when the records have problems."""
    parser = argparse.ArgumentParser(prog="consortia", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every record and image without building")
    build_command = commands.add_parser("build", help="validate, then build the site into site/ (replaced only on success)")
    build_command.add_argument("--site-dir", type=Path, default=None, help="where to put the site (default: site/)")
    serve_command = commands.add_parser("serve", help="preview the site at http://127.0.0.1:8000, rebuilding on every edit")
    serve_command.add_argument("--port", type=int, default=8000, help="the preview's port (default: 8000)")
    build_command.add_argument("--engine", choices=(*ENGINES, ZENSICAL), default="mkdocs",
                               help="MkDocs 1.6, ProperDocs (its maintained fork), or Zensical (a preview, the main language only; default: mkdocs)")
    serve_command.add_argument("--engine", choices=ENGINES, default="mkdocs",
                               help="MkDocs 1.6, or ProperDocs, its maintained fork (default: mkdocs)")
    commands.add_parser("schemas", help="rewrite schemas/ from the record models")
    commands.add_parser("list", help="the records at a glance: partners, upcoming events, agreements, newsletters")
    archive_command = commands.add_parser("archive", help="the whole site as one zip that works opened from disk, into archive/")
    archive_command.add_argument("--output", type=Path, default=None, help="the zip to write (default: archive/<acronym>-website.zip)")
    report_command = commands.add_parser("report", help="the dissemination report of a period, into report/ (not published)")
    report_command.add_argument("--from", dest="start", type=_day, default=None, help="first day (default: the project's start)")
    report_command.add_argument("--to", dest="end", type=_day, default=None, help="last day (default: the project's end)")
    new_command = commands.add_parser(
        "new", help="add a record: consortia new partner id=aei-textils name=\"AEI Tèxtils\" country=ES"
    )
    new_command.add_argument("kind", choices=sorted(KINDS), help="what to add")
    new_command.add_argument("fields", nargs="*", metavar="name=value", help="fields; lists of ids comma-separated")
    arguments = parser.parse_args(argv)
    root = arguments.root.resolve()
    if arguments.command == "check":
        return check(root)
    if arguments.command == "build":
        return check(root) or build(root, (arguments.site_dir or root / "site").resolve(), arguments.engine)
    if arguments.command == "new":
        return new_record(root, arguments.kind, arguments.fields)
    if arguments.command == "list":
        return list_records(root)
    if arguments.command == "serve":
        return serve(root, arguments.port, arguments.engine)
    if arguments.command == "report":
        return report(root, arguments.start, arguments.end)
    if arguments.command == "archive":
        return check(root) or archive(root, arguments.output)
    for path in write_schemas(root / "schemas"):
        print(f"wrote {path.relative_to(root)}")
    return 0


def check(root: Path) -> int:
    """Print every problem as `file:line: location: message`; 0 when there are none."""
    folder = ProjectFolder.at(root)
    site, _media, problems = validate(folder)
    if (root / SETTINGS_FILE).is_file():  # a records-only folder (no site settings yet) is checked for its records alone
        settings = read_settings(root / SETTINGS_FILE)
        site_url = settings.get("site_url")
        problems += site_url_problems(site_url if isinstance(site_url, str) else None) + check_brand(settings)[1]
        if not problems:
            problems = clash_problems(site, folder, build_day())
    _print_problems(problems)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found.", file=sys.stderr)
        return 1
    count = sum(map(len, (site.partners, site.events, site.agreements, site.newsletters, site.news, site.results)))
    print(f"No problems in {count} records.")
    return 0


def new_record(root: Path, kind: str, pairs: list[str]) -> int:
    """Add a record; asks for missing required fields when run in a terminal."""
    try:
        fields = parse_fields(pairs, kind)
        missing = [name for name in required_fields(kind) if name not in fields]
        if missing and not sys.stdin.isatty():
            raise ValueError(f"a new {kind} needs {', '.join(f'{name}=…' for name in missing)}")
        for name in missing:
            fields[name] = input(f"{name}: ").strip()
        path, problems = add_record(root, kind, fields)
    except ValueError as error:
        print(_paint(str(error), RED), file=sys.stderr)
        return 2
    if problems:
        _print_problems(problems)
        print(f"Nothing was added: {path.relative_to(root)} is as it was.", file=sys.stderr)
        return 1
    print(_paint(f"Added {kind} '{fields['id']}' to {path.relative_to(root)}.", GREEN))
    return 0


RED, GREEN = "31", "32"


def _paint(text: str, colour: str) -> str:
    """Colour for a terminal that shows it; plain text for files, pipes and NO_COLOR."""
    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        return text
    return f"\033[{colour}m{text}\033[0m"


def _print_problems(problems: list) -> None:
    for problem in sorted(problems):
        print(_paint(str(problem), RED), file=sys.stderr)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-03-15") from None


def report(root: Path, start: date | None, end: date | None) -> int:
    """Write the dissemination report of the period (the whole project by default) into report/."""
    site, _media, problems = validate(ProjectFolder.at(root))
    if problems:
        return check(root)
    period = Period(start or site.project.start, end or site.project.end)
    if period.end < period.start:
        print(f"--to {period.end} is before --from {period.start}: give the first day of the period first", file=sys.stderr)
        return 2
    # The report goes to the funder in English, where the records have it.
    language = "en" if "en" in site.languages else site.languages[0]
    settings = read_settings(root / SETTINGS_FILE) if (root / SETTINGS_FILE).is_file() else {}
    site_url = settings.get("site_url") if isinstance(settings.get("site_url"), str) else ""
    with speaking(language):
        catalogue = Catalogue(site.in_language(language), build_day())
        written = write_report(report_sheets(catalogue, period, site_url), period, site.project.acronym, root / "report")
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    return 0


def archive(root: Path, output: Path | None) -> int:
    """Build the site afresh and write it, adapted to be read from disk, as one zip (for a repository such as Zenodo)."""
    site, _media, _problems = validate(ProjectFolder.at(root))
    name = archive_name(site.project.acronym)
    output = (output or root / "archive" / f"{name}.zip").resolve()
    with tempfile.TemporaryDirectory(prefix="consortia-archive-") as work:
        built = Path(work) / name
        # Beside mkdocs.yml (its paths are relative to it), named for this run: two archives may be made at once.
        settings = root / f".consortia-archive-{Path(work).name}.yml"
        settings.write_text(offline_settings(SETTINGS_FILE), encoding="utf-8")
        try:
            status = _mkdocs_build(root, "mkdocs", "--strict", "--config-file", settings.name, "--site-dir", os.fspath(built))
        finally:
            settings.unlink(missing_ok=True)
        if status != 0:
            print("The build failed; no archive was written.", file=sys.stderr)
            return status
        make_offline(built)
        write_zip(built, output, name, Catalogue(site, build_day()).today)
    print(f"wrote {_shown(output, root)}: unpack it and open {name}/index.html in a browser")
    return 0


def _shown(path: Path, root: Path) -> str:
    return os.fspath(path.relative_to(root)) if path.is_relative_to(root) else os.fspath(path)


def list_records(root: Path) -> int:
    """Print the records at a glance, as the public will find them today."""
    site, _media, problems = validate(ProjectFolder.at(root))
    if problems:
        return check(root)
    catalogue = Catalogue(site, build_day())
    print(f"{site.project.acronym}: {site.project.title}")
    print(f"\nPartners ({len(catalogue.partners)})")
    for partner in catalogue.partners:
        print(f"  {partner.id:<20} {partner.display_name} ({partner.country}, {kind_label(partner.kind)})")
    print(f"\nUpcoming events ({len(catalogue.upcoming_events)}; {len(catalogue.past_events)} past)")
    for event in catalogue.upcoming_events:
        status = "" if event.status == "scheduled" else f" [{event.status}]"
        print(f"  {event.start_day.isoformat()}  {event.id:<28} {event.title}{status}")
    print(f"\nAgreements ({len(catalogue.agreements)})")
    for agreement in catalogue.agreements:
        print(f"  {agreement.signed.isoformat()}  {agreement.id:<28} {agreement.title}")
    print(f"\nNewsletter issues ({len(site.newsletters)})")
    for issue in sorted(site.newsletters, key=lambda issue: issue.date, reverse=True):
        draft = " [draft]" if issue.draft else ""
        print(f"  {issue.date.isoformat()}  {issue.id:<28} {issue.title} ({len(issue.items)} articles){draft}")
    return 0


def serve(root: Path, port: int, engine: str = "mkdocs") -> int:
    """Preview at http://127.0.0.1:<port>/; a port taken by another program is one line, not a traceback.
    MkDocs' dirty builds: after an edit, only what it changed is built again (consortia/incremental.py)."""
    if port_in_use("127.0.0.1", port):
        print(_paint(f"port {port} is in use: stop the other preview or run `make serve PORT={port + 1}`", RED), file=sys.stderr)
        return 1
    return _mkdocs(root, engine, "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}")


def build(root: Path, site_dir: Path, engine: str = "mkdocs") -> int:
    """Build into a fresh folder beside `site_dir` and swap it in only when the build succeeds; one
    build at a time per site folder."""
    try:
        with only_build(site_dir):
            return _build_and_swap(root, site_dir, engine)
    except Busy:
        message = f"another build is writing {site_dir.name}/ right now: wait until it has finished, then build again"
    except OSError as error:  # the folder cannot be written at all (read-only, full, missing)
        message = f"could not write {error.filename}: {error.strerror}; {site_dir.name}/ was left as it was"
    print(_paint(message, RED), file=sys.stderr)
    return 1


def _build_and_swap(root: Path, site_dir: Path, engine: str) -> int:
    fresh = site_dir.with_name(f".{site_dir.name}-new")
    repair_interrupted_swap(site_dir)
    shutil.rmtree(fresh, ignore_errors=True)  # what a build killed earlier left
    if engine == ZENSICAL:
        status = _zensical_build(root, fresh, site_dir.with_name(f".{site_dir.name}-{ZENSICAL}"))
    else:
        status = _mkdocs_build(root, engine, "--strict", "--site-dir", os.fspath(fresh))
    if status == 0:
        swap_in(fresh, site_dir)
    shutil.rmtree(fresh, ignore_errors=True)
    if status != 0:
        print(f"The build failed; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return status
    print(f"Built the site into {site_dir}.")
    return 0


# The last line of a traceback for a file that could not be written: a full disk, a read-only folder.
_WRITE_FAILURE = re.compile(r"^(?:\w+\.)*\w*Error: \[Errno \d+\] ([^:]+): '(.+)'$")


# Material's end-of-life banner means nothing to our users: the README explains the plan.
_MKDOCS_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1"}


ENGINES = ("mkdocs", "properdocs")
"""The site engines the kit runs on: MkDocs 1.6, and ProperDocs, its maintained fork, which runs
Material and the hook unchanged (it answers MkDocs' imports with its own modules)."""


ZENSICAL = "zensical"
"""Zensical, Material's successor, which runs no MkDocs hook: it builds a folder of the generated
pages (consortia/engine_folder.py), as a preview (README: Zensical)."""


def _zensical_build(root: Path, site_dir: Path, build_folder: Path) -> int:
    """Zensical over `build_folder` (.site-zensical/ beside site/, written afresh and left for a
    look), its site moved to `site_dir`, then what the hook does after MkDocs: pasted embeds
    deferred, newsletters printed."""
    settings = read_settings(root / SETTINGS_FILE)
    project = ProjectFolder.at(root, root / str(settings.get("docs_dir") or "content"), settings.get("theme", "logo"))
    try:
        generated = generate(project, build_day(), settings.get("site_url"), brand=check_brand(settings)[0],
                             unsubscribe=settings.get("extra", "newsletter", "unsubscribe"))
        pages = write_build_folder(project, settings, generated, build_folder)
        for note in generated.notes:  # as the hook prints them
            print(note, file=sys.stderr)
        status = subprocess.call([sys.executable, "-m", ZENSICAL, "build", "--strict", "--config-file", CONFIG_FILE], cwd=build_folder)
        if status != 0:
            return status
        shutil.move(build_folder / SITE, site_dir)
        finish_site(site_dir, pages)
        with speaking(generated.language):
            print_newsletters(site_dir, generated.catalogue, generated.site_url, project.cache_dir)
    except (MissingFonts, PrintProblem) as problem:
        print(_paint(str(problem), RED), file=sys.stderr)
        return 1
    return 0


def _engine_command(engine: str, command: str, *arguments: str) -> list[str]:
    # ProperDocs looks for properdocs.yml first and warns about mkdocs.yml unless it is named.
    config = ["--config-file", SETTINGS_FILE] if engine == "properdocs" else []
    return [sys.executable, "-m", engine, command, *config, *arguments]


def _mkdocs(root: Path, engine: str, command: str, *arguments: str) -> int:
    return subprocess.call(_engine_command(engine, command, *arguments), cwd=root, env={**os.environ, **_MKDOCS_ENVIRONMENT})


def _mkdocs_build(root: Path, engine: str, *arguments: str) -> int:
    """`mkdocs build`, its output passed on; a file it could not write is told in one line, not a traceback."""
    command = _engine_command(engine, "build", *arguments)
    environment = {**os.environ, **_MKDOCS_ENVIRONMENT}
    with subprocess.Popen(command, cwd=root, env=environment, stderr=subprocess.PIPE, text=True, errors="replace") as run:
        traceback: list[str] = []
        for line in run.stderr:
            if traceback or line.startswith("Traceback (most recent call last)"):
                traceback.append(line)
            else:
                sys.stderr.write(line)
    failure = _WRITE_FAILURE.match(traceback[-1].strip()) if traceback else None
    if failure:
        print(_paint(f"could not write {failure[2]}: {failure[1]}", RED), file=sys.stderr)
    else:
        sys.stderr.writelines(traceback)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
