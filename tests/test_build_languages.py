"""Real builds of sites in other languages than English: a site written in Italian alone, and the
bilingual example (English at the root, Italian under /it/)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import icalendar
import pikepdf
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader

from browser_harness import PAGE_TYPES
from conftest import consortia, indexed_pages, write_site
from consortia.languages import catalogue_path, gettext, speaking
from test_build import copy_kit, page
from test_printing import every_font_is_embedded

ITALIAN_SITE = {
    "project.yaml": """\
        languages: [it]
        acronym: TESSILE
        title: Tessuti per il domani
        tagline: Sei distretti tessili, un solo programma.
        programme: COSME
        grant_agreement: "123456"
        start: 2019-01-01
        end: 2020-12-31
        coordinator: alfa
        summary: Il progetto aiuta le **piccole imprese** tessili a investire insieme.
        funding_statement: Cofinanziato dal programma COSME dell'Unione europea
        disclaimer: Il contenuto di questo sito riflette soltanto il punto di vista degli autori.
        contact:
          email: info@tessile.example.eu
        topics:
          - id: circolare
            title: Economia circolare
        indicators:
          - id: progetti
            label: Proposte di investimento
            target: 24
            achieved: 18
            unit: proposte
        """,
    "partners.yaml": """\
        - id: alfa
          name: Distretto Tessile Alfa
          role: coordinator
          kind: cluster
          country: IT
          city: Prato
          members: 1200
          description: Un distretto di imprese tessili toscane.
          topics: [circolare]
        - id: beta
          name: Associazione Beta
          kind: sme
          country: CZ
          city: Brno
        """,
    "events.yaml": """\
        - id: avvio
          title: Riunione di avvio
          kind: kick-off
          start: 2019-10-15T09:30
          end: 2019-10-16T17:00
          timezone: Europe/Rome
          organisers: [alfa]
          registration: https://tessile.example.eu/iscrizione
          summary: I partner si incontrano per la prima volta.
          location:
            venue: Museo del Tessuto
            city: Prato
            country: IT
          agenda:
            - {time: "09:30", title: Benvenuto}
            - {time: "10:00", title: Visita, day: 2}
          topics: [circolare]
        - id: conferenza
          title: Conferenza finale
          kind: conference
          status: cancelled
          start: 2020-11-20
          online: true
        """,
    "agreements.yaml": """\
        - id: accordo
          title: Accordo di cooperazione con Beta
          signed: 2019-11-05
          ends: 2020-01-31
          parties: [alfa, beta]
          summary: Scambio di buone pratiche.
          actions: [Due visite di studio]
        """,
    "newsletters/2019-12.yaml": """\
        title: Notizie di dicembre
        number: 1
        date: 2019-12-10
        editorial: Benvenuti nel primo numero.
        items:
          - id: avvio
            title: Il progetto è partito
            summary: Sei distretti al lavoro.
            body: Il lavoro è cominciato a Prato.
            events: [avvio]
            partners: [alfa]
            topics: [circolare]
        """,
    "content/about.md": "# Il progetto\n\nChi siamo e che cosa facciamo.\n",
    "content/contact.md": "# Contatti\n\nScriveteci.\n",
}

PLACEHOLDER_OR_MARKUP = re.compile(r"%\([a-z_]+\)[sd]|<[^>]+>|\*\*|\*|\[|\]\([^)]*\)|\(|\)|→|:")


def english_fragments(code: str) -> set[str]:
    """The pieces of the kit's English messages (between placeholders and markup) that a page in
    the language `code` must not show: every piece its translations do not use themselves
    ("Newsletter", "RSS" and "Outlook" are Italian too)."""
    with catalogue_path(code).open("rb") as file:
        catalogue = [message for message in read_po(file) if message.id]
    translated = " ".join(" ".join(m.string) if isinstance(m.string, tuple) else m.string for m in catalogue)
    fragments = set()
    for message in catalogue:
        for english in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDER_OR_MARKUP.split(english):
                piece = piece.strip(" .,;–—·!?\"'")
                if len(piece) >= 4 and piece not in translated:
                    fragments.add(piece)
    return fragments


PROGRAM_VALUES = ["og:type", "og:url", "og:image", "og:image:type", "og:image:width", "og:image:height", "og:locale",
                  "og:locale:alternate", "article:published_time", "article:modified_time", "twitter:card"]
"""Link-preview tags whose values are for programs (a type, an address, a size), not words a reader sees."""


def visible_texts(site_dir: Path) -> dict[str, str]:
    """What a visitor, a feed reader, a calendar or a PDF reader shows, by file."""
    texts = {}
    for path in site_dir.rglob("*"):
        name = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for hidden in soup(["script", "style", "svg"]):
                hidden.decompose()
            words = [soup.get_text(" ")]
            for meta in soup.find_all("meta", property=PROGRAM_VALUES) + soup.find_all("meta", attrs={"name": PROGRAM_VALUES}):
                meta.decompose()
            words += [element[attribute] for attribute in ("alt", "title", "aria-label", "placeholder", "content")
                      for element in soup.find_all(attrs={attribute: True})]
            words += [element["data-shown"] for element in soup.find_all(attrs={"data-shown": True})]
            texts[name] = " ".join(words)
        elif path.suffix == ".xml" and "feeds" in name:
            # Entry ids (tag:consortia,2026:…) are names for programs, not words a reader sees.
            strings = BeautifulSoup(path.read_text(encoding="utf-8"), "xml").find_all(string=True)
            texts[name] = " ".join(text for text in strings if text.parent.name not in ("id", "guid"))
        elif path.suffix == ".ics":
            texts[name] = path.read_text(encoding="utf-8").replace("\r\n ", "")
        elif path.suffix == ".pdf":
            texts[name] = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return texts


@pytest.fixture(scope="module")
def italian_site(tmp_path_factory) -> Path:
    root = copy_kit(write_site(tmp_path_factory.mktemp("italiano"), ITALIAN_SITE))
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^site_description: .*$", "site_description: Distretti tessili europei", settings)
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_an_italian_site_has_no_english_word_of_the_kit(italian_site):
    fragments = english_fragments("it")
    texts = visible_texts(italian_site)
    assert {"index.html", "events/avvio/index.html", "feeds/news.rss.xml", "events.ics", "legal/index.html"} <= set(texts)
    assert any(name.endswith(".pdf") for name in texts)
    found = {name: sorted(piece for piece in fragments if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text))
             for name, text in texts.items()}
    assert {name: pieces for name, pieces in found.items() if pieces} == {}


def test_an_italian_site_speaks_italian_everywhere(italian_site):
    event = page(italian_site, "events/avvio")
    assert event.html["lang"] == "it"
    assert "15 ottobre 2019, 09:30 – 16 ottobre 2019, 17:00" in event.get_text()
    assert event.select_one(".cs-facts dt").get_text() == "Quando"
    assert "Cofinanziato dal programma COSME dell'Unione europea" in event.select_one(".cs-funding").get_text()
    assert not event.select(".md-select")  # one language: no language menu
    assert not event.find_all("link", hreflang=True)
    assert "<language>it</language>" in (italian_site / "feeds" / "news.rss.xml").read_text(encoding="utf-8")
    calendar_name = re.search(r"X-WR-CALNAME:(.*)\r\n", (italian_site / "events.ics").read_bytes().decode())[1]
    with speaking("it"):
        assert calendar_name == gettext("%(acronym)s events") % {"acronym": "TESSILE"} != "TESSILE events"
    entry = json.loads((italian_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["it"]  # stemmed as Italian


def test_an_italian_newsletter_pdf_says_it_is_italian(italian_site):
    pdf_path = next(italian_site.rglob("*.pdf"))
    with pikepdf.open(io.BytesIO(pdf_path.read_bytes())) as document:
        assert str(document.Root.Lang) == "it"
        assert "newsletter" in str(document.docinfo["/Subject"]).lower()


# --- the bilingual example: English at the root, Italian under /it/ -----------------------------------

SITE = "https://www.tex4im.eu/"
EXAMPLE_PAGES = [path for name, path in PAGE_TYPES.items() if name != "not-found"]


def alternate_links(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.parametrize("path", EXAMPLE_PAGES)
def test_every_page_is_in_both_languages_and_names_its_other_version(built_example, path):
    english, italian = page(built_example, path), page(built_example, "it/" + path)
    assert (english.html["lang"], italian.html["lang"]) == ("en", "it")
    expected = {"en": SITE + path, "it": SITE + "it/" + path, "x-default": SITE + path}
    # Reciprocal: each version names both, and the main language is the default.
    assert alternate_links(english) == alternate_links(italian) == expected
    for soup, here in ((english, SITE + path), (italian, SITE + "it/" + path)):
        menu = {link["hreflang"]: urljoin(here, link["href"]) for link in soup.select("a.md-select__link")}
        assert menu == {"en": SITE + path, "it": SITE + "it/" + path}  # the language menu keeps the visitor on the page
    assert italian.select_one(".cs-funding").get_text(" ", strip=True) == "Cofinanziato dal programma COSME dell'Unione europea"
    assert english.select_one(".cs-funding").get_text(" ", strip=True) == "Co-funded by the COSME programme of the European Union"


def test_the_italian_pages_show_the_italian_records_and_the_kits_italian(built_example):
    event = page(built_example, "it/events/kick-off-biella")
    assert event.select_one(".cs-facts dt").get_text() == "Quando"
    assert "25 settembre 2018" in event.select_one(".cs-facts dd").get_text()
    tabs = [link.get_text(strip=True) for link in event.select(".md-tabs__link")]
    assert tabs == ["Home", "Il progetto", "Partner", "Eventi", "Notizie", "Accordi", "Newsletter", "Risultati", "Priorità",
                    "Abbonarsi", "Contatti"]
    about = page(built_example, "it/about")
    assert about.find("h1").get_text() == "Il progetto"  # content/about.it.md


def test_a_text_without_italian_is_shown_in_english_and_marked_so(built_example):
    article = page(built_example, "it/newsletters/2020-06/partner-spotlight-clutex")
    assert article.html["lang"] == "it"
    body = article.select_one(".cs-prose[lang=en]")
    assert body is not None and "CLUTEX" in body.get_text()
    # A name written once is the main language's: marked, so that a screen reader reads it in English.
    assert page(built_example, "it/partners").select_one(".cs-card__title span[lang=en]") is not None


def test_feeds_calendars_and_open_data_in_each_language(built_example):
    for prefix, code in (("", "en"), ("it/", "it")):
        rss = (built_example / prefix / "feeds" / "news.rss.xml").read_text(encoding="utf-8")
        assert f"<language>{code}</language>" in rss
        links = re.findall(r"<link>([^<]*)</link>", rss)
        assert links and all(link.startswith(SITE + prefix) for link in links)
    calendar = (built_example / "it" / "events.ics").read_bytes().decode()
    assert "X-WR-CALNAME:Eventi TEX4IM" in calendar or "X-WR-CALNAME:Eventi di TEX4IM" in calendar
    assert "SUMMARY:Kick-off meeting di TEX4IM" in calendar
    italian = json.loads((built_example / "it" / "partners.json").read_text(encoding="utf-8"))
    assert "Italia" in json.dumps(italian, ensure_ascii=False)


def test_each_language_has_its_own_search_and_newsletter_pdf(built_example):
    for prefix, code in (("", "en"), ("it/", "it")):
        entry = json.loads((built_example / prefix / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [code]
        indexed = indexed_pages(built_example / prefix)
        assert "partners/citeve/" in indexed and not any(url.startswith("it/") for url in indexed)
        pdf = next((built_example / prefix / "newsletters" / "2020-06").glob("*.pdf"))
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == code
    italian_pdf = PdfReader(next((built_example / "it" / "newsletters" / "2020-06").glob("*.pdf")))
    assert "Cofinanziato dal programma COSME dell'Unione europea" in italian_pdf.pages[0].extract_text()


def test_the_sitemap_lists_every_page_in_both_languages(built_example):
    sitemap = (built_example / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert SITE + "it/partners/citeve/" in locations and SITE + "partners/citeve/" in locations
    assert len(locations) == 2 * len({location.replace(SITE + "it/", SITE) for location in locations})
    assert f'hreflang="it" href="{SITE}it/events/"' in sitemap


# --- Greek and Cyrillic: a site in Greek with a Bulgarian version -------------------------------------

GREEK_AND_BULGARIAN_SITE = {
    "project.yaml": """\
        languages: [el, bg]
        acronym: ΥΦΑΝΣΗ
        title:
          el: Υφάσματα για το αύριο
          bg: Текстил за утрешния ден
        programme: COSME
        start: 2019-01-01
        end: 2020-12-31
        coordinator: alfa
        funding_statement:
          el: Συγχρηματοδοτείται από το πρόγραμμα COSME της Ευρωπαϊκής Ένωσης
          bg: Съфинансирано от програмата COSME на Европейския съюз
        disclaimer:
          el: Το περιεχόμενο αντικατοπτρίζει μόνο τις απόψεις των συντακτών.
          bg: Съдържанието отразява само мнението на авторите.
        """,
    "partners.yaml": """\
        - id: alfa
          name: {el: Σύμπλεγμα Άλφα, bg: Клъстер Алфа}
          role: coordinator
          country: GR
        """,
    "events.yaml": "[]\n",
    "newsletters/2019-12.yaml": """\
        title: {el: Νέα του Δεκεμβρίου, bg: Новини от декември}
        date: 2019-12-10
        items:
          - id: enarxi
            title: {el: Το έργο ξεκίνησε, bg: Проектът започна}
            body: {el: Η δουλειά ξεκίνησε στη Θεσσαλονίκη., bg: Работата започна в Солун.}
        """,
    "content/about.md": "# Το έργο\n",
    "content/about.bg.md": "# Проектът\n",
    "content/contact.md": "# Επικοινωνία\n",
}


@pytest.fixture(scope="module")
def greek_site(tmp_path_factory) -> Path:
    root = copy_kit(write_site(tmp_path_factory.mktemp("greek"), GREEK_AND_BULGARIAN_SITE))
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_description: .*$", "site_description: Υφάσματα", settings), encoding="utf-8")
    result = consortia(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_greek_site_with_a_bulgarian_version_has_no_english_word_of_the_kit(greek_site):
    for code, prefix in (("el", ""), ("bg", "bg/")):
        fragments = english_fragments(code)
        texts = {name: text for name, text in visible_texts(greek_site).items() if name.startswith(prefix)
                 and (prefix or not name.startswith("bg/"))}
        found = {name: sorted(piece for piece in fragments if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text))
                 for name, text in texts.items()}
        assert {name: pieces for name, pieces in found.items() if pieces} == {}, code


def test_greek_and_cyrillic_letters_reach_the_pdfs(greek_site):
    for prefix, code, words in (("", "el", "Το έργο ξεκίνησε"), ("bg/", "bg", "Проектът започна")):
        pdf = next((greek_site / prefix / "newsletters" / "2019-12").glob("*.pdf"))
        reader = PdfReader(pdf)
        assert words in " ".join(page.extract_text() for page in reader.pages)
        assert every_font_is_embedded(reader)
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == code
    assert page(greek_site, "bg/about").find("h1").get_text() == "Проектът"
    assert page(greek_site, "bg").html["lang"] == "bg"


def test_the_italian_feeds_and_calendars_read_cleanly(built_example):
    for feed in sorted((built_example / "it" / "feeds").rglob("*.xml")):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, f"{feed.name}: {parsed.get('bozo_exception')}"
        assert parsed.feed.get("language", "it") == "it" and parsed.entries
    for calendar_file in sorted((built_example / "it").glob("events*.ics")) + sorted((built_example / "it" / "events").glob("*.ics")):
        calendar = icalendar.Calendar.from_ical(calendar_file.read_bytes())
        assert calendar.walk("VEVENT"), calendar_file.name
