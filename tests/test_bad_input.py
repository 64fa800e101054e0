"""A corpus of bad input: each case bends the small valid project by one file or field. Every case must
be refused with one clear line per problem (file, line, field, what to do) and without a traceback.

The corpus runs through `consortia check` in-process: `consortia build` runs the same check before
MkDocs and prints the same lines. A few cases, one of each kind (YAML syntax, a field, a reference
between records, an image, the site settings, a hand-written page), also run the real
`consortia build`, which must leave the last good site/ exactly as it was.
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from consortia import cli
from conftest import BILINGUAL_PROJECT_YAML, EVENTS_YAML, PARTNERS_YAML, PROJECT_YAML, write_site
from test_build import copy_kit

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120
"""Seconds a build may take before it counts as hung (a generous bound, not a speed test)."""

PROBLEM_LINE = re.compile(r"^\S+:\d+: |^content/[^:\s]+: ")
"""What a problem line looks like: `file:line: …`, or `content/page.md: …` for a page (which has no line)."""
WELL_FORMED = re.compile(
    r"^(project|partners|events|agreements|news|results)\.yaml:\d+: |^newsletters/[^:]+:\d+: |^content/[^:]+: |^mkdocs\.yml:\d+: "
)
"""The files a problem may name."""

RESULT = "- id: strategy\n  title: Strategy\n  date: 2023-05-31\n"
"""A result of results.yaml, to which a case adds one field."""

LAST_GOOD_SITE = {"index.html": b"last good site", "partners/index.html": b"last good partners page"}
ISSUE = "newsletters/2024-03.yaml"


# --- building blocks for the cases -------------------------------------------------------------------


def newsletter(more: str) -> str:
    """A newsletter issue whose one item (line 4) is followed by `more` from line 6: its fields, or more items."""
    return f"title: March news\ndate: 2024-03-01\nitems:\n  - id: hello\n    title: Hello\n{more}"


def agreement(*parties: str) -> str:
    """agreements.yaml with one agreement; its parties start at line 5."""
    listed = "".join(f"    - {party}\n" for party in parties)
    return f"- id: mou\n  title: MoU\n  signed: 2022-05-01\n  parties:\n{listed}"


def online_event(extra: str) -> str:
    """events.yaml with one online event; `extra` fields start at line 5."""
    return f"- id: webinar\n  title: Webinar\n  start: 2022-02-01\n  online: true\n{extra}"


def png_with_header_size(width: int, height: int) -> bytes:
    """A valid 1×1 PNG whose IHDR claims another size (with a correct CRC), as a decompression bomb would."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def billion_laughs() -> str:
    levels = ["a0: &a0 [lol]"]
    levels += [f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 10)]
    return "\n".join(levels) + "\n"


def with_logo(path: str) -> str:
    """partners.yaml whose first partner has a logo (line 5)."""
    return PARTNERS_YAML.replace("  country: PT\n", f"  country: PT\n  logo: {path}\n", 1)


PADDING = "# a comment that a careless export left here, and again, and again\n"
MKDOCS_YML = (REPO / "mkdocs.yml").read_text(encoding="utf-8")


# --- the corpus: id, files written over the default project, the exact problem lines it must print ------------

CASES = [
    # --- reading the YAML ---
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("name: Alpha Cluster", "name: Alpha: the cluster")},
        ["partners.yaml:2: the value contains ': ', which YAML reads as the start of another field:"
         " put the whole value in quotes"],
        id="yaml-syntax-error",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("    title: Green", "\ttitle: Green")},
        ["project.yaml:11: a tab character: indent with spaces, not tabs"],
        id="tab-indentation",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + "  country: SK\n"},
        ["partners.yaml:8: field 'country' is written twice: keep one"],
        id="duplicate-field",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("Beta Association", "Beta\x1b[31m Association")},
        ["partners.yaml:6: the invisible control character U+001B is not allowed: delete it (it often comes with pasted text)"],
        id="control-character",
    ),
    pytest.param(
        {"partners.yaml": (PARTNERS_YAML + "  city: Vila Nova de Famalicão\n").encode("latin-1")},
        ["partners.yaml:8: the file is not UTF-8 text: save it with the UTF-8 encoding"],
        id="not-utf-8",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + PADDING * (6_000_000 // len(PADDING) + 1)},
        ["partners.yaml:1: the file is 6.0 MB; the limit is 5 MB: split it or remove pasted data"],
        id="file-over-5-mb",
    ),
    pytest.param(
        {"agreements.yaml": billion_laughs()},
        ["agreements.yaml:1: the file expands to more than 200,000 values (repeated YAML aliases?)"],
        id="yaml-alias-bomb",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("title: Demo Partnership", "title: !!python/object/apply:os.system [echo pwned]")},
        ["project.yaml:2: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: remove it and write a plain value"],
        id="python-object-tag",
    ),
    # --- the shape of files and records ---
    pytest.param(
        {"project.yaml": None},
        ["project.yaml:1: the file is missing: every site needs a project.yaml"],
        id="project-yaml-missing",
    ),
    pytest.param(
        {"partners.yaml": "alpha:\n  name: Alpha Cluster\n  country: PT\n"},
        ["partners.yaml:1: the file must hold a list of partners, each starting with '- id: …', but it holds a mapping"],
        id="partners-file-is-a-mapping",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + "  webiste: https://beta.example.eu\n"},
        ["partners.yaml:8: partners[1].webiste: unknown field 'webiste' (did you mean 'website'?)"],
        id="unknown-field-with-suggestion",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("  name: Beta Association\n", "")},
        ["partners.yaml:5: partners[1].name: required field is missing"],
        id="missing-required-field",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + "  members: about forty\n"},
        ["partners.yaml:8: partners[1].members: expected a whole number, got the text 'about forty'"],
        id="wrong-type",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML + "  kind: party\n"},
        ["events.yaml:8: events[0].kind: 'party' is not one of: 'kick-off', 'conference', 'matchmaking', 'workshop',"
         " 'webinar', 'general-assembly', 'peer-review', 'study-visit', 'training' or 'other'"],
        id="unknown-enum-value",
    ),
    pytest.param(
        {ISSUE: "title: March news\ndate: 2024-03-01\nitems: []\n"},
        ["newsletters/2024-03.yaml:3: issue.items: the list is empty: give at least one entry"],
        id="newsletter-without-items",
    ),
    # --- values ---
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", "start: 2022-02-30")},
        ["events.yaml:3: events[0].start: '2022-02-30' is not a valid date: write it as YYYY-MM-DD, e.g. 2024-03-15"],
        id="impossible-date",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01\n", "start: 2022-02-01\n  end: 2022-01-31\n")},
        ["events.yaml:4: events[0].end: 2022-01-31 is before the start 2022-02-01"],
        id="end-before-start",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", 'start: "2022-02-01T09:30"')},
        ["events.yaml:1: events[0].timezone: start has a time of day, so give a time zone, e.g. timezone: Europe/Brussels"],
        id="time-without-timezone",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01\n", 'start: "2022-02-01T09:30"\n  timezone: Europe/Porto\n')},
        # The event is in Portugal: the hint is Portugal's zones, not a zone spelt alike.
        ["events.yaml:4: events[0].timezone: 'Europe/Porto' is not a time zone: use Europe/Lisbon or Atlantic/Madeira or Atlantic/Azores"],
        id="unknown-timezone",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML + '  agenda:\n    - {time: "09:00", title: Coffee}\n    - {time: "9:30", title: Welcome}\n'},
        ['events.yaml:10: events[0].agenda[1].time: \'9:30\' is not a time of day: write it as HH:MM in quotes, e.g. "09:30"'],
        id="agenda-time-9-30",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("country: CZ", "country: XX")},
        ["partners.yaml:7: partners[1].country: 'XX' is not a two-letter country code, e.g. PT, ES, CZ"],
        id="invalid-country-code",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + "  website: javascript:alert(document.cookie)\n"},
        ["partners.yaml:8: partners[1].website: 'javascript:alert(document.cookie)' is not a web address:"
         " write a full address starting with https://"],
        id="javascript-url",
    ),
    pytest.param(
        {"events.yaml": online_event("  registration: data:text/html,<script>alert(1)</script>\n")},
        ["events.yaml:5: events[0].registration: 'data:text/html,<script>alert(1)</script>' is not a web address:"
         " write a full address starting with https://"],
        id="data-url",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("of the European Union", "of the EU")},
        ['project.yaml:7: project.funding_statement: write "European Union" in full,'
         ' e.g. "Co-funded by the European Union"'],
        id="funding-statement-abbreviates-eu",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML + "  description: Our team ![team](https://cdn.example.org/team.jpg)\n"},
        ["partners.yaml:8: partners[1].description: '![team](https://cdn.example.org/team.jpg'… shows a picture from"
         " another site, which would tell that site who reads this page: copy the picture into content/ and use its path"],
        id="picture-from-another-site",
    ),
    # --- across records ---
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("id: beta", "id: alpha")},
        ["partners.yaml:5: partners[1].id: duplicate id 'alpha' (first used at line 1): ids must be unique"],
        id="duplicate-partner-id",
    ),
    pytest.param(
        {ISSUE: newsletter("  - id: hello\n    title: Hello again\n")},
        ["newsletters/2024-03.yaml:6: issue.items[1].id: duplicate id 'hello' (first used at line 4): ids must be unique"],
        id="duplicate-item-id-in-issue",
    ),
    pytest.param(
        {ISSUE: newsletter("  - post: kick-off-news\n")},
        ["newsletters/2024-03.yaml:6: issue.items[1].post: 'kick-off-news' is not a post id of news.yaml (known: none yet)"],
        id="issue-includes-a-post-that-does-not-exist",
    ),
    pytest.param(
        {"news.yaml": "- id: hello\n  title: Hello\n  date: 2022-02-01\n- id: hello\n  title: Hello again\n  date: 2022-02-02\n"},
        ["news.yaml:4: news[1].id: duplicate id 'hello' (first used at line 1): ids must be unique"],
        id="duplicate-post-id",
    ),
    pytest.param(
        {"news.yaml": "- id: hello\n  title: Hello\n"},
        ["news.yaml:1: news[0].date: required field is missing"],
        id="post-without-date",
    ),
    pytest.param(
        {"news.yaml": "- id: hello\n  title: Hello\n  date: 2022-02-01\n  partners: [gamma]\n"},
        ["news.yaml:4: news[0].partners[0]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"],
        id="post-about-an-unknown-partner",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  kind: brochure\n"},
        ["results.yaml:4: results[0].kind: 'brochure' is not one of: 'deliverable', 'report', 'publication', 'toolkit',"
         " 'dataset', 'video', 'presentation', 'policy-brief' or 'other'"],
        id="unknown-kind-of-result",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  files:\n    - {path: results/strategy.pdf, title: Report}\n"},
        ["results.yaml:5: results[0].files[0].path: 'results/strategy.pdf' does not exist in content/"
         " (paths are relative to the content/ folder)"],
        id="result-file-missing",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  files:\n    - {path: ../secret.pdf, title: Report}\n"},
        ["results.yaml:5: results[0].files[0].path: '../secret.pdf' points outside content/: give the path relative to"
         " content/, e.g. assets/logo.png"],
        id="result-file-outside-content",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  files:\n    - {path: results/strategy.pdf, title: Report}\n",
         "content/results/strategy.pdf": "a text saved with the wrong name"},
        ["results.yaml:5: results[0].files[0].path: 'results/strategy.pdf' is not a PDF that opens: save or export it as PDF again"],
        id="result-pdf-that-does-not-open",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  doi: zenodo.1234567\n"},
        ["results.yaml:4: results[0].doi: 'zenodo.1234567' is not a DOI: a DOI starts with 10. and a slash, e.g. 10.5281/zenodo.1234567"],
        id="doi-that-is-not-a-doi",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  licence: CC BY 4.0\n"},
        ["results.yaml:4: results[0].licence: 'CC BY 4.0' is not a licence id: did you mean CC-BY-4.0?"],
        id="licence-written-in-words",
    ),
    pytest.param(
        {"results.yaml": RESULT + "  licence: creative commons\n"},
        ["results.yaml:4: results[0].licence: 'creative commons' is not a licence id: use its SPDX id, e.g. CC-BY-4.0,"
         " CC0-1.0 or EUPL-1.2 (https://spdx.org/licenses/)"],
        id="unknown-licence",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML + "  participants: -5\n"},
        ["events.yaml:8: events[0].participants: -5 is too small: give a number of 0 or more"],
        id="negative-participants",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML + "  audience: [industry, students]\n"},
        ["events.yaml:8: events[0].audience[1]: 'students' is not one of: 'industry', 'research', 'public-authorities',"
         " 'civil-society', 'general-public', 'media', 'policy-makers' or 'investors'"],
        id="unknown-audience",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("organisers: [alpha]", "organisers: [alpha, gamma]")},
        ["events.yaml:4: events[0].organisers[1]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"],
        id="dangling-organiser",
    ),
    pytest.param(
        {"agreements.yaml": agreement("alpha", "gamma")},
        ["agreements.yaml:6: agreements[0].parties[1]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"],
        id="dangling-agreement-party",
    ),
    pytest.param(
        {ISSUE: newsletter("    partners: [gamma]\n")},
        ["newsletters/2024-03.yaml:6: issue.items[0].partners[0]: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"],
        id="dangling-item-partner",
    ),
    pytest.param(
        {ISSUE: newsletter("    events: [kickoff]\n")},
        ["newsletters/2024-03.yaml:6: issue.items[0].events[0]: 'kickoff' is not an event id of events.yaml (known: kick-off)"],
        id="dangling-item-event",
    ),
    pytest.param(
        {ISSUE: newsletter("    topics: [blue]\n")},
        ["newsletters/2024-03.yaml:6: issue.items[0].topics[0]: 'blue' is not a topic id of project.yaml (known: green)"],
        id="dangling-topic",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("coordinator: alpha", "coordinator: gamma")},
        ["partners.yaml:3: partners[0].role: role is coordinator, but project.yaml names 'gamma' as coordinator: use role: partner",
         "project.yaml:6: project.coordinator: 'gamma' is not a partner id of partners.yaml (known: alpha, beta)"],
        id="coordinator-not-a-partner",
    ),
    # --- files under content/ ---
    pytest.param(
        {"partners.yaml": with_logo("assets/logos/alpha.png")},
        ["partners.yaml:5: partners[0].logo: 'assets/logos/alpha.png' does not exist in content/"
         " (paths are relative to the content/ folder)"],
        id="missing-image-file",
    ),
    pytest.param(
        {"partners.yaml": with_logo("../secret.png"), "secret.png": png_with_header_size(1, 1)},
        ["partners.yaml:5: partners[0].logo: '../secret.png' points outside content/:"
         " give the path relative to content/, e.g. assets/logo.png"],
        id="path-escaping-content",
    ),
    pytest.param(
        {"partners.yaml": with_logo("assets/logos/alpha.png"), "content/assets/logos/alpha.png": "this is not a picture\n"},
        ["partners.yaml:5: partners[0].logo: 'assets/logos/alpha.png' is not a picture the kit can read"
         " (PNG, JPEG, GIF, WebP, TIFF, SVG): export it as PNG or JPEG"],
        id="text-file-named-png",
    ),
    pytest.param(
        {"partners.yaml": with_logo("assets/logos/alpha.png"), "content/assets/logos/alpha.png": png_with_header_size(30000, 30000)},
        ["partners.yaml:5: partners[0].logo: 'assets/logos/alpha.png' is 900 megapixels; the limit is 40 megapixels"
         " — scale it down before adding it"],
        id="decompression-bomb",
    ),
    pytest.param(
        {"partners.yaml": with_logo("assets/logos/alpha.svg"),
         "content/assets/logos/alpha.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
        ["partners.yaml:5: partners[0].logo: 'assets/logos/alpha.svg' is an SVG containing scripts or event handlers,"
         " which are not allowed; remove them or export as PNG"],
        id="svg-with-script",
    ),
    pytest.param(
        {"events.yaml": online_event("  image: assets/photo.png\n"), "content/assets/photo.png": png_with_header_size(1, 1)},
        ["events.yaml:1: events[0].image_alt: image is set, so describe the picture here for people who cannot see it"],
        id="picture-without-alt-text",
    ),
    # --- everyday slips: what was pasted or typed, named in plain words ---
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("name: Alpha Cluster", "name: Lithuania's #1 laser cluster")},
        [
         'partners.yaml:2: partners[0].name: the text after \'#\' was cut off (\'#\' starts a comment in YAML), leaving "Lithuania\'s": put the whole value in quotes (or, if it is a comment, a space after \'#\')',
        ],
        id="hash-cuts-the-value",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("city: Porto", "city: “Porto”")},
        [
         'events.yaml:6: events[0].location.city: curly quotes “ ” from a word processor are part of the text: use straight quotes or none',
        ],
        id="curly-quotes-around-text",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", "start: “2022-02-01”")},
        [
         'events.yaml:3: events[0].start: curly quotes “ ” from a word processor are part of the text: use straight quotes or none',
        ],
        id="curly-quotes-around-a-date",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("- id: beta", "- id: \u00a0beta")},
        [
         "partners.yaml:5: partners[1].id: '⍽beta' starts with a non-breaking space (shown as ⍽): delete it",
        ],
        id="non-breaking-space-in-an-id",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", "start: 2022–02–01")},
        [
         "events.yaml:3: events[0].start: '2022–02–01': the dash in it is an en dash (–): type a hyphen (-)",
        ],
        id="en-dash-in-a-date",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", "start: March 14, 2023")},
        [
         "events.yaml:3: events[0].start: 'March 14, 2023' is not a valid date and time: write it as YYYY-MM-DD: 2023-03-14",
        ],
        id="date-written-as-spoken",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", "start: 2022-02-01\n  end: \"16:00\"")},
        [
         'events.yaml:4: events[0].end: \'16:00\' is not a valid date: it is only a time of day: write the day too, e.g. "2024-03-15T16:00"',
        ],
        id="end-is-only-a-time",
    ),
    pytest.param(
        {"newsletters/2024-03.YAML": newsletter("")},
        [
         'newsletters/2024-03.YAML:1: this file is not read as a newsletter issue: rename it to 2024-03.yaml (ending in .yaml, in small letters)',
        ],
        id="issue-file-in-capitals",
    ),
    pytest.param(
        {"newsletters/2024-03.yaml.txt": newsletter("")},
        [
         'newsletters/2024-03.yaml.txt:1: this file is not read as a newsletter issue: rename it to 2024-03.yaml (ending in .yaml, in small letters)',
        ],
        id="issue-file-saved-as-text",
    ),
    pytest.param(
        {"events.yaml": EVENTS_YAML.replace("start: 2022-02-01", 'start: "2022-02-01T09:30"\n  timezone: CET')
                                  .replace("city: Porto", "city: Vilnius").replace("country: PT", "country: LT")},
        [
         'events.yaml:4: events[0].timezone: CET is not the time zone of Lithuania: use Europe/Vilnius',
        ],
        id="clock-name-for-a-place",
    ),
    pytest.param(
        {"events.yaml": online_event('  timezone: Europe/Berln\n').replace("start: 2022-02-01", 'start: "2022-02-01T09:30"')},
        [
         "events.yaml:5: events[0].timezone: 'Europe/Berln' is not a time zone: did you mean Europe/Berlin?",
        ],
        id="misspelt-time-zone",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("  country: PT", "  country: Germany")},
        [
         "partners.yaml:4: partners[0].country: 'Germany' is not a two-letter country code: did you mean DE (Germany)?",
        ],
        id="country-name-for-a-code",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("  role: coordinator", "   role: coordinator")},
        [
         'partners.yaml:3: this line is indented by 3 spaces, the line above by 2 spaces: the fields of one record start in the same column (a space too many or too few?)',
        ],
        id="one-space-too-many",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("  role: coordinator", " role: coordinator")},
        [
         'partners.yaml:3: this line is indented by 1 space, the line above by 2 spaces: the fields of one record start in the same column (a space too many or too few?)',
        ],
        id="one-space-too-few",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("- id: beta", "  id: beta")},
        [
         "partners.yaml:5: 'id:' starts a new record here, but the '- ' before it is missing: write '- id: …' lined up with the '- ' of the record above",
        ],
        id="missing-dash-before-a-record",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("name: Alpha Cluster", "name: 'O'Neill Cluster'")},
        [
         'partners.yaml:2: the value is in single quotes and contains an apostrophe: put it in double quotes ("O\'Neill") or write the apostrophe twice (\'O\'\'Neill\')',
        ],
        id="apostrophe-in-single-quotes",
    ),
    pytest.param(
        {"partners.yaml": PARTNERS_YAML.replace("name: Alpha Cluster", 'name: "Alpha Cluster')},
        [
         'partners.yaml:2: a quote opens the value on this line but is never closed: end the value with the same quote',
        ],
        id="quote-never-closed",
    ),
    pytest.param(
        {"partners.yaml": with_logo('"assets\\logos\\alpha.png"'), "content/assets/logos/alpha.png": png_with_header_size(1, 1)},
        [
         'partners.yaml:5: a backslash (\\) between double quotes starts a special character in YAML: write paths with forward slashes (/), e.g. assets/logos/logo.png',
        ],
        id="windows-path-in-double-quotes",
    ),
    pytest.param(
        {"partners.yaml": with_logo("assets\\logos\\alpha.png"), "content/assets/logos/alpha.png": png_with_header_size(1, 1)},
        [
         "partners.yaml:5: partners[0].logo: 'assets\\logos\\alpha.png' is written with backslashes (\\) as Windows shows paths: write assets/logos/alpha.png",
        ],
        id="windows-path",
    ),
    pytest.param(
        {"partners.yaml": with_logo("assets/logos/Alpha.PNG"), "content/assets/logos/alpha.png": png_with_header_size(1, 1)},
        [
         "partners.yaml:5: partners[0].logo: 'assets/logos/Alpha.PNG' does not exist, but 'assets/logos/alpha.png' does: only the letter case differs, write it exactly like the file name",
        ],
        id="letter-case-of-a-file-name",
    ),
    # --- the site settings and hand-written pages (which the MkDocs hook checks too) ---
    pytest.param(
        {"mkdocs.yml": MKDOCS_YML.replace("site_url: https://www.tex4im.eu/\n", "")},
        ["mkdocs.yml:1: site_url: site_url is missing: feeds and calendars need the site's address,"
         " e.g. site_url: https://www.example.eu/"],
        id="mkdocs-without-site-url",
    ),
    pytest.param(
        {"mkdocs.yml": MKDOCS_YML.replace('primary: "#1b4965"', 'primary: "#f4d35e"')},
        ["mkdocs.yml:43: extra.brand.primary: #f4d35e and white have a contrast of 1.5:1, below the 4.5:1 that text"
         " needs to be readable: choose a darker colour, such as #867434"],
        id="brand-colour-too-light-for-white-text",
    ),
    pytest.param(
        {"mkdocs.yml": MKDOCS_YML.replace('accent: "#b0432d"', 'accent: "#b0432d</style>"')},
        ["mkdocs.yml:44: extra.brand.accent: '#b0432d</style>' is not a colour: write it as #RRGGBB, e.g. \"#1b4965\""],
        id="brand-colour-that-would-end-the-style",
    ),
    pytest.param(
        {"content/partners/index.md": "# Our partners\n"},
        ["content/partners/index.md: the kit generates this page from the YAML records; rename or remove the file"],
        id="hand-written-page-in-the-way",
    ),
    # --- languages: codes, texts per language, the funding statement in each ---
    pytest.param(
        {"project.yaml": PROJECT_YAML + "languages: [en, Italian]\n"},
        ['project.yaml:12: project.languages[1]: \'Italian\' is not a language the kit can write: did you mean "it" (Italian)?'],
        id="language-written-as-a-name",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML + "languages: [en, en]\n"},
        ["project.yaml:12: project.languages: en is listed twice: give each language once, the main one first"],
        id="language-listed-twice",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML + "languages: []\n"},
        ["project.yaml:12: project.languages: the list is empty: give the site's languages, the main one first, e.g. [it, en]"],
        id="no-language",
    ),
    pytest.param(
        # One code without brackets is a site in that language: its English statement is then the slip.
        {"project.yaml": PROJECT_YAML + "languages: IT\n"},
        ['project.yaml:7: project.funding_statement: write "Unione europea" in full (Italian for "European Union"),'
         ' e.g. "Cofinanziato dall’Unione europea"'],
        id="one-language-written-without-a-list",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML + "languages: [en, xx]\n"},
        ["project.yaml:12: project.languages[1]: 'xx' is not a language the kit can write: use a two-letter code, e.g. en, it, pt, de"],
        id="unknown-language-code",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("title: Demo Partnership", "title: {en: Demo Partnership, fr: Partenariat démo}")},
        ["project.yaml:2: project.title: fr (French) is not one of the site's languages (en):"
         " add it to languages in project.yaml, or correct the code"],
        id="text-in-a-language-the-site-does-not-have",
    ),
    pytest.param(
        {"project.yaml": BILINGUAL_PROJECT_YAML.replace("title: Demo Partnership", "title: {en: Demo Partnership, it-IT: Partenariato}")},
        ["project.yaml:2: project.title: 'it-IT' is not a language code of the site: write \"it\" (the site's languages are en, it)"],
        id="language-code-with-a-region",
    ),
    pytest.param(
        {"project.yaml": BILINGUAL_PROJECT_YAML.replace("languages: [en, it]", "languages: [it, en]")
                                          .replace("title: Demo Partnership", "title: {en: Demo Partnership}")},
        ["project.yaml:2: project.title: the text in Italian, the site's main language, is missing: add a line \"it: …\""
         " (the other languages show it where they have no text of their own)"],
        id="text-missing-in-the-main-language",
    ),
    pytest.param(
        {"project.yaml": BILINGUAL_PROJECT_YAML.replace("acronym: DEMO", "acronym: {en: DEMO, it: DEMO}")},
        ["project.yaml:1: project.acronym: this field is the same in every language: write one value, not one per"
         " language (ids, dates, addresses, countries and file paths are never translated)"],
        id="translation-of-a-field-that-is-not-translated",
    ),
    pytest.param(
        {"project.yaml": BILINGUAL_PROJECT_YAML, "partners.yaml": PARTNERS_YAML.replace("country: CZ", "country: {en: CZ, it: CZ}")},
        ["partners.yaml:7: partners[1].country: this field is the same in every language: write one value, not one per"
         " language (ids, dates, addresses, countries and file paths are never translated)"],
        id="translation-of-a-country",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML + "languages: [en, it]\n"},
        ["project.yaml:7: project.funding_statement: the statement in Italian is missing: write it once per language"
         " (en: …, it: …), e.g. it: \"Cofinanziato dall’Unione europea\""],
        id="funding-statement-missing-for-a-language",
    ),
    pytest.param(
        {"project.yaml": PROJECT_YAML.replace("Co-funded by the COSME programme of the European Union",
                                              "Kofinanziert vom Programm COSME der Europaischen Union") + "languages: [de]\n"},
        ["project.yaml:7: project.funding_statement: 'Europaischen Union' is not how German writes the European Union:"
         " write \"Europäischen Union\", e.g. \"Kofinanziert von der Europäischen Union\""],
        id="european-union-misspelt-in-german",
    ),
    pytest.param(
        {"project.yaml": BILINGUAL_PROJECT_YAML.replace("it: Cofinanziato dal programma COSME dell'Unione europea",
                                                   "it: Cofinanziato dal programma COSME dell'UE")},
        ["project.yaml:7: project.funding_statement: it: write \"Unione europea\" in full (Italian for \"European Union\"),"
         " e.g. \"Cofinanziato dall’Unione europea\""],
        id="funding-statement-abbreviated-in-one-language",
    ),
]


# --- running a build ------------------------------------------------------------------------------------


def make_site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """The kit and the default project bent by `files`, with the pages and logo mkdocs.yml names."""
    copy_kit(root)
    write_site(root, files)
    for name, data in LAST_GOOD_SITE.items():
        (root / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / name).write_bytes(data)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def build(root: Path) -> tuple[int, str, str]:
    """`consortia build` as conftest.consortia runs it, but killed (with MkDocs under it) if it hangs."""
    command = [sys.executable, "-m", "consortia.cli", "--root", os.fspath(root), "build"]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1572566400"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"`consortia build` did not finish within {TIMEOUT} s")
    return process.returncode, stdout, stderr


# --- the tests ----------------------------------------------------------------------------------------------

REAL_BUILDS = {
    "yaml-syntax-error",
    "missing-required-field",
    "dangling-organiser",
    "decompression-bomb",
    "mkdocs-without-site-url",
    "hand-written-page-in-the-way",
}
"""The cases that also run the real `consortia build`: one of each kind of problem (YAML syntax, a field,
a reference between records, an image, the site settings, a hand-written page). `consortia build` runs
the same check before MkDocs, so every case of the corpus prints the same lines in both: compared case
by case when the corpus moved in-process, none showed up only in the real build."""


def check(root: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    """`consortia check` in this process, on the build day conftest.consortia gives the real command."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1572566400")
    status = cli.check(root)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_refused_clearly(status: int, stdout: str, stderr: str, expected: list[str]) -> None:
    output = stdout + stderr
    problems = [line for line in stderr.splitlines() if PROBLEM_LINE.match(line)]
    assert status == 1, output
    assert "Traceback" not in output
    assert [line for line in problems if not WELL_FORMED.match(line)] == []
    assert problems == expected, output
    assert "No problems" not in output


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_input_is_refused_with_one_clear_line_per_problem(tmp_path, monkeypatch, capsys, files, expected):
    root = make_site(tmp_path, files)
    assert_refused_clearly(*check(root, monkeypatch, capsys), expected)


def test_every_real_build_case_is_in_the_corpus():
    assert REAL_BUILDS <= {case.id for case in CASES}


@pytest.mark.parametrize(("files", "expected"), [case for case in CASES if case.id in REAL_BUILDS])
def test_bad_input_stops_the_real_build_and_keeps_the_last_good_site(tmp_path, files, expected):
    root = make_site(tmp_path, files)
    before = snapshot(root / "site")
    assert_refused_clearly(*build(root), expected)
    assert snapshot(root / "site") == before


def test_a_byte_order_mark_is_accepted(tmp_path):
    root = make_site(tmp_path, {"project.yaml": b"\xef\xbb\xbf" + PROJECT_YAML.encode("utf-8")})
    status, stdout, stderr = build(root)
    assert status == 0, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert (root / "site" / "index.html").read_bytes() != LAST_GOOD_SITE["index.html"]
    assert "Demo Partnership" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "partners" / "alpha" / "index.html").is_file()
