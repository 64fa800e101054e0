"""The contract that puts page numbers into a newsletter issue's printed contents.

The issue page's contents hold, after each article's link, an empty slot naming the article
(`<span class="cs-contents__page" data-page-of="<item id>">`). Printing learns on which page each
article starts and fills the slots, in the browser before the second print and in the built page
for readers who print it themselves. consortia.css shows the slots only in print (it names the
same class). Everything that writes or fills a slot uses the names below.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

SLOT_CLASS = "cs-contents__page"
"""The class of a contents entry's page-number slot (also styled in consortia.css)."""
SLOT_ARTICLE = "data-page-of"
"""The slot's attribute holding the id of the article whose page it shows."""

_FILLABLE = re.compile(f'(<span class="{SLOT_CLASS}" {SLOT_ARTICLE}="([^"]+)">)(</span>)')


def page_number_slot(item_id: str) -> Markup:
    """The empty slot for an article's page number, written by the issue page's template."""
    return Markup('<span class="{}" {}="{}"></span>').format(SLOT_CLASS, SLOT_ARTICLE, item_id)


def with_page_numbers(html: str, start_pages: dict[str, int]) -> str:
    """A built issue page with each article's page number in its slot."""
    return _FILLABLE.sub(lambda match: f"{match[1]}{start_pages[match[2]]}{match[3]}", html)


FILL_IN_BROWSER = f"""(numbers) => {{
  document.querySelectorAll({json.dumps("." + SLOT_CLASS)}).forEach((slot) => {{
    slot.textContent = numbers[slot.getAttribute({json.dumps(SLOT_ARTICLE)})];
  }});
}}"""
"""The same filling, as a script the printing browser runs on the open page (numbers by item id)."""
