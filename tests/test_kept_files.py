"""Feeds, calendars and e-mails kept in the cache folder between builds (consortia/kept_files.py):
used by a new process while their records are the same, never once a record they show changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from consortia import calendars, email_edition, feeds, kept_files
from consortia.kept_files import Fingerprints, KeptFiles
from consortia.pipeline import ProjectFolder, generate
from consortia.reads import Kept
from consortia.records import Event

SITE_URL = "https://demo.example.org/"
DAY = date(2022, 6, 1)
EVENTS = """\
- id: kick-off
  title: "{title}"
  start: 2022-02-01
  location: {{city: Porto, country: PT}}
- id: webinar
  title: Green webinar
  start: "2022-03-10T10:00"
  timezone: Europe/Lisbon
  online: true
"""
ISSUE = "title: DEMO news, April 2022\ndate: 2022-04-30\nitems:\n  - id: first\n    title: '{title}'\n    summary: Our first story.\n"


def project(sample_site, event_title: str = "Kick-off meeting", story_title: str = "First story") -> Path:
    return sample_site({"events.yaml": EVENTS.format(title=event_title), "newsletters/2022-04.yaml": ISSUE.format(title=story_title),
                        "content/about.md": "# About\n"})


def kept_kinds(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    """The files the kept kinds make: feeds, calendars, e-mails."""
    kinds = {"feeds": lambda uri: uri.startswith("feeds/"), "calendars": lambda uri: uri.endswith(".ics"),
             "emails": lambda uri: "/email." in uri}
    return {kind: {uri: data for uri, data in files.items() if chosen(uri)} for kind, chosen in kinds.items()}


def built(root: Path, cache: bool = True) -> dict[str, dict[str, bytes]]:
    folder = ProjectFolder.at(root) if cache else ProjectFolder(root, root / "content")
    return kept_kinds(generate(folder, DAY, SITE_URL).files)


@pytest.fixture
def new_process(monkeypatch):
    """A function that forgets what this process kept in memory, as a new `make build` starts."""
    def forget() -> None:
        monkeypatch.setattr(feeds, "KEPT_FEEDS", Kept())
        monkeypatch.setattr(calendars, "KEPT_CALENDARS", Kept())
        monkeypatch.setattr(email_edition, "KEPT_EMAILS", Kept())
    return forget


@pytest.fixture
def nothing_made(monkeypatch):
    """Makes writing any feed, calendar or e-mail fail: what comes out was kept."""
    def refuse(*_arguments, **_options):
        raise AssertionError("made again although nothing changed")
    def refuse_all() -> None:
        monkeypatch.setattr(feeds._FeedWriter, "_feed_pair", refuse)
        monkeypatch.setattr(calendars._CalendarWriter, "calendars", refuse)
        monkeypatch.setattr(email_edition._EmailWriter, "issue_files", refuse)
    return refuse_all


def test_a_new_build_of_the_same_records_takes_every_feed_calendar_and_email_from_the_cache(sample_site, new_process, nothing_made):
    root = project(sample_site)
    first = built(root)
    assert all(first.values()) and all((root / ".cache" / "consortia" / kind / "en").is_dir() for kind in first)
    new_process()
    assert built(root, cache=False) == first
    new_process()
    nothing_made()
    assert built(root) == first


def test_an_edited_record_is_never_served_from_the_cache(sample_site, new_process):
    root = project(sample_site)
    built(root)
    new_process()
    edited = built(project(sample_site, event_title="Kick-off meeting (moved)", story_title="First story, corrected"))
    assert b"(moved)" in edited["feeds"]["feeds/events.rss.xml"] and b"(moved)" in edited["calendars"]["events.ics"]
    assert b"First story, corrected" in edited["feeds"]["feeds/news.atom.xml"]
    assert b"First story, corrected" in edited["emails"]["newsletters/2022-04/email.html"]
    new_process()
    assert edited == built(root, cache=False)


def test_what_no_build_uses_any_more_is_removed(sample_site, new_process):
    root = project(sample_site)
    built(root)
    cache = root / ".cache" / "consortia"
    before = {kind: {entry.name for entry in (cache / kind / "en").iterdir()} for kind in ("feeds", "calendars", "emails")}
    new_process()
    built(project(sample_site, event_title="Kick-off meeting (moved)"))
    after = {kind: {entry.name for entry in (cache / kind / "en").iterdir()} for kind in before}
    # The events feeds and the calendars changed; news feeds and the e-mail did not.
    assert after["emails"] == before["emails"]
    assert len(after["feeds"]) == len(before["feeds"]) and after["feeds"] != before["feeds"]
    assert len(after["calendars"]) == 1 and after["calendars"].isdisjoint(before["calendars"])


def test_a_damaged_entry_is_made_again(tmp_path):
    kept = KeptFiles(tmp_path)
    assert kept.get("f", lambda: {"a.xml": "é".encode()}) == {"a.xml": "é".encode()}
    for damaged in (b"{not json", b'[["a.xml", 4]]\nabc', b'[["a.xml", 2]]\nabc', b'[["a.xml"]]\nabc'):
        (tmp_path / "f.files").write_bytes(damaged)
        assert KeptFiles(tmp_path).get("f", lambda: {"a.xml": b"again"}) == {"a.xml": b"again"}
    assert KeptFiles(tmp_path).get("f", lambda: pytest.fail("kept")) == {"a.xml": b"again"}


def test_without_a_cache_folder_everything_is_made(tmp_path):
    made = []
    kept = KeptFiles(None)
    for _ in range(2):
        kept.get("f", lambda: made.append(1) or {"a": b"x"})
    assert len(made) == 2
    kept.forget_unused()


def event(**fields) -> Event:
    return Event(**{"id": "e", "title": "Kick-off", "start": "2022-02-01", "online": True, **fields})


def test_fingerprints_tell_every_field_apart_and_a_date_from_its_text():
    fingerprints = Fingerprints()
    same = fingerprints.of("feeds", [event()])
    assert Fingerprints().of("feeds", [event()]) == same
    assert fingerprints.of("feeds", [event(title="Kick-off!")]) != same
    assert fingerprints.of("feeds", [event(status="cancelled")]) != same
    assert fingerprints.of("feeds", [event()], b"picture") != fingerprints.of("feeds", [event()], b"picture 2")
    written_as_text = event().model_copy(update={"start": "2022-02-01"})
    assert fingerprints.of("feeds", [written_as_text]) != same


def test_the_kits_fingerprint_follows_its_code_catalogues_and_templates(tmp_path):
    kit = tmp_path / "kit"
    for path, text in {"consortia/feeds.py": "x = 1\n", "consortia/locale/it/LC_MESSAGES/kit.mo": "mo",
                       "templates/newsletter/email.html.j2": "<p>{{ issue.title }}</p>"}.items():
        (kit / path).parent.mkdir(parents=True, exist_ok=True)
        (kit / path).write_text(text)
    seen = {kept_files.kit_digest(kit)}
    for path in ("consortia/feeds.py", "consortia/locale/it/LC_MESSAGES/kit.mo", "templates/newsletter/email.html.j2"):
        (kit / path).write_text((kit / path).read_text() + " ")
        kept_files.kit_digest.cache_clear()
        seen.add(kept_files.kit_digest(kit))
    assert len(seen) == 4


def test_a_build_writes_out_only_the_records_the_last_build_did_not_have(monkeypatch):
    kept, edited = event(), event(title="Kick-off (moved)")
    first = Fingerprints.for_build("test", "en").of([kept])
    monkeypatch.setattr(Event, "__repr__", lambda record: pytest.fail(f"{record.title} written out again"))
    assert Fingerprints.for_build("test", "en").of([kept]) == first
    with pytest.raises(pytest.fail.Exception, match="moved"):
        Fingerprints.for_build("test", "en").of([kept, edited])
