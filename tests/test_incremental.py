"""Tests for consortia.incremental: what a preview build writes again after an edit."""

from __future__ import annotations

import os

from consortia import incremental
from consortia.incremental import (
    NOTE, file_digests, folders_digest, forget_last_build, plan_rebuild, remember_build, remove_built, values_digest,
)

PAGES = {f"partners/p{number}.md": f"page {number}" for number in range(40)} | {"partners/index.md": "list"}
FILES = {"previews/partners/p1.png": "picture 1", "feeds/news.rss.xml": "feed"}


def built(site_dir, site="site", pages=PAGES, files=FILES):
    """A build planned and done: its note left in `site_dir`."""
    rebuild = plan_rebuild(site_dir, site, dict(pages), dict(files))
    remember_build(site_dir, rebuild)
    return rebuild


def test_a_first_build_builds_everything(tmp_path):
    rebuild = plan_rebuild(tmp_path, "site", PAGES, FILES)
    assert rebuild.everything
    assert (rebuild.pages, rebuild.files, rebuild.removed) == (frozenset(PAGES), frozenset(FILES), ())


def test_a_build_with_nothing_changed_writes_nothing(tmp_path):
    built(tmp_path)
    rebuild = plan_rebuild(tmp_path, "site", PAGES, FILES)
    assert not rebuild.everything
    assert (rebuild.pages, rebuild.files, rebuild.removed) == (frozenset(), frozenset(), ())


def test_an_edited_record_builds_its_page_and_the_list_showing_it_not_the_others(tmp_path):
    built(tmp_path)
    edited = {**PAGES, "partners/p7.md": "page 7, renamed", "partners/index.md": "list, renamed"}
    rebuild = plan_rebuild(tmp_path, "site", edited, {**FILES, "previews/partners/p1.png": "picture 1, renamed"})
    assert rebuild.pages == {"partners/p7.md", "partners/index.md"}
    assert rebuild.files == {"previews/partners/p1.png"}
    assert not rebuild.everything


def test_what_every_page_shows_builds_everything_again(tmp_path):
    built(tmp_path)
    rebuild = plan_rebuild(tmp_path, "site with another template", PAGES, FILES)
    assert rebuild.everything
    assert rebuild.pages == frozenset(PAGES)


def test_a_deleted_record_is_removed(tmp_path):
    built(tmp_path)
    left = {uri: page for uri, page in PAGES.items() if uri != "partners/p3.md"}
    rebuild = plan_rebuild(tmp_path, "site", {**left, "partners/index.md": "list without p3"}, {"feeds/news.rss.xml": "feed"})
    assert rebuild.removed == ("partners/p3.md", "previews/partners/p1.png")
    assert rebuild.pages == {"partners/index.md"}


def test_files_written_at_every_build_are_always_written(tmp_path):
    built(tmp_path)
    assert plan_rebuild(tmp_path, "site", PAGES, FILES, always=["feeds/news.rss.xml"]).files == {"feeds/news.rss.xml"}


def test_a_build_stopped_half_way_leaves_no_note_and_the_next_builds_everything(tmp_path):
    built(tmp_path)
    forget_last_build(tmp_path)
    assert not (tmp_path / NOTE).exists()
    assert plan_rebuild(tmp_path, "site", PAGES, FILES).everything


def test_an_unreadable_note_builds_everything(tmp_path):
    (tmp_path / NOTE).write_text("{ half written", encoding="utf-8")
    assert plan_rebuild(tmp_path, "site", PAGES, FILES).everything


def test_removing_a_built_page_removes_the_folders_it_leaves_empty(tmp_path):
    page = tmp_path / "partners" / "p3" / "index.html"
    kept = tmp_path / "partners" / "p4" / "index.html"
    for path in (page, kept):
        path.parent.mkdir(parents=True)
        path.write_text("<html>", encoding="utf-8")
    remove_built(tmp_path, [page, tmp_path / "never" / "built.png"])
    assert not (tmp_path / "partners" / "p3").exists()
    assert kept.is_file()
    assert tmp_path.is_dir()


def test_a_folder_digest_changes_when_a_file_is_edited_added_or_removed(tmp_path):
    (tmp_path / "partials").mkdir()
    template = tmp_path / "partials" / "footer.html"
    template.write_text("<footer>", encoding="utf-8")
    digests = [folders_digest([tmp_path])]
    os.utime(template, ns=(1, 1))  # saved again
    digests.append(folders_digest([tmp_path]))
    (tmp_path / "main.html").write_text("{% extends %}", encoding="utf-8")
    digests.append(folders_digest([tmp_path]))
    template.unlink()
    digests.append(folders_digest([tmp_path]))
    assert len(set(digests)) == 4
    assert folders_digest([tmp_path]) == digests[-1]


def test_a_values_digest_is_the_same_for_the_same_values_in_any_order():
    assert values_digest({"b": {"x", "y", "z"}, "a": 1}) == values_digest({"a": 1, "b": {"z", "y", "x"}})
    assert values_digest({"a": 1}) != values_digest({"a": 2})


def test_a_files_digest_is_worked_out_again_only_for_bytes_it_has_not_seen(monkeypatch):
    picture, feed = b"\x89PNG" + bytes(1000), b"<rss/>"
    first = file_digests({"previews/a.png": picture, "feeds/events.xml": feed})
    hashed = []
    monkeypatch.setattr(incremental, "digest", lambda data: hashed.append(data) or f"new {len(data)}")
    edited = b"<rss><item/></rss>"
    again = file_digests({"previews/a.png": picture, "feeds/events.xml": edited, "feeds/copy.xml": bytes(bytearray(feed))})
    assert hashed == [edited, feed]  # an equal copy is another object: hashed, never guessed
    assert again == {"previews/a.png": first["previews/a.png"], "feeds/events.xml": "new 18", "feeds/copy.xml": "new 6"}
