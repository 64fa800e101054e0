"""Load a project folder's YAML files into records, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from consortia.languages import DEFAULT_LANGUAGES, SUPPORTED
from consortia.problems import Problem, format_location
from consortia.records import (
    SLUG_PATTERN,
    TRANSLATION_ERROR,
    translatable,
    Agreement,
    Event,
    NewsletterIssue,
    NewsPost,
    Origin,
    Result,
    Partner,
    Project,
    Record,
    Site,
)
from consortia.yamlfile import YamlDocument, read_yaml


T = TypeVar("T")

RECORD_LISTS = {"partners": Partner, "events": Event, "agreements": Agreement, "news": NewsPost, "results": Result}
"""The files that hold a list of records, by name without .yaml."""


def load_site(root: Path) -> tuple[Site | None, list[Problem]]:
    """Read every record file under `root`; the site is None when a problem makes it incomplete."""
    problems: list[Problem] = []
    project = _load_project(root, problems)
    languages = project.languages if project else DEFAULT_LANGUAGES
    lists = {name: _load_list(root, name, model, problems, languages) for name, model in RECORD_LISTS.items()}
    newsletters = _load_newsletters(root, problems, languages)
    problems = _one_per_field(problems)
    if project is None or problems:
        return None, problems
    return Site(project, lists["partners"], lists["events"], lists["agreements"], newsletters, lists["news"],
                lists["results"]), problems


def _load_project(root: Path, problems: list[Problem]) -> Project | None:
    path = root / "project.yaml"
    if not path.is_file():
        problems.append(Problem("project.yaml", 1, "", "the file is missing: every site needs a project.yaml"))
        return None
    document = _read(path, "project.yaml", problems, "project")
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(_shape_problem(document, "a mapping of fields (acronym: …, title: …)"))
        return None
    return _validate(Project, document.data, document, (), "project", problems, _written_languages(document.data))


def _written_languages(data: dict) -> tuple[str, ...]:
    """project.yaml's languages as far as they are right, for checking its own texts (a wrong code
    is a problem of the languages field itself)."""
    written = data.get("languages")
    if isinstance(written, str):
        written = [written]
    written = [code.strip().lower() for code in written if isinstance(code, str)] if isinstance(written, list) else []
    codes = [code for code in written if code in SUPPORTED]
    return tuple(dict.fromkeys(codes)) or DEFAULT_LANGUAGES


def _load_list(root: Path, name: str, model: type[Record], problems: list[Problem], languages: tuple[str, ...]) -> tuple:
    path = root / f"{name}.yaml"
    if not path.is_file():
        return ()
    return _kept_reading(path, (name, languages), problems, lambda found: _read_list(path, name, model, found, languages))


def _read_list(path: Path, name: str, model: type[Record], problems: list[Problem], languages: tuple[str, ...]) -> tuple:
    document = _read(path, path.name, problems, name)
    if document is None or document.data is None:
        return ()
    if not isinstance(document.data, list):
        problems.append(_shape_problem(document, f"a list of {name}, each starting with '- id: …'"))
        return ()
    last = _LAST_RECORDS.get((path, languages), {})
    kept: dict[object, tuple[object, Record]] = {}
    records = []
    for index, entry in enumerate(document.data):
        record = _unchanged(last, entry, document, (index,), f"{name}[{index}]")
        if record is None:
            record = _validate(model, entry, document, (index,), f"{name}[{index}]", problems, languages)
        if record is not None:
            records.append(record)
            kept.setdefault(_record_key(entry), (entry, record))
    _LAST_RECORDS[(path, languages)] = kept
    return tuple(records)


_LAST_RECORDS: dict[tuple, dict[object, tuple[object, Record]]] = {}
"""Each list file's records as this process read them last, by id, with the data each was read
from: an edit of one event leaves every other event the same object, which the preview's kept
pages, feeds and translations then recognise at once instead of comparing field by field."""


def _record_key(entry: object) -> object:
    """An entry's id when it has a plain one; entries without one are never reused."""
    record_id = entry.get("id") if isinstance(entry, dict) else None
    return record_id if isinstance(record_id, str) else object()


def _same_data(kept: object, now: object) -> bool:
    """Equal and of the same types throughout: 1, 1.0 and true are equal in Python but read as
    different texts ("1", "1.0") or refused."""
    if kept is now:  # an item read as it was last time (yamlfile)
        return True
    if type(kept) is not type(now):
        return False
    if isinstance(kept, dict):
        return kept.keys() == now.keys() and all(_same_data(value, now[key]) for key, value in kept.items())
    if isinstance(kept, list):
        return len(kept) == len(now) and all(map(_same_data, kept, now))
    return kept == now


def _unchanged(last: dict, entry: object, document: YamlDocument, prefix: tuple, label: str) -> Record | None:
    """The record read last time from the same data, now placed where the entry is in `document`."""
    kept = last.get(_record_key(entry))
    if kept is None or not _same_data(kept[0], entry):
        return None
    record = kept[1]
    record._origin = Origin(document.path, document.lines, prefix, label)
    return record


def _load_newsletters(root: Path, problems: list[Problem], languages: tuple[str, ...]) -> tuple[NewsletterIssue, ...]:
    folder = root / "newsletters"
    issues = []
    if folder.is_dir():
        problems.extend(_misnamed_issue_files(folder))
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else ():
        shown_as = f"newsletters/{path.name}"
        issue_id = path.stem
        if not re.fullmatch(SLUG_PATTERN, issue_id):
            message = f"the file name {issue_id!r} is not a valid issue id: rename it like 2024-03.yaml"
            problems.append(Problem(shown_as, 1, "", message))
            continue
        issue = _kept_reading(path, ("issue", languages), problems, lambda found: _read_issue(path, shown_as, issue_id, found, languages))
        if issue is not None:
            issues.append(issue)
    return tuple(issues)


def _read_issue(path: Path, shown_as: str, issue_id: str, problems: list[Problem], languages: tuple[str, ...]) -> NewsletterIssue | None:
    document = _read(path, shown_as, problems, "issue")
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(_shape_problem(document, "a mapping of fields (title: …, date: …, items: …)"))
        return None
    if "id" in document.data:
        message = "unknown field 'id': the issue id is the file name, remove this line"
        problems.append(Problem(shown_as, document.line_of(("id",)), "issue.id", message))
        return None
    return _validate(NewsletterIssue, {**document.data, "id": issue_id}, document, (), "issue", problems, languages)


_KEPT_FILES: dict[tuple, tuple[bytes, object, list[Problem]]] = {}
"""Each record file's records and problems as this process read them last, with the file's bytes."""


def _kept_reading(path: Path, key: tuple, problems: list[Problem], read: Callable[[list[Problem]], T]) -> T:
    """What `read` loads from `path` (its problems added to `problems`), kept while the file's bytes
    and `key` are the same: the preview's next build reads again only the files an edit changed."""
    data = path.read_bytes()
    kept = _KEPT_FILES.get((path, key))
    if kept is None or kept[0] != data:
        found: list[Problem] = []
        kept = _KEPT_FILES[(path, key)] = (data, read(found), found)
    problems.extend(kept[2])
    return kept[1]


def _one_per_field(problems: list[Problem]) -> list[Problem]:
    """The first problem of each field: a slip seen while reading ("curly quotes") explains the
    field's refusal that follows it."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for problem in problems:
        place = (problem.path, problem.line, problem.location)
        if not problem.location or place not in seen:
            kept.append(problem)
        seen.add(place)
    return kept


def _misnamed_issue_files(folder: Path) -> list[Problem]:
    """Files meant as issues that would be passed over: 2023-04.YAML, 2023-04.yaml.txt, 2023-04.yml.docx."""
    found = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or name.endswith((".yaml", ".yml")) or name.startswith("."):
            continue
        stem = re.split(r"\.ya?ml", name, maxsplit=1, flags=re.IGNORECASE)[0]
        if stem != name:
            message = f"this file is not read as a newsletter issue: rename it to {stem}.yaml (ending in .yaml, in small letters)"
            found.append(Problem(f"newsletters/{name}", 1, "", message))
    return found


def _read(path: Path, shown_as: str, problems: list[Problem], label: str) -> YamlDocument | None:
    document, found = read_yaml(path, shown_as, label)
    problems.extend([*found, *document.slips])
    return None if found else document


def _shape_problem(document: YamlDocument, expected: str) -> Problem:
    got = _describe(document.data)
    return Problem(document.path, 1, "", f"the file must hold {expected}, but it holds {got}")


def _validate(
    model: type[Record], data: object, document: YamlDocument, prefix: tuple, label: str, problems: list[Problem],
    languages: tuple[str, ...],
) -> Record | None:
    try:
        record = model.model_validate(data, context={"languages": languages})
    except ValidationError as error:
        problems.extend(_translate(error, model, document, prefix, label))
        return None
    record._origin = Origin(document.path, document.lines, prefix, label)
    return record


def _translate(
    error: ValidationError, model: type[Record], document: YamlDocument, prefix: tuple, label: str
) -> list[Problem]:
    found = []
    for detail in error.errors(include_url=False):
        location = _field_path(detail["loc"])
        line = document.line_of(prefix + location)
        found.append(Problem(document.path, line, label + format_location(location), _message(detail, model)))
    return found


def _field_path(location: tuple) -> tuple:
    """The error's location without pydantic's names for the branches of a union."""
    return tuple(part for part in location if part not in _UNION_BRANCHES)


_UNION_BRANCHES = {"PartnerId", "OutsideParty", "NewsItem", "PostInIssue"}
"""Pydantic's names for the branches of Agreement.parties and NewsletterIssue.items, not fields a person wrote."""


def _message(detail: dict, model: type[Record]) -> str:
    kind, value = detail["type"], detail.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == TRANSLATION_ERROR:
        return detail["msg"]
    if isinstance(value, dict) and value and all(code in SUPPORTED for code in value) and not _translatable_at(model, detail["loc"]):
        return ("this field is the same in every language: write one value, not one per language "
                "(ids, dates, addresses, countries and file paths are never translated)")
    if kind == "extra_forbidden":
        return _unknown_field(detail["loc"], model)
    if kind == "literal_error":
        return f"{value!r} is not one of: {detail['ctx']['expected']}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_describe(value)}"
    if kind == "value_error":
        return str(detail["ctx"]["error"])
    if kind == "too_short":
        return "the list is empty: give at least one entry"
    if kind in ("greater_than_equal", "greater_than"):
        bound = detail["ctx"].get("ge", detail["ctx"].get("gt"))
        wanted = f"{bound} or more" if kind == "greater_than_equal" else f"more than {bound}"
        return f"{value!r} is too small: give a number of {wanted}"
    return f"{detail['msg']}, got {_describe(value)}"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "tuple_type": "a list (lines starting with '- ')",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping of fields (name: value)",
    "model_type": "a mapping of fields (name: value)",
    "model_attributes_type": "a mapping of fields (name: value)",
}


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _unknown_field(location: tuple, model: type[Record]) -> str:
    name = location[-1]
    fields = _model_at(model, location[:-1]).model_fields
    known = [name for name, info in fields.items() if not (info.json_schema_extra or {}).get("readOnly")]
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known fields: {', '.join(known)})"
    return f"unknown field {name!r}{hint}"


def _translatable_at(model: type[Record], location: tuple) -> bool:
    """Whether the field at `location` (its last name, inside nested records and lists) is a text written per language."""
    names = [index for index, part in enumerate(location) if isinstance(part, str)]
    if not names:
        return False
    owner = _model_at(model, location[: names[-1]])
    field = owner.model_fields.get(location[names[-1]])
    return field is not None and translatable(field.annotation, field.metadata)


def _model_at(model: type[BaseModel], location: tuple) -> type[BaseModel]:
    """The record type found at `location` inside `model`, following nested records and lists."""
    for part in location:
        if isinstance(part, str) and part in model.model_fields:
            model = _inner_model(model.model_fields[part].annotation) or model
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        inner = _inner_model(argument)
        if inner is not None:
            return inner
    return None
