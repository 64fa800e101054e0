"""JSON Schemas of the record files, generated from the record models, for editors' autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from consortia.records import Agreement, Event, NewsletterIssue, NewsPost, Partner, Project, Result

_BASE = "https://consortia.invalid/schemas/"


def schema_documents() -> dict[str, dict]:
    """Each record file's schema by file name under schemas/."""
    newsletter = NewsletterIssue.model_json_schema()
    newsletter["properties"].pop("id")
    newsletter["required"].remove("id")
    documents = {
        "project.schema.json": Project.model_json_schema(),
        "partners.schema.json": TypeAdapter(list[Partner]).json_schema(),
        "events.schema.json": TypeAdapter(list[Event]).json_schema(),
        "agreements.schema.json": TypeAdapter(list[Agreement]).json_schema(),
        "newsletter.schema.json": newsletter,
        "news.schema.json": TypeAdapter(list[NewsPost]).json_schema(),
        "results.schema.json": TypeAdapter(list[Result]).json_schema(),
    }
    for name, schema in documents.items():
        schema.update({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": _BASE + name})
    return documents


def schema_text(schema: dict) -> str:
    """Stable, reviewable JSON."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schema_documents().items():
        (folder / name).write_text(schema_text(schema), encoding="utf-8")
        written.append(folder / name)
    return written
