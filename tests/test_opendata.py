"""Open data: partners and events as JSON and CSV at the site root, for the programme's platforms.

The example's files are compared with reviewed golden files in tests/golden/opendata/; regenerate them
after an intended change with `CONSORTIA_UPDATE_GOLDEN=1 make test`, then review the diff.
The other tests read the files as a reusing platform does (json, csv) and check them against the YAML.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from consortia.opendata import EVENT_FIELDS, PARTNER_FIELDS
from conftest import assert_matches_golden, example_yaml
from consortia.pipeline import ProjectFolder, generate

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "opendata"
SITE_URL = "https://www.tex4im.eu/"
EXAMPLE_DAY = date(2019, 11, 1)
FILES = ("partners.json", "events.json", "partners.csv", "events.csv")

PARTNERS = example_yaml("partners.yaml")
EVENTS = {event["id"]: event for event in example_yaml("events.yaml")}


def build() -> dict[str, bytes]:
    files = generate(ProjectFolder(REPO, REPO / "content", cache_dir=None), EXAMPLE_DAY, SITE_URL).files
    return {uri: files[uri] for uri in FILES}


@pytest.fixture(scope="module")
def example() -> dict[str, bytes]:
    return build()


def read_json(example, uri: str) -> dict:
    return json.loads(example[uri].decode("utf-8"))


def read_csv(example, uri: str) -> list[dict]:
    data = example[uri]
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_open_data_matches_golden_files(example):
    assert set(FILES) == set(example)
    assert_matches_golden(example, GOLDEN)


def test_the_same_records_give_the_same_bytes(example):
    assert build() == example


def test_json_has_project_build_day_and_every_record(example):
    partners, events = read_json(example, "partners.json"), read_json(example, "events.json")
    for data in (partners, events):
        assert data["project"] == {"acronym": "TEX4IM", "title": "Textile Clusters for Industrial Modernisation",
                                   "programme": "COSME", "grant_agreement": "822381"}
        assert data["generated"] == "2019-11-01"
    assert example["partners.json"].endswith(b"}\n") and "Severovýchod".encode() in example["partners.json"]
    assert len(partners["partners"]) == 8 and len(events["events"]) == 7
    assert all(tuple(partner) == PARTNER_FIELDS for partner in partners["partners"])
    assert all(tuple(event) == EVENT_FIELDS for event in events["events"])
    assert {partner["id"] for partner in partners["partners"]} == {partner["id"] for partner in PARTNERS}
    assert {event["id"] for event in events["events"]} == set(EVENTS)


def test_records_are_in_catalogue_order(example):
    partners = read_json(example, "partners.json")["partners"]
    assert partners[0]["id"] == "otir2020" and partners[0]["role"] == "coordinator"
    names = [partner["short_name"] or partner["name"] for partner in partners[1:]]
    assert names == sorted(names, key=str.casefold)
    starts = [event["start"][:16] for event in read_json(example, "events.json")["events"]]
    assert starts == sorted(starts)


def test_partner_fields(example):
    clutex = next(p for p in read_json(example, "partners.json")["partners"] if p["id"] == "clutex")
    assert clutex["country"] == "CZ" and clutex["country_name"] == "Czechia"
    assert clutex["region"] == "Severovýchod" and clutex["city"] == "Liberec"
    assert clutex["url"] == f"{SITE_URL}partners/clutex/"
    assert isinstance(clutex["topics"], list)


def test_event_times_carry_their_utc_offset(example):
    events = {event["id"]: event for event in read_json(example, "events.json")["events"]}
    boras = events["matchmaking-boras"]
    assert boras["start"] == "2019-10-15T09:30:00+02:00" and boras["end"] == "2019-10-15T17:00:00+02:00"
    assert boras["timezone"] == "Europe/Stockholm" and boras["all_day"] is False
    assert events["matchmaking-famalicao"]["start"] == "2020-02-12T09:00:00+00:00"  # Lisbon in winter
    kick_off = events["kick-off-biella"]
    assert kick_off["all_day"] is True and kick_off["start"] == "2018-09-25" and kick_off["timezone"] is None
    webinar = events["webinar-circular-textiles"]
    assert webinar["online"] is True and webinar["city"] == "" and webinar["organisers"] == ["otir2020", "citeve"]
    assert events["final-conference-prato"]["status"] == "cancelled"


def test_urls_are_absolute(example):
    for partner in read_json(example, "partners.json")["partners"]:
        assert partner["url"] == f"{SITE_URL}partners/{partner['id']}/"
    for event in read_json(example, "events.json")["events"]:
        assert event["url"] == f"{SITE_URL}events/{event['id']}/"
        assert event["calendar"] == f"{SITE_URL}events/{event['id']}.ics"
        assert event["registration"] is None or event["registration"].startswith("https://")


@pytest.mark.parametrize("name, fields", [("partners", PARTNER_FIELDS), ("events", EVENT_FIELDS)])
def test_csv_holds_the_same_records_as_json(example, name, fields):
    rows = read_csv(example, f"{name}.csv")
    records = read_json(example, f"{name}.json")[name]
    assert b"\r\n" in example[f"{name}.csv"] and tuple(rows[0]) == fields
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    for row, record in zip(rows, records):
        for field in fields:
            value = record[field]
            expected = (";".join(value) if isinstance(value, list) else "" if value is None
                        else str(value).lower() if isinstance(value, bool) else str(value))
            assert row[field] == expected, (record["id"], field)


def test_csv_keeps_unicode_and_offsets(example):
    partners = {row["id"]: row for row in read_csv(example, "partners.csv")}
    assert partners["clutex"]["region"] == "Severovýchod"
    assert partners["astrico"]["city"] == "Piatra Neamț"
    events = {row["id"]: row for row in read_csv(example, "events.csv")}
    assert events["matchmaking-boras"]["start"] == "2019-10-15T09:30:00+02:00"
    assert events["kick-off-biella"]["all_day"] == "true" and events["kick-off-biella"]["start"] == "2018-09-25"


def test_addresses_pasted_with_mailto_or_spaces_reach_the_site_mended(sample_site):
    from conftest import PARTNERS_YAML

    partners = PARTNERS_YAML.replace("  country: PT\n", '  country: PT\n  email: "mailto:info@alpha.eu "\n'
                                     '  website: " https://alpha.eu/ "\n', 1)
    root = sample_site({"partners.yaml": partners})
    generated = generate(ProjectFolder.at(root), date(2022, 6, 1), SITE_URL)
    row = next(csv.DictReader(io.StringIO(generated.files["partners.csv"].decode("utf-8-sig"))))
    assert (row["email"], row["website"]) == ("info@alpha.eu", "https://alpha.eu/")
    page = generated.pages["partners/alpha.md"]
    assert "mailto:info@alpha.eu" in page and "mailto:mailto:" not in page
    assert 'href="https://alpha.eu/"' in page or "(https://alpha.eu/)" in page
    assert " https://alpha.eu/ " not in page
