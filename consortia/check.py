"""Cross-record checks: unique ids, references between records, and files inside content/."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf

from consortia.problems import Problem, problem_at
from consortia.records import Agreement, Event, NewsItem, NewsletterIssue, Partner, PostInIssue, Project, Record, Result, Site
from consortia.slips import zone_problem

# Fields that name a file under content/, and the suffixes each accepts.
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".svg")
_FILE_FIELDS = {"logo": _IMAGE_SUFFIXES, "image": _IMAGE_SUFFIXES, "cover_image": _IMAGE_SUFFIXES, "document": (".pdf",),
                "path": None}
"""The suffixes each file field accepts (a result's files may be of any kind)."""
LARGEST_FILE = 50 * 1024 * 1024
"""A result's file larger than this is too heavy to download: it belongs on a repository such as Zenodo."""


def check_site(site: Site, content_dir: Path) -> list[Problem]:
    """Every problem that spans records: duplicates, dangling references, missing files."""
    known = _Known(site)
    return [
        *_duplicates(site),
        *_project_references(site.project, known),
        *(problem for partner in site.partners for problem in _partner_references(partner, site.project, known)),
        *(problem for event in site.events for problem in _event_references(event, known)),
        *(problem for agreement in site.agreements for problem in _agreement_references(agreement, known)),
        *(problem for issue in site.newsletters for problem in _issue_references(issue, known)),
        *(problem for post in site.news for problem in _item_references(post, post, known)),
        *(problem for result in site.results for problem in _result_references(result, known)),
        *_missing_files(site, content_dir),
        *_event_zones(site),
        *_outside_pictures(site),
    ]


class _Known:
    """The ids each kind of reference may use."""

    def __init__(self, site: Site) -> None:
        # Ordered like the files, each id once, and quick to look up.
        self.partners = dict.fromkeys(partner.id for partner in site.partners)
        self.events = dict.fromkeys(event.id for event in site.events)
        self.topics = dict.fromkeys(topic.id for topic in site.project.topics)
        self.posts = dict.fromkeys(post.id for post in site.news)


def _unknown(kind: str, value: str, known: dict[str, None]) -> str:
    listed = ", ".join(list(known)[:8]) + (", …" if len(known) > 8 else "")
    return f"{value!r} is not {kind} (known: {listed or 'none yet'})"


def _references(owner: Record, values: Iterable[object], base: tuple, kind: str, known: dict[str, None]) -> Iterator[Problem]:
    for index, value in enumerate(values):
        if isinstance(value, str) and value not in known:
            yield problem_at(owner, base + (index,), _unknown(kind, value, known))


def _topic_references(owner: Record, record: Record, known: _Known, base: tuple = ()) -> Iterator[Problem]:
    yield from _references(owner, record.topics, base + ("topics",), "a topic id of project.yaml", known.topics)


def _duplicates(site: Site) -> Iterator[Problem]:
    for records in (site.partners, site.events, site.agreements, site.news, site.results):
        yield from _duplicate_ids([(record, (), record.id) for record in records])
    topics = site.project.topics
    yield from _duplicate_ids([(site.project, ("topics", index), topic.id) for index, topic in enumerate(topics)])
    for issue in site.newsletters:
        yield from _duplicate_ids([(issue, ("items", index), item.id) for index, item in enumerate(issue.items)
                                   if isinstance(item, NewsItem)])


def _duplicate_ids(entries: list[tuple[Record, tuple, str]]) -> Iterator[Problem]:
    first_line: dict[str, int] = {}
    for owner, base, record_id in entries:
        if record_id in first_line:
            message = f"duplicate id {record_id!r} (first used at line {first_line[record_id]}): ids must be unique"
            yield problem_at(owner, base + ("id",), message)
        else:
            first_line[record_id] = problem_at(owner, base, "").line


def _project_references(project: Project, known: _Known) -> Iterator[Problem]:
    if project.coordinator not in known.partners:
        message = _unknown("a partner id of partners.yaml", project.coordinator, known.partners)
        yield problem_at(project, ("coordinator",), message)


def _partner_references(partner: Partner, project: Project, known: _Known) -> Iterator[Problem]:
    yield from _topic_references(partner, partner, known)
    if partner.role == "coordinator" and partner.id != project.coordinator:
        message = f"role is coordinator, but project.yaml names {project.coordinator!r} as coordinator: use role: partner"
        yield problem_at(partner, ("role",), message)


def _event_references(event: Event, known: _Known) -> Iterator[Problem]:
    yield from _references(event, event.organisers, ("organisers",), _PARTNER, known.partners)
    yield from _topic_references(event, event, known)


def _agreement_references(agreement: Agreement, known: _Known) -> Iterator[Problem]:
    yield from _references(agreement, agreement.parties, ("parties",), _PARTNER, known.partners)
    yield from _topic_references(agreement, agreement, known)


def _issue_references(issue: NewsletterIssue, known: _Known) -> Iterator[Problem]:
    for index, item in enumerate(issue.items):
        base = ("items", index)
        if isinstance(item, PostInIssue):
            if item.post not in known.posts:
                yield problem_at(issue, base + ("post",), _unknown("a post id of news.yaml", item.post, known.posts))
        else:
            yield from _item_references(issue, item, known, base)


def _result_references(result: Result, known: _Known) -> Iterator[Problem]:
    yield from _references(result, result.partners, ("partners",), _PARTNER, known.partners)
    yield from _topic_references(result, result, known)


def _item_references(owner: Record, item: NewsItem, known: _Known, base: tuple = ()) -> Iterator[Problem]:
    """The partners, events and topics a newsletter item or a news post is about."""
    yield from _references(owner, item.partners, base + ("partners",), _PARTNER, known.partners)
    yield from _references(owner, item.events, base + ("events",), "an event id of events.yaml", known.events)
    yield from _topic_references(owner, item, known, base)


_PARTNER = "a partner id of partners.yaml"


def _missing_files(site: Site, content_dir: Path) -> Iterator[Problem]:
    for owner, location, path in site.file_references():
        field = location[-1]
        target = (content_dir / path).resolve()
        if not target.is_relative_to(content_dir.resolve()):
            yield problem_at(owner, location, f"{path!r} points outside content/: keep files inside the content/ folder")
        elif not target.is_file():
            yield problem_at(owner, location, _missing_file_message(content_dir, path))
        elif _FILE_FIELDS[field] and not path.lower().endswith(_FILE_FIELDS[field]):
            yield problem_at(owner, location, f"{path!r} is not a {' or '.join(_FILE_FIELDS[field])} file")
        elif field == "path":
            yield from _result_file_problems(owner, location, path, target)


def _result_file_problems(owner: Record, location: tuple, path: str, target: Path) -> Iterator[Problem]:
    """A result's file must be light enough to download, and a PDF must open."""
    size = target.stat().st_size
    if size > LARGEST_FILE:
        message = (f"{path!r} is {size / 1024 / 1024:.0f} MB, more than the {LARGEST_FILE // 1024 // 1024} MB a visitor should"
                   " download: put it on a repository such as Zenodo and give its address in url")
        yield problem_at(owner, location, message)
    elif path.lower().endswith(".pdf"):
        try:
            pikepdf.open(target).close()
        except pikepdf.PdfError:
            yield problem_at(owner, location, f"{path!r} is not a PDF that opens: save or export it as PDF again")


def _missing_file_message(content_dir: Path, path: str) -> str:
    same_but_case = _differs_in_case_only(content_dir, path)
    if same_but_case:
        return f"{path!r} does not exist, but {same_but_case!r} does: only the letter case differs, write it exactly like the file name"
    return f"{path!r} does not exist in content/ (paths are relative to the content/ folder)"


def _differs_in_case_only(content_dir: Path, path: str) -> str | None:
    """The file's real path when `path` names it in other capitals (web hosts tell Logo.PNG from logo.png)."""
    folder, found = content_dir, []
    for part in path.split("/"):
        match = next((entry.name for entry in folder.iterdir() if entry.name.casefold() == part.casefold()), None) if folder.is_dir() else None
        if match is None:
            return None
        found.append(match)
        folder = folder / match
    return "/".join(found) if folder.is_file() else None


def _event_zones(site: Site) -> Iterator[Problem]:
    """A time zone that gives the wrong clock: not the zone of the event's country, or a clock name (CET)."""
    for event in site.events:
        if not event.has_times:
            continue
        country = event.location.country if event.location else None
        message = zone_problem(event.timezone, country, event.start)
        if message:
            yield problem_at(event, ("timezone",), message)


# A picture in Markdown (![alt](url)) or HTML (<img src="url">) that a browser would fetch from another site.
_OUTSIDE_PICTURE = re.compile(r"""!\[[^\]]*\]\(\s*<?(https?:)?//[^)\s>]+|<img\b[^>]*\bsrc\s*=\s*["']?(https?:)?//""", re.IGNORECASE)


def _outside_pictures(site: Site) -> Iterator[Problem]:
    for record, location, text in site.markdown_fields():
        match = _OUTSIDE_PICTURE.search(text)
        if match:
            message = (f"{match.group(0)[:60]!r}… shows a picture from another site, which would tell that site "
                       "who reads this page: copy the picture into content/ and use its path")
            yield problem_at(record, location, message)
