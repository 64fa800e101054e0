"""Feeds: RSS 2.0 and Atom that feed readers trust (calendars are tested in test_calendars.py).

The example's feeds are compared with reviewed golden files in tests/golden/feeds/; regenerate them
after an intended change with `CONSORTIA_UPDATE_GOLDEN=1 make test`, then review the diff.
The other tests read the files as a subscriber's software does (feedparser, lxml) and
check them against the records in the YAML, not against the kit's own helpers.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from conftest import assert_matches_golden, example_yaml, issue_with_posts
from consortia import feeds
from consortia.pipeline import ProjectFolder, generate
from consortia.reads import Kept
from consortia.problems import SiteProblems

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "feeds"
SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_DAY = date(2019, 11, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"

# The example's records, read straight from the YAML the communication officer wrote.
PROJECT = example_yaml("project.yaml")
TOPICS = {topic["id"]: topic["title"] for topic in PROJECT["topics"]}
EVENTS = {event["id"]: event for event in example_yaml("events.yaml")}
ISSUE = issue_with_posts("2020-06")
# The issue's own articles (a post it includes has its page under /news/, like every post).
ITEMS = {item["id"]: item for item in example_yaml("newsletters", "2020-06.yaml")["items"] if "post" not in item}
POSTS = {post["id"]: post for post in example_yaml("news.yaml")}
RESULTS = {result["id"]: result for result in example_yaml("results.yaml")}
# Every record a feed entry can stand for, by the address of its page (permanent, see README).
RECORDS_BY_LINK = {
    **{f"{SITE_URL}events/{event_id}/": event for event_id, event in EVENTS.items()},
    **{f"{SITE_URL}newsletters/2020-06/{item_id}/": item for item_id, item in ITEMS.items()},
    **{f"{SITE_URL}news/{post_id}/": post for post_id, post in POSTS.items()},
    **{f"{SITE_URL}results/{result_id}/": result for result_id, result in RESULTS.items()},
}
FEEDS = ["news", "events", "results", *(f"topics/{topic_id}" for topic_id in TOPICS)]


def is_feed_file(uri: str) -> bool:
    return uri.startswith("feeds/") or uri.endswith(".ics")


@pytest.fixture(scope="module")
def example():
    return generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL)


@pytest.fixture(scope="module")
def example_feeds(example) -> dict[str, bytes]:
    return {uri: data for uri, data in example.files.items() if is_feed_file(uri)}


# --- helpers: reading feeds as a subscriber's software does -----------------------------------------


def parse_feed(data: bytes, version: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    return parsed


def rss_items(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).find("channel").findall("item")


def atom_entries(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall(f"{ATOM}entry")


def atom_link(element: etree._Element, rel: str) -> list[etree._Element]:
    return [link for link in element.findall(f"{ATOM}link") if link.get("rel", "alternate") == rel]


def entries_by_link(uri: str, data: bytes) -> dict[str, etree._Element]:
    """The RSS items or Atom entries of a feed by the address of the page they stand for."""
    if uri.endswith(".rss.xml"):
        return {item.findtext("link"): item for item in rss_items(data)}
    return {atom_link(entry, "alternate")[0].get("href"): entry for entry in atom_entries(data)}


def assert_absolute(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, f"{url!r} is not an absolute address"


def assert_absolute_html(fragment: str) -> None:
    """Every href and src in an entry's HTML is a full address: readers show it away from the site."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        for attribute in ("href", "src"):
            if element.get(attribute) is not None:
                assert_absolute(element.get(attribute))


def rfc822_moment(text: str) -> datetime:
    moment = parsedate_to_datetime(text)
    assert moment.tzinfo is not None, f"{text!r} has no time zone"
    return moment


def iso_moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text!r} has no time zone"
    return moment


def rss_ids_and_links(data: bytes) -> dict[str, str]:
    return {item.findtext("guid"): item.findtext("link") for item in rss_items(data)}


def titles_by_id(uri: str, data: bytes) -> dict[str, str]:
    if uri.endswith(".rss.xml"):
        return {item.findtext("guid"): item.findtext("title") for item in rss_items(data)}
    return {entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}title") for entry in atom_entries(data)}


def atom_ids_and_links(data: bytes) -> dict[str, str]:
    return {entry.findtext(f"{ATOM}id"): atom_link(entry, "alternate")[0].get("href") for entry in atom_entries(data)}


# --- 1. golden files ----------------------------------------------------------------------------------


def test_feeds_match_golden_files(example_feeds):
    # The calendars beside them in the folder (*.ics) are compared in test_calendars.py.
    assert_matches_golden({uri: data for uri, data in example_feeds.items() if uri.startswith("feeds/")}, GOLDEN, "feeds__*")


def test_every_feed_and_calendar_is_generated(example_feeds, example):
    expected = {f"feeds/{name}.{kind}.xml" for name in FEEDS for kind in ("rss", "atom")}
    expected |= {"events.ics", *(f"events/{event_id}.ics" for event_id in EVENTS)}
    assert set(example_feeds) == expected
    subscribable = expected - {f"events/{event_id}.ics" for event_id in EVENTS}
    assert subscribable <= {feed.uri for feed in example.feeds} <= expected  # the <head> links and Subscribe page


# --- 2. RSS 2.0 and Atom that validate ------------------------------------------------------------------


@pytest.mark.parametrize("name", FEEDS)
def test_rss_has_the_required_elements(example_feeds, name):
    uri = f"feeds/{name}.rss.xml"
    data = example_feeds[uri]
    parsed = parse_feed(data, "rss20")
    channel = etree.fromstring(data).find("channel")
    for tag in ("title", "link", "description"):
        assert (channel.findtext(tag) or "").strip(), f"{uri}: channel has no {tag}"
    assert_absolute(channel.findtext("link"))
    rfc822_moment(channel.findtext("lastBuildDate"))
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [SITE_URL + uri]
    items = rss_items(data)
    assert items and len(items) == len(parsed.entries)
    for item in items:
        for tag in ("title", "link", "description", "pubDate", "guid"):
            assert (item.findtext(tag) or "").strip(), f"{uri}: an item has no {tag}"
        assert item.find("guid").get("isPermaLink") == "false"
        assert_absolute(item.findtext("link"))
        rfc822_moment(item.findtext("pubDate"))
        assert_absolute_html(item.findtext(CONTENT_ENCODED))


@pytest.mark.parametrize("name", FEEDS)
def test_rss_channel_link_is_the_web_site(example_feeds, name):
    # RSS 2.0: <link> is "the URL to the HTML website corresponding to the channel".
    assert etree.fromstring(example_feeds[f"feeds/{name}.rss.xml"]).find("channel").findtext("link") == SITE_URL


@pytest.mark.parametrize("name", FEEDS)
def test_atom_has_the_required_elements(example_feeds, name):
    uri = f"feeds/{name}.atom.xml"
    data = example_feeds[uri]
    parsed = parse_feed(data, "atom10")
    assert parsed.feed.id.startswith("tag:") and parsed.feed.title and parsed.feed.author
    feed = etree.fromstring(data)
    iso_moment(feed.findtext(f"{ATOM}updated"))
    assert [link.get("href") for link in atom_link(feed, "self")] == [SITE_URL + uri]
    assert [link.get("href") for link in atom_link(feed, "alternate")] == [SITE_URL]
    entries = atom_entries(data)
    assert entries and len(entries) == len(parsed.entries)
    for entry, seen in zip(entries, parsed.entries):
        assert seen.id.startswith("tag:") and seen.title
        iso_moment(entry.findtext(f"{ATOM}updated"))
        iso_moment(entry.findtext(f"{ATOM}published"))
        (alternate,) = atom_link(entry, "alternate")
        assert_absolute(alternate.get("href"))
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert_absolute_html(content.text)


@pytest.mark.parametrize("name", FEEDS)
def test_categories_are_the_records_topics(example_feeds, name):
    for kind in ("rss", "atom"):
        uri = f"feeds/{name}.{kind}.xml"
        for link, entry in entries_by_link(uri, example_feeds[uri]).items():
            topics = RECORDS_BY_LINK[link].get("topics", [])
            if kind == "rss":
                categories = entry.findall("category")
                assert [category.text for category in categories] == [TOPICS[topic] for topic in topics]
                assert {category.get("domain") for category in categories} <= {f"{SITE_URL}topics/"}
            else:
                assert [category.get("term") for category in entry.findall(f"{ATOM}category")] == topics


def test_item_pictures_are_enclosures(example_feeds, example):
    with_picture = {f"{SITE_URL}newsletters/2020-06/{item_id}/" for item_id, item in ITEMS.items() if item.get("image")}
    assert len(with_picture) == 3
    for kind in ("rss", "atom"):
        uri = f"feeds/news.{kind}.xml"
        for link, entry in entries_by_link(uri, example_feeds[uri]).items():
            if kind == "rss":
                enclosures = [(e.get("url"), e.get("length"), e.get("type")) for e in entry.findall("enclosure")]
            else:
                enclosures = [(e.get("href"), e.get("length"), e.get("type")) for e in atom_link(entry, "enclosure")]
            assert len(enclosures) == (link in with_picture), f"{uri}: {link}"
            for url, length, media_type in enclosures:
                picture = url.removeprefix(SITE_URL)
                assert url.startswith(SITE_URL) and picture in example.files
                assert int(length) == len(example.files[picture]) and media_type == "image/jpeg"


# --- 3. events in the feeds ------------------------------------------------------------------------------

EVENT_WHEN_AND_WHERE = {
    "kick-off-biella": ("25 September 2018 – 26 September 2018", "Città Studi Biella"),
    "matchmaking-boras": ("15 October 2019, 09:30–17:00 (Europe/Stockholm, CEST)", "University of Borås"),
    "matchmaking-famalicao": ("12 February 2020, 09:00–17:30 (Europe/Lisbon, WET)", "Vila Nova de Famalicão"),
    "peer-review-valencia": ("14 March 2019", "Ciudad Politécnica de la Innovación"),
    "final-conference-prato": ("23 April 2020", "Museo del Tessuto"),
    "webinar-circular-textiles": ("20 May 2020, 11:00–12:30 (Europe/Rome, CEST)", "Online"),
    "textranet-ga-2021": ("14 June 2021", "Online"),
}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_event_entries_say_when_and_where(example_feeds, kind):
    uri = f"feeds/events.{kind}.xml"
    parsed = parse_feed(example_feeds[uri], f"{kind}20" if kind == "rss" else "atom10")
    assert {entry.link for entry in parsed.entries} == {f"{SITE_URL}events/{event_id}/" for event_id in EVENTS}
    for entry in parsed.entries:
        event_id = entry.link.removeprefix(f"{SITE_URL}events/").rstrip("/")
        event = EVENTS[event_id]
        when, where = EVENT_WHEN_AND_WHERE[event_id]
        text = entry.content[0].value
        assert when in text and where in text, f"{event_id}: {text[:200]}"
        if kind == "rss":
            assert when in entry.summary and where in entry.summary
        if event.get("timezone"):
            assert f"({event['timezone']}, " in text
        if event["status"] == "cancelled":
            assert entry.title == f"Cancelled: {event['title']}"
        else:
            assert entry.title == event["title"]


# --- 4. one feed per topic --------------------------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_feeds_hold_exactly_the_records_of_their_topic(example_feeds, topic):
    # News and events of the topic; results have a feed of their own.
    tagged = {link for link, record in RECORDS_BY_LINK.items() if topic in record.get("topics", []) and "/results/" not in link}
    assert tagged
    for kind in ("rss", "atom"):
        uri = f"feeds/topics/{topic}.{kind}.xml"
        assert set(entries_by_link(uri, example_feeds[uri])) == tagged
        parsed = parse_feed(example_feeds[uri], "rss20" if kind == "rss" else "atom10")
        assert TOPICS[topic] in parsed.feed.title
        for entry in parsed.entries:
            terms = {tag.term for tag in entry.tags}
            assert (TOPICS[topic] if kind == "rss" else topic) in terms


# --- 6. stable ids, on a small project of our own -------------------------------------------------------

SAMPLE_URL = "https://demo.example.eu/"
SAMPLE_EVENTS = """\
    - id: kick-off
      title: "{kick_off}"
      start: 2022-02-01
      end: 2022-02-02
      location: {{city: Porto, country: PT}}
    - id: webinar
      title: Green webinar
      start: "2022-03-10T10:00"
      end: "2022-03-10T11:00"
      timezone: Europe/Lisbon
      online: true
      topics: [green]
      description: 'Slides: <a href="../../about/">about us</a>.'  # raw HTML: relative to /events/webinar/
    """
SAMPLE_ITEMS = {
    "first": '  - id: first\n    title: "{title}"\n    summary: Our first story.\n'
             '    body: "Read [about us](../../about.md)."\n',
    "second": "  - id: second\n    title: '{title}'\n    date: 2022-04-10\n    topics: [green]\n",
    "third": "  - id: third\n    title: '{title}'\n    {updated}\n",
}


def sample_files(order=("first", "second", "third"), prefix="", kick_off="Kick-off meeting", updated="") -> dict:
    """The sample project with one newsletter issue of three items and two events."""
    items = "".join(SAMPLE_ITEMS[item_id].format(title=f"{prefix}{item_id.capitalize()} story", updated=updated)
                    for item_id in order)
    return {
        "events.yaml": SAMPLE_EVENTS.format(kick_off=kick_off),
        "newsletters/2022-04.yaml": f"title: DEMO news, April 2022\ndate: 2022-04-30\nitems:\n{items}",
        "content/about.md": "# About\n",
    }


def sample_feeds(root: Path, site_url: str = SAMPLE_URL, **options) -> dict[str, bytes]:
    generated = generate(ProjectFolder(root, root / "content"), date(2022, 6, 1), site_url, **options)
    return {uri: data for uri, data in generated.files.items() if is_feed_file(uri)}


def test_entry_ids_survive_new_titles_new_order_and_a_new_address(sample_site):
    before = sample_feeds(sample_site(sample_files()))
    after = sample_feeds(sample_site(sample_files(order=("third", "first", "second"), prefix="New: ",
                                                  kick_off="Kick-off meeting (moved)")))
    moved = sample_feeds(sample_site(sample_files()), site_url="https://demo.example.org/site/")
    for name in ("news", "events", "topics/green"):
        rss, atom = f"feeds/{name}.rss.xml", f"feeds/{name}.atom.xml"
        assert rss_ids_and_links(before[rss]) == rss_ids_and_links(after[rss])
        assert atom_ids_and_links(before[atom]) == atom_ids_and_links(after[atom])
        assert set(rss_ids_and_links(before[rss])) == set(rss_ids_and_links(moved[rss]))
        assert set(atom_ids_and_links(before[atom])) == set(atom_ids_and_links(moved[atom]))
        feed_id = lambda data: etree.fromstring(data).findtext(f"{ATOM}id")
        assert feed_id(before[atom]) == feed_id(moved[atom])
        for uri in (rss, atom):
            assert all(link.startswith("https://demo.example.org/site/") for link in entries_by_link(uri, moved[uri]))
    for kind in ("rss", "atom"):
        news, events = f"feeds/news.{kind}.xml", f"feeds/events.{kind}.xml"
        old, new = titles_by_id(news, before[news]), titles_by_id(news, after[news])
        assert len(old) == 3 and new == {entry_id: f"New: {title}" for entry_id, title in old.items()}
        old, new = titles_by_id(events, before[events]), titles_by_id(events, after[events])
        assert sorted(new.values()) == ["Green webinar", "Kick-off meeting (moved)"] and new.keys() == old.keys()


def test_a_correction_is_an_update_not_a_new_entry(sample_site):
    before = sample_feeds(sample_site(sample_files()))
    after = sample_feeds(sample_site(sample_files(updated="updated: 2024-05-02")))

    def third(data: bytes) -> etree._Element:
        return next(entry for entry in atom_entries(data) if entry.findtext(f"{ATOM}title") == "Third story")

    old, new = third(before["feeds/news.atom.xml"]), third(after["feeds/news.atom.xml"])
    assert new.findtext(f"{ATOM}id") == old.findtext(f"{ATOM}id")
    assert new.findtext(f"{ATOM}published") == old.findtext(f"{ATOM}published") == "2022-04-30T00:00:00+00:00"
    assert old.findtext(f"{ATOM}updated") == "2022-04-30T00:00:00+00:00"
    assert new.findtext(f"{ATOM}updated") == "2024-05-02T00:00:00+00:00"
    assert etree.fromstring(after["feeds/news.atom.xml"]).findtext(f"{ATOM}updated") == "2024-05-02T00:00:00+00:00"
    assert rss_ids_and_links(after["feeds/news.rss.xml"]) == rss_ids_and_links(before["feeds/news.rss.xml"])
    pub_dates = lambda data: [item.findtext("pubDate") for item in rss_items(data)]
    assert pub_dates(after["feeds/news.rss.xml"]) == pub_dates(before["feeds/news.rss.xml"])


def test_relative_links_in_records_point_where_the_page_points(sample_site):
    # In the page newsletters/2022-04/first.md, MkDocs resolves ../../about.md to about.md, i.e. /about/.
    feeds = sample_feeds(sample_site(sample_files()))
    first = next(item for item in rss_items(feeds["feeds/news.rss.xml"]) if item.findtext("title") == "First story")
    assert f'href="{SAMPLE_URL}about/"' in first.findtext(CONTENT_ENCODED)


def test_links_in_raw_html_of_records_are_absolute_too(sample_site):
    feeds = sample_feeds(sample_site(sample_files()))
    webinar = entries_by_link("feeds/events.rss.xml", feeds["feeds/events.rss.xml"])[f"{SAMPLE_URL}events/webinar/"]
    assert "about us" in webinar.findtext(CONTENT_ENCODED)
    assert_absolute_html(webinar.findtext(CONTENT_ENCODED))


# --- 7. determinism ----------------------------------------------------------------------------------------


def test_the_same_records_give_the_same_bytes(example_feeds):
    again = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL).files
    assert {uri: data for uri, data in again.items() if is_feed_file(uri)} == example_feeds


def test_feeds_written_again_after_an_edit_are_the_feeds_a_new_process_writes(sample_site, monkeypatch):
    """The preview keeps each entry as feedgen wrote it and puts it into the next build's feeds."""
    root = sample_site(sample_files())
    sample_feeds(root)
    edited = sample_feeds(sample_site(sample_files(kick_off="Kick-off meeting (moved)")))
    monkeypatch.setattr(feeds, "KEPT_FEEDS", Kept())  # nothing kept: as a new process
    assert edited == sample_feeds(root) and b"(moved)" in edited["feeds/events.rss.xml"]
    assert all(edited[uri].count(b"Green webinar") == 1 for uri in ("feeds/events.rss.xml", "feeds/topics/green.rss.xml"))


def test_the_same_records_give_the_same_bytes_whatever_the_hash_seed(sample_site):
    root = sample_site(sample_files())
    script = (
        "import hashlib, json, sys; from datetime import date; from pathlib import Path;"
        "from consortia.pipeline import ProjectFolder, generate;"
        "root = Path(sys.argv[1]);"
        "files = generate(ProjectFolder(root, root / 'content'), date(2022, 6, 1), sys.argv[2]).files;"
        "print(json.dumps({uri: hashlib.sha256(data).hexdigest() for uri, data in files.items()}))"
    )
    # Set order follows the hash seed: build once more with a seed other than this process's.
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    result = subprocess.run([sys.executable, "-c", script, os.fspath(root), SAMPLE_URL], capture_output=True,
                            text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
    other = {uri: digest for uri, digest in json.loads(result.stdout).items() if is_feed_file(uri)}
    assert other == {uri: hashlib.sha256(data).hexdigest() for uri, data in sample_feeds(root).items()}


# --- 8. what a subscriber sees -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_reader_lists_the_news_newest_first(example_feeds, kind):
    parsed = parse_feed(example_feeds[f"feeds/news.{kind}.xml"], "rss20" if kind == "rss" else "atom10")
    seen = [(entry.title, entry.link, time.strftime("%d %b %Y", entry.published_parsed)) for entry in parsed.entries]
    news = f"{SITE_URL}newsletters/2020-06/"
    assert seen == [
        ("Partner spotlight: CLUTEX, Severovýchod", f"{news}partner-spotlight-clutex/", "29 Jun 2020"),
        ("Missed our webinar on circular textiles? Catch up now", f"{news}webinar-circular-textiles/", "25 Jun 2020"),
        ("Investment portfolio: 18 proposals and counting", f"{news}portfolio-progress/", "22 Jun 2020"),
        ("Looking back at Borås: matchmaking that keeps paying off", f"{news}boras-matchmaking-recap/", "10 Jun 2020"),
        # News posts, each once (the June issue includes the first, which keeps its own page).
        ("The final conference in Prato will not take place", f"{SITE_URL}news/prato-conference-cancelled/", "12 Mar 2020"),
        ("Second matchmaking day set for Vila Nova de Famalicão", f"{SITE_URL}news/famalicao-matchmaking-dates/", "20 Nov 2019"),
        ("Eight textile clusters start working together in Biella", f"{SITE_URL}news/kick-off-report/", "27 Sep 2018"),
    ]


# --- 9 and 10. no address, drafts ----------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", [None, ""])
def test_feeds_need_the_site_address(sample_site, site_url):
    root = sample_site()
    with pytest.raises(SiteProblems) as raised:
        generate(ProjectFolder(root, root / "content"), date(2022, 6, 1), site_url)
    assert str(raised.value) == (
        "mkdocs.yml:1: site_url: site_url is missing: feeds and calendars need the site's address, "
        "e.g. site_url: https://www.example.eu/"
    )


def test_draft_newsletters_stay_out_of_the_feeds(sample_site):
    draft = "title: Not yet\ndate: 2022-05-15\ndraft: true\nitems:\n"
    draft += "  - id: secret\n    title: Secret story\n    topics: [green]\n"
    feeds = sample_feeds(sample_site({**sample_files(), "newsletters/2022-05.yaml": draft}))
    links = atom_ids_and_links(feeds["feeds/news.atom.xml"]).values()
    assert len(links) == 3 and not any("2022-05" in link for link in links)
    for uri, data in feeds.items():
        assert b"Secret story" not in data and b"2022-05/secret" not in data, uri
