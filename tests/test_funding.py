"""Tests for consortia.funding: the funding statement names the European Union in full, in every language."""

from __future__ import annotations

import pytest

from consortia.funding import OFFICIAL, UNION, statement_problem
from consortia.languages import SUPPORTED


def test_the_table_covers_every_language_the_kit_speaks():
    assert set(OFFICIAL) == set(UNION) == set(SUPPORTED)


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_eus_own_wording_passes_in_every_language(code):
    assert statement_problem(OFFICIAL[code], code) is None


@pytest.mark.parametrize(("code", "statement"), [
    ("it", "Cofinanziato dal programma COSME dell'Unione Europea"),
    ("de", "Gefördert durch das Programm COSME der Europäischen   Union"),
    ("pt", "Cofinanciado pelo programa COSME da União Europeia"),
    ("cs", "Spolufinancováno programem COSME Evropské unie"),
    ("el", "Με τη συγχρηματοδότηση της Ευρωπαϊκής Ένωσης"),
])
def test_other_wordings_that_name_the_union_in_full_pass(code, statement):
    assert statement_problem(statement, code) is None


def test_an_abbreviation_is_refused_with_the_official_wording():
    assert statement_problem("Kofinanziert von der EU", "de") == (
        'write "Europäische Union" in full (German for "European Union"), e.g. "Kofinanziert von der Europäischen Union"')


def test_a_misspelt_union_is_named():
    assert statement_problem("Kofinanziert von der Europaischen Union", "de") == (
        "'Europaischen Union' is not how German writes the European Union: write \"Europäischen Union\", "
        'e.g. "Kofinanziert von der Europäischen Union"')


def test_a_statement_in_another_language_is_refused():
    assert statement_problem("Co-funded by the European Union", "it") is not None
