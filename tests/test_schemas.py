"""The published JSON Schemas stay in sync with the record models and accept the example."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from consortia.schemas import schema_documents, schema_text
from consortia.yamlfile import read_yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(schema_documents()))
def test_committed_schema_matches_the_models(name):
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema_text(schema_documents()[name]), f"run `make schemas` to refresh schemas/{name}"


@pytest.mark.parametrize("path", ["project.yaml", "partners.yaml", "events.yaml", "agreements.yaml", "news.yaml", "results.yaml", "newsletters/2020-06.yaml"])
def test_example_files_name_their_schema_and_pass_it(path):
    text = (REPO / path).read_text(encoding="utf-8")
    modeline = text.splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    schema_file = (REPO / path).parent / modeline.split("$schema=")[1]
    schema = yaml.safe_load(schema_file.read_text())
    document, problems = read_yaml(REPO / path, path)  # dates stay text, as a YAML editor sees them
    assert problems == []
    jsonschema.validate(document.data, schema)


def test_schemas_describe_fields_for_editors():
    partner = schema_documents()["partners.schema.json"]["$defs"]["Partner"]
    assert partner["additionalProperties"] is False
    assert "ISO 3166" in partner["properties"]["country"]["description"]
    assert set(partner["required"]) == {"id", "name", "country"}
