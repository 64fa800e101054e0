"""Each newsletter issue as an e-mail a mail service can send, written beside the issue's page and
PDF: email.html (a 600 px table layout whose CSS css-inline puts into style attributes, because
many mail programs ignore <style>), email.txt (the plain-text part) and email.eml (both as one
message, to open in a mail program and send oneself as a test).

A mail has no address of its own, so every link and picture is absolute on the site's address.
Gmail clips a message whose HTML is over 102 KB, so a long issue is sent with each article's
summary and a link to it. Nothing depends on the time of the build: the same records give the
same bytes.
"""

from __future__ import annotations

import email.policy
import textwrap
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import css_inline
import lxml.html
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from consortia import wording
from consortia.addresses import issue_email_uri, page_uri, site_path
from consortia.catalogue import Catalogue
from consortia.emblem import emblem_png
from consortia.feeds import midnight_utc
from consortia.html import absolute_links_of, safe_html
from consortia.images import WebImage
from consortia.kept_files import Fingerprints, KeptFiles
from consortia.languages import _, current
from consortia.media import Media
from consortia.reads import Comparison, Kept
from consortia.records import NewsletterIssue
from consortia.render import TEMPLATES_DIR, install_kit_messages
from consortia.settings import DEFAULT_PRIMARY

GMAIL_CLIP = 102 * 1024
"""Gmail shows "[Message clipped]" and hides the rest of an HTML part longer than this."""
EMBLEM_PNG = "assets/consortia/eu-emblem.png"
"""The EU emblem as PNG, which every mail program shows (many show no SVG)."""
EMBLEM_HEIGHT = 40
"""The emblem's height in the e-mail; the PNG has twice as many pixels, for sharp screens."""
CONTENT_WIDTH = 536
"""The width of an article's pictures: the 600 px column less its padding."""
BOUNDARY = "=_consortia-newsletter_="
"""The MIME boundary, fixed for the same bytes every time (EmailMessage draws a random one).
Quoted-printable writes every "=" of the parts as "=3D", so no line of theirs can be it."""
TEXT_WIDTH = 72
"""Plain-text paragraphs are wrapped to this many characters, as mail programs expect."""

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_BLOCKS = ("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "tr", "br", "hr")


@dataclass(frozen=True)
class Mailing:
    """What the e-mails of one build share."""

    site_url: str
    """The site's address in the e-mails' language (https://www.tex4im.eu/it/)."""
    unsubscribe: str | None = None
    """The mail service's unsubscribe merge tag (*|UNSUB|*) or an address; None when not set."""
    primary: str | None = None
    """The brand colour (#rrggbb, checked for white text on it); None for the theme's default."""


def email_files(catalogue: Catalogue, media: Media, mailing: Mailing, cache_dir: Path | None = None) -> dict[str, bytes]:
    """Every issue's e-mail edition by URI, and the emblem they show (an archived site keeps its
    issues' e-mails too, as the record of what was sent); each issue's kept in `cache_dir` (when
    given) while what it is made from is the same."""
    if not catalogue.issues:
        return {}
    writer = _EmailWriter(catalogue, media, mailing)
    comparison = Comparison(set())
    on_disk, fingerprints = KeptFiles.in_cache(cache_dir, "emails", current()), Fingerprints.for_build("emails", current())
    pictures = sorted((path, image.uri) for path, image in media.images.items())
    files = {EMBLEM_PNG: emblem_png(2 * EMBLEM_HEIGHT)}
    for issue in catalogue.issues:
        made_from = (issue, catalogue.issue_articles(issue), catalogue.project, pictures)
        def made(issue=issue, made_from=made_from) -> dict[str, bytes]:
            return KEPT_EMAILS.get((issue.id, mailing, current()), made_from, lambda: writer.issue_files(issue), comparison)
        files.update(on_disk.get(fingerprints.of(mailing, current(), *made_from), made))
    on_disk.forget_unused()
    return files


KEPT_EMAILS = Kept()
"""Each issue's e-mail files as this process wrote them last: inlining their CSS is most of a build's e-mail time."""


def email_notes(catalogue: Catalogue, files: dict[str, bytes], mailing: Mailing, *, said_once: bool) -> list[str]:
    """Lines for whoever builds: an e-mail too long for Gmail even with summaries only, and (when
    `said_once`, in one language's build of several) a missing unsubscribe setting."""
    site_url = _with_slash(mailing.site_url)
    notes = [
        f"{site_url}{uri} is {len(data) // 1024} KB even with only each article's summary: Gmail will show its first "
        f"{GMAIL_CLIP // 1024} KB and a link to the rest; consider splitting the issue"
        for uri, data in files.items() if uri.endswith("/email.html") and len(data) > GMAIL_CLIP
    ]
    if files and said_once and not mailing.unsubscribe:
        contact = catalogue.project.contact.email
        fallback = f"ask readers to write to {contact}" if contact else "have no unsubscribe link"
        notes.append(f"The newsletter e-mails {fallback} to unsubscribe: set your mail service's link in mkdocs.yml, "
                     "under extra: newsletter: unsubscribe: (Mailchimp \"*|UNSUB|*\", Brevo \"{{ unsubscribe }}\", "
                     "MailerLite \"{$unsubscribe}\")")
    return notes


class _EmailWriter:
    """Writes the e-mails of one site in one language: knows its address, pictures and templates."""

    def __init__(self, catalogue: Catalogue, media: Media, mailing: Mailing) -> None:
        self.catalogue = catalogue
        self.project = catalogue.project
        self.media = media
        self.site_url = _with_slash(mailing.site_url)
        self.unsubscribe = mailing.unsubscribe or self._write_to_unsubscribe()
        self.environment = self._environment(mailing.primary or DEFAULT_PRIMARY)

    def issue_files(self, issue: NewsletterIssue) -> dict[str, bytes]:
        """The issue's email.html, email.txt and email.eml: whole articles, or their summaries when
        the whole issue would be clipped by Gmail."""
        html, text = self._rendered(issue, summaries=False)
        if len(html.encode()) > GMAIL_CLIP:
            html, text = self._rendered(issue, summaries=True)
        return {
            issue_email_uri(issue, "html"): html.encode(),
            issue_email_uri(issue, "txt"): text.encode(),
            issue_email_uri(issue, "eml"): self._message(issue, html, text),
        }

    def _rendered(self, issue: NewsletterIssue, summaries: bool) -> tuple[str, str]:
        context = {
            "issue": issue, "project": self.project, "articles": self.catalogue.issue_articles(issue),
            "summaries": summaries, "issue_url": self._address(issue), "site_url": self.site_url,
            "unsubscribe": self.unsubscribe, "language": current(),
        }
        html = self.environment.get_template("newsletter/email.html.j2").render(**context)
        text = self.environment.get_template("newsletter/email.txt.j2").render(**context)
        return _INLINER.inline(html), text

    def _message(self, issue: NewsletterIssue, html: str, text: str) -> bytes:
        """Both parts as one message, text first (mail programs show the last part they can)."""
        message = EmailMessage()
        message["Subject"] = wording.email_subject(self.project, issue)
        if self.project.contact.email:
            message["From"] = Address(self.project.acronym, addr_spec=self.project.contact.email)
        message["Date"] = format_datetime(midnight_utc(issue.date))
        message["Message-ID"] = f"<newsletter.{issue.id}.{current()}@{urlsplit(self.site_url).hostname}>"
        message["X-Unsent"] = "1"  # Outlook opens the file as a message to send, not as one received
        message.set_content(text, cte="quoted-printable")
        message.add_alternative(html, subtype="html", cte="quoted-printable")
        message["Content-Language"] = current()  # after the parts: setting the content drops Content-* headers
        message.set_boundary(BOUNDARY)
        return message.as_bytes(policy=email.policy.SMTP)

    def _write_to_unsubscribe(self) -> str | None:
        """Without the mail service's link: a message to the project's contact address, if it has one."""
        contact = self.project.contact.email
        return f"mailto:{contact}?subject={quote(_('Unsubscribe'))}" if contact else None

    def _address(self, target: object) -> str:
        """The absolute address of a record's page or of a file of the site."""
        return self.site_url + site_path(target if isinstance(target, str) else page_uri(target))

    def _html(self, markdown: str, record: object) -> Markup:
        """Markdown written in a record as cleaned HTML for a mail program."""
        html = self._cleaned(markdown, record)
        return Markup(_embeds_as_links(html)) if html else Markup("")

    def _text(self, markdown: str, record: object) -> str:
        """Markdown written in a record as plain text, its links written out."""
        html = self._cleaned(markdown, record)
        return _plain_text(html) if html else ""

    def _cleaned(self, markdown: str, record: object) -> str:
        """Cleaned HTML with every link absolute, resolved as on the record's page."""
        return safe_html(markdown, absolute_links_of(page_uri(record), self.site_url))

    def _environment(self, primary: str) -> Environment:
        # Autoescape for the HTML only: the plain text is no HTML, and shows "&" as it is.
        environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html.j2"]),
                                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                  keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
        install_kit_messages(environment)
        environment.filters.update(
            address=self._address, html=self._html, text=self._text, day=wording.human_date,
            issue_line=lambda issue: wording.issue_line(self.project, issue), site_address=wording.site_address,
            image=lambda path: self.media.images[path], src=lambda image: self.site_url + image.uri, shown=_shown,
            wrapped=_wrapped, underlined=lambda heading, line="-": f"{heading}\n{line * len(heading)}",
        )
        environment.globals.update(
            colours={"primary": primary, "primary_on_dark": _towards_white(primary, 0.65)},
            emblem={"src": self.site_url + EMBLEM_PNG, "width": EMBLEM_HEIGHT * 3 // 2, "height": EMBLEM_HEIGHT},
        )
        return environment


def _with_slash(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def _shown(image: WebImage, width: int) -> Markup:
    """The width and height attributes of a picture shown at most `width` pixels wide (Outlook
    takes the attributes, not the style)."""
    shown_width = min(width, image.width)
    return Markup('width="{}" height="{}"').format(shown_width, round(image.height * shown_width / image.width))


def _towards_white(colour: str, share: float) -> str:
    """`colour` (#rrggbb) mixed with white: the brand's links and headings on the dark scheme's background."""
    channels = (int(colour[index:index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(channel + (255 - channel) * share):02x}" for channel in channels)


def _embeds_as_links(html: str) -> str:
    """Videos and maps pasted into an article as links to them: mail programs show no embedded
    pages, and the few that would load one would tell its host who read the mail."""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for frame in list(fragment.iter("iframe")):
        source, title = frame.get("src", ""), frame.get("title")
        frame.attrib.clear()
        frame.tag, frame.text = "a", title or source
        frame.set("href", source)
    return lxml.html.tostring(fragment, encoding="unicode")


def _plain_text(html: str) -> str:
    """Cleaned HTML as plain-text paragraphs: a link's address after its words, a picture's text
    alternative in brackets, list items after a dash."""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in fragment.iter("a"):
        address = link.get("href", "")
        if address and address != link.text_content().strip() and not address.startswith("mailto:"):
            link.tail = f" ({address})" + (link.tail or "")
    for image in fragment.iter("img"):
        image.tail = (f"[{image.get('alt')}]" if image.get("alt") else "") + (image.tail or "")
    for block in fragment.iter(*_BLOCKS):
        block.text = ("\n\n- " if block.tag == "li" else "\n\n") + (block.text or "")
        block.tail = "\n\n" + (block.tail or "")
    paragraphs = (" ".join(part.split()) for part in fragment.text_content().split("\n\n"))
    return "\n\n".join(_wrapped(paragraph) for paragraph in paragraphs if paragraph)


def _wrapped(text: str) -> str:
    """A paragraph wrapped for a plain-text mail; addresses are never cut, list items hang."""
    indent = "  " if text.startswith("- ") else ""
    return textwrap.fill(str(text), TEXT_WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
