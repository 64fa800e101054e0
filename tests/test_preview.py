"""Tests for consortia.preview: what `make serve` watches, the last good site kept after a bad edit,
and what is made only when it is asked for: the other languages, newsletter PDFs, search indexes."""

from __future__ import annotations

import json
import logging
import socket
import threading

import pytest

from consortia.preview import (
    POLLING_SECONDS, PROBLEMS_FILE, Refused, keep_last_good_site, languages_on_request, one_build_at_a_time, outdate_languages,
    pdfs_on_request, port_in_use, problems_file, forget_made_on_request, quiet_dirty_builds, search_on_request, watch_often,
    watched_folders,
)

KEPT = "Fix the lines above and save: the preview shows the last good site until then.\n"
LINES = ["events.yaml:3: events[0].start: '2022-02-30' is not a valid date", "content/partners.md: in the way"]


class RefusedForAnImage(Refused):
    pass


# --- watching ------------------------------------------------------------------------------------


def test_a_records_only_folder_is_watched_by_itself(tmp_path):
    assert list(watched_folders(tmp_path)) == [(tmp_path, False)]


def test_newsletters_and_templates_are_watched_with_their_subfolders(tmp_path):
    (tmp_path / "newsletters").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "content").mkdir()
    assert list(watched_folders(tmp_path)) == [(tmp_path, False), (tmp_path / "newsletters", True), (tmp_path / "templates", True)]


def test_a_file_named_like_a_watched_folder_is_not_watched(tmp_path):
    (tmp_path / "templates").write_text("not a folder\n", encoding="utf-8")
    assert list(watched_folders(tmp_path)) == [(tmp_path, False)]


class Server:
    """What watch_often uses of MkDocs' development server: its watcher and its paths."""

    def __init__(self, paths: list[str]) -> None:
        self.observer = "MkDocs' watcher"
        self.paths = {path: self.observer for path in paths}

    def watch(self, path: str) -> None:
        self.paths[path] = self.observer

    def unwatch(self, path: str) -> None:
        del self.paths[path]


def test_the_paths_mkdocs_watches_are_looked_at_every_tenth_of_a_second():
    server = Server(["/project/content", "/project/mkdocs.yml"])
    watch_often(server, ["/project/content", "/project/mkdocs.yml"], threading.Lock())
    assert server.observer.timeout == POLLING_SECONDS == 0.1
    assert server.paths == {"/project/content": server.observer, "/project/mkdocs.yml": server.observer}


def test_mkdocs_warnings_about_dirty_builds_are_left_out_and_its_other_messages_kept(caplog):
    logger = logging.getLogger("test_preview.mkdocs.commands.build")
    quiet_dirty_builds(logger)
    quiet_dirty_builds(logger)  # the preview starts once, the tests many times: one filter
    assert len(logger.filters) == 1
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation")
        logger.info("The directory contains stale files. Use --clean to remove them.")
        logger.warning("Doc file 'about.md' contains a link 'x.md', but the target is not found")
    assert [record.getMessage() for record in caplog.records] == ["Doc file 'about.md' contains a link 'x.md', but the target is not found"]


# --- keeping the last good site ------------------------------------------------------------------------


def test_the_problems_file_holds_the_lines_as_the_terminal_shows_them():
    assert json.loads(problems_file(["partners.yaml:2: Tèxtils – ‘quoted’"]).decode("utf-8")) == {
        "problems": ["partners.yaml:2: Tèxtils – ‘quoted’"]
    }
    assert json.loads(problems_file([])) == {"problems": []}


def test_a_good_build_runs_and_says_nothing(tmp_path, capsys):
    builds = []
    keep_last_good_site(lambda: builds.append("built"), tmp_path)()
    assert builds == ["built"]
    assert capsys.readouterr() == ("", "")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("refusal", [Refused, RefusedForAnImage])
def test_a_refused_build_keeps_the_last_good_site_and_shows_its_problems(tmp_path, capsys, refusal):
    def builder() -> None:
        raise refusal("The site was not built.", LINES)

    keep_last_good_site(builder, tmp_path)()
    assert capsys.readouterr() == ("", KEPT)
    assert json.loads((tmp_path / PROBLEMS_FILE).read_bytes()) == {"problems": LINES}


def test_the_pages_of_every_language_show_the_problems(tmp_path, capsys):
    (tmp_path / "it").mkdir()
    (tmp_path / "it" / PROBLEMS_FILE).write_bytes(problems_file([]))

    def builder() -> None:
        raise Refused("The site was not built.", LINES)

    keep_last_good_site(builder, tmp_path)()
    for folder in (tmp_path, tmp_path / "it"):
        assert json.loads((folder / PROBLEMS_FILE).read_bytes()) == {"problems": LINES}


def test_any_other_failure_is_not_swallowed(tmp_path, capsys):
    def builder() -> None:
        raise KeyError("a bug in the kit")

    with pytest.raises(KeyError, match="a bug in the kit"):
        keep_last_good_site(builder, tmp_path)()
    assert capsys.readouterr() == ("", "")
    assert not (tmp_path / PROBLEMS_FILE).exists()


# --- the port ------------------------------------------------------------------------------------------


def test_a_port_another_program_listens_on_is_in_use():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert port_in_use("127.0.0.1", port)
    assert not port_in_use("127.0.0.1", port)  # closed, the port is free again


# --- PDFs when asked -------------------------------------------------------------------------------

def asking(tmp_path, mount_path: str = "/"):
    """The preview's application over a site in tmp_path: (ask(path) → what the site answered, the
    languages printed)."""
    printed: list[str | None] = []
    app = pdfs_on_request(lambda environ, start_response: environ["PATH_INFO"], tmp_path, mount_path, printed.append)
    return (lambda path: app({"PATH_INFO": path}, None)), printed


def test_a_missing_newsletter_pdf_is_printed_when_asked_for_in_its_language(tmp_path):
    ask, printed = asking(tmp_path)
    assert ask("/newsletters/2020-06/tex4im-newsletter-2020-06.pdf") == "/newsletters/2020-06/tex4im-newsletter-2020-06.pdf"
    ask("/it/newsletters/2020-06/tex4im-newsletter-2020-06.pdf")
    assert printed == [None, "it"]


def test_pages_and_printed_pdfs_are_served_without_printing(tmp_path):
    (tmp_path / "newsletters" / "2020-06").mkdir(parents=True)
    (tmp_path / "newsletters" / "2020-06" / "x.pdf").write_bytes(b"%PDF-")
    ask, printed = asking(tmp_path)
    for path in ("/newsletters/2020-06/", "/newsletters/2020-06/x.pdf", "/results/report.pdf", "/events.ics"):
        ask(path)
    assert printed == []


def test_what_was_made_on_request_is_forgotten_at_the_next_build_and_other_files_kept(tmp_path):
    for folder in ("newsletters/2020-06", "results", "pagefind/fragment"):
        (tmp_path / folder).mkdir(parents=True)
    printed, page, report, index = (tmp_path / "newsletters" / "2020-06" / "x.pdf", tmp_path / "newsletters" / "2020-06" / "index.html",
                                    tmp_path / "results" / "report.pdf", tmp_path / "pagefind" / "fragment" / "en_1.pf_fragment")
    for path in (printed, page, report, index):
        path.write_bytes(b"%PDF-")
    forget_made_on_request(tmp_path)
    assert not printed.exists() and not (tmp_path / "pagefind").exists()
    assert page.exists() and report.exists()


def searching(tmp_path):
    """The preview's application over a site in tmp_path: (ask(path), the languages indexed)."""
    indexed: list[str | None] = []
    app = search_on_request(lambda environ, start_response: environ["PATH_INFO"], tmp_path, "/", indexed.append)
    return (lambda path: app({"PATH_INFO": path}, None)), indexed


def test_a_missing_search_index_is_written_when_the_search_of_its_language_asks_for_it(tmp_path):
    ask, indexed = searching(tmp_path)
    assert ask("/pagefind/pagefind.js") == "/pagefind/pagefind.js"
    ask("/it/pagefind/pagefind-entry.json")
    ask("/partners/")
    assert indexed == [None, "it"]


def test_a_written_search_index_is_served_as_it_is(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    ask, indexed = searching(tmp_path)
    ask("/pagefind/pagefind.js")
    assert indexed == []


def test_a_site_below_a_path_is_asked_below_it(tmp_path):
    ask, printed = asking(tmp_path, "/project/")
    ask("/project/newsletters/2020-06/x.pdf")
    assert printed == [None]


# --- other languages, built when visited -----------------------------------------------------------

LANGUAGES = ("en", "it", "fr")


def visiting(tmp_path, build=None):
    """The preview's application over a site in tmp_path: (ask(path), the languages built, the lock
    the preview's builds share)."""
    built: list[tuple[str, tuple[str, ...]]] = []
    lock = threading.Lock()
    app = languages_on_request(lambda environ, start_response: environ["PATH_INFO"], tmp_path, "/", lock,
                               build or (lambda code, languages: built.append((code, languages))))
    return (lambda path: app({"PATH_INFO": path}, None)), built, lock


def test_after_a_build_each_other_language_is_built_once_when_one_of_its_pages_is_asked_for(tmp_path):
    ask, built, _lock = visiting(tmp_path)
    outdate_languages(tmp_path, LANGUAGES)
    for path in ("/partners/", "/index.html", "/it/partners/", "/it/pagefind/pagefind.js", "/itemised/", "/fr/"):
        assert ask(path) == path
    assert built == [("it", LANGUAGES), ("fr", LANGUAGES)]
    outdate_languages(tmp_path, LANGUAGES)  # the next edit's build
    ask("/it/events/")
    assert built[2:] == [("it", LANGUAGES)]


def test_an_edit_saved_while_a_language_is_built_outdates_it_again(tmp_path):
    ask, built, _lock = visiting(tmp_path, lambda code, languages: outdate_languages(tmp_path, LANGUAGES))
    outdate_languages(tmp_path, LANGUAGES)
    ask("/it/")
    assert (tmp_path / ".consortia-outdated-it.json").is_file()


def test_a_language_is_not_built_while_the_main_one_is(tmp_path):
    order: list[str] = []
    ask, _built, lock = visiting(tmp_path, lambda code, languages: order.append(code))
    outdate_languages(tmp_path, LANGUAGES)
    visitor = threading.Thread(target=ask, args=("/it/",))

    def main_build() -> None:
        order.append("main started")
        visitor.start()
        visitor.join(0.2)  # time enough to build it/, were it not waiting
        order.append("main done")

    one_build_at_a_time(main_build, lock)()
    visitor.join()
    assert order == ["main started", "main done", "it"]


def test_a_language_refused_for_records_broken_meanwhile_is_one_line_and_its_last_pages_are_served(tmp_path, capsys):
    def refuse(code, languages):
        raise Refused("The site was not built.", LINES)
    ask, _built, _lock = visiting(tmp_path, refuse)
    outdate_languages(tmp_path, LANGUAGES)
    assert ask("/it/partners/") == "/it/partners/"
    assert capsys.readouterr().err == "it/ was not built: The site was not built.\n"
