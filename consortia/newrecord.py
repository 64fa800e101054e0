"""Add a record to its YAML file without disturbing what is there: comments, order and style stay.

ruamel.yaml writes the new record and finds where it goes; the rest of the file is kept byte for
byte. The whole project is then checked; on any problem the file goes back to exactly what it was.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from consortia.pipeline import ProjectFolder, validate
from consortia.problems import Problem
from consortia.records import Agreement, Event, NewsItem, NewsletterIssue, Partner, Record

KINDS: dict[str, type[Record]] = {
    "partner": Partner, "event": Event, "agreement": Agreement, "issue": NewsletterIssue, "item": NewsItem,
}
LIST_FILES = {"partner": "partners.yaml", "event": "events.yaml", "agreement": "agreements.yaml"}
# Fields holding lists of ids: written on the command line as comma-separated ids.
_LIST_FIELDS = {"organisers", "topics", "parties", "partners", "events"}
# An event's place, written as venue=… city=… country=… as well as location.city=… or location={…}.
_PLACE_FIELDS = {"venue", "address", "city", "country"}


def required_fields(kind: str) -> list[str]:
    """The fields a new record of `kind` must have (for an issue, also its first article)."""
    names = [name for name, field in KINDS[kind].model_fields.items() if field.is_required() and name != "items"]
    if kind == "issue":
        names += ["item", "item_title"]
    if kind == "item":
        names.insert(0, "issue")
    return names


def parse_fields(pairs: list[str], kind: str = "") -> dict[str, object]:
    """name=value arguments → fields. List fields take comma-separated ids; true and false are yes
    and no; `part.name=value` (location.city=Vilnius) or `part={name: value, …}` fills a nested
    record; an event's venue, address, city and country go into its location."""
    fields: dict[str, object] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name:
            raise ValueError(f"{pair!r}: write fields as name=value, e.g. country=PT")
        if kind == "event" and name in _PLACE_FIELDS:
            name = f"location.{name}"
        owner, _dot, inner = name.rpartition(".")
        target = fields.setdefault(owner, {}) if owner else fields
        if not isinstance(target, dict) or inner in target:
            raise ValueError(f"{pair!r}: {name} is given twice: keep one")
        target[inner] = _value(inner, value)
    return fields


def _value(name: str, text: str) -> object:
    if name in _LIST_FIELDS:
        return [part.strip() for part in text.split(",") if part.strip()]
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:  # a date is written unquoted, as in the example files (ruamel would quote the text)
            return date.fromisoformat(text)
        except ValueError:
            return text
    if text.startswith("{") and text.endswith("}"):
        try:
            parsed = YAML(typ="safe").load(text)
        except Exception:  # noqa: BLE001 - ruamel raises many kinds of parser errors
            parsed = None
        if not isinstance(parsed, dict):
            raise ValueError(f"{name}={text}: write it as {name}={{city: Vilnius, country: LT}}") from None
        return {key: str(item) for key, item in parsed.items()}
    return text


def add_record(root: Path, kind: str, fields: dict[str, object]) -> tuple[Path, list[Problem]]:
    """Append the record to its file and check the project; on problems the file is restored."""
    path, before = _target(root, kind, fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_with_record(before, kind, fields), encoding="utf-8")
    _site, _media, problems = validate(ProjectFolder.at(root))
    if problems:
        path.write_text(before, encoding="utf-8") if before is not None else path.unlink()
    return path, problems


def _target(root: Path, kind: str, fields: dict[str, object]) -> tuple[Path, str | None]:
    if kind in LIST_FILES:
        path = root / LIST_FILES[kind]
    else:
        issue_id = fields.get("id" if kind == "issue" else "issue")
        path = root / "newsletters" / f"{issue_id}.yaml"
    if kind == "issue" and path.exists():
        raise ValueError(f"newsletters/{path.name} exists already: choose another issue id")
    if kind == "item" and not path.exists():
        raise ValueError(f"newsletters/{path.name} does not exist: give the id of an existing issue")
    return path, path.read_text(encoding="utf-8") if path.exists() else None


def _with_record(before: str | None, kind: str, fields: dict[str, object]) -> str:
    # The new record is written by ruamel.yaml and inserted as text: files mix indentation styles
    # (records at the margin, agendas indented), which re-dumping the whole file would flatten.
    record = CommentedMap((name, _flow(value)) for name, value in fields.items() if name not in ("issue", "item", "item_title"))
    if kind == "issue":
        record.pop("id")
        record["items"] = CommentedSeq([CommentedMap(id=fields["item"], title=fields["item_title"])])
        return "# yaml-language-server: $schema=../schemas/newsletter.schema.json\n" + _dump(record)
    entry = _dump(CommentedSeq([record]))
    if kind == "item":
        return _insert_item(before, entry)
    if not before or not before.strip():
        schema = LIST_FILES[kind].replace(".yaml", ".schema.json")
        return f"# yaml-language-server: $schema=schemas/{schema}\n" + entry
    # Keep the file's habit of a blank line between records.
    separator = "\n" if re.search(r"\n\n- ", before) else ""
    return before.rstrip("\n") + "\n" + separator + entry


def _insert_item(before: str, entry: str) -> str:
    """The article after the issue's last one, indented like the others."""
    lines = before.splitlines(keepends=True)
    document = YAML().load(before)
    items_line = document.lc.key("items")[0]
    keys_after = [document.lc.key(key)[0] for key in document if document.lc.key(key)[0] > items_line]
    end = min(keys_after, default=len(lines))
    # ruamel gives the column of an item's content; its "- " stands two columns before.
    content_column = document["items"].lc.item(0)[1] if document["items"] else 4
    margin = " " * max(content_column - 2, 0)
    block = "".join(margin + line if line.strip() else line for line in entry.splitlines(keepends=True))
    while end > items_line + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # before the blank lines and margin comments that close the list
    head = "".join(lines[:end])
    return head + ("" if head.endswith("\n") else "\n") + block + "".join(lines[end:])


def _flow(value: object) -> object:
    """Lists of ids on one line, [a, b], as the example files write them; nested records as blocks."""
    if isinstance(value, dict):
        return CommentedMap((name, _flow(item)) for name, item in value.items())
    if isinstance(value, list):
        sequence = CommentedSeq(value)
        sequence.fa.set_flow_style()
        return sequence
    return value


def _dump(data: object) -> str:
    yaml = YAML()
    yaml.width = 4096  # never fold a long line
    yaml.indent(mapping=2, sequence=2, offset=0)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
