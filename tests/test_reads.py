"""Tests for consortia.reads: a page kept from an earlier build only while everything it read is the same."""

from __future__ import annotations

from datetime import date

from consortia.catalogue import Catalogue
from consortia.load import load_site
from consortia.reads import Comparison, Kept, KeptPages
from consortia.records import Text

TODAY = date(2022, 6, 1)


def catalogue_of(sample_site, files: dict) -> Catalogue:
    site, problems = load_site(sample_site(files))
    assert problems == []
    return Catalogue(site, TODAY)


def partner_names(reading) -> str:
    """A page that shows the event's organisers, as a template reads them."""
    event = reading.event("kick-off")
    return ", ".join(str(reading.partner(partner_id).name) for partner_id in event.organisers)


def test_a_page_is_kept_while_what_it_read_is_the_same(sample_site):
    pages, rendered = KeptPages(), []
    render = lambda reading: rendered.append(1) or partner_names(reading)
    for _build in range(2):  # the same records, loaded again, as at each build
        catalogue = catalogue_of(sample_site, {})
        assert pages.render("en", "events/kick-off.md", "inputs", {}, catalogue, render, Comparison(set())) == "Alpha Cluster"
    assert len(rendered) == 1


def test_a_page_is_rendered_again_when_a_record_it_read_changed(sample_site):
    pages = KeptPages()
    pages.render("en", "events/kick-off.md", "inputs", {}, catalogue_of(sample_site, {}), partner_names, Comparison(set()))
    renamed = catalogue_of(sample_site, {"partners.yaml": "- id: alpha\n  name: Alpha Network\n  role: coordinator\n  country: PT\n"})
    comparison = Comparison(set())
    assert pages.render("en", "events/kick-off.md", "inputs", {}, renamed, partner_names, comparison) == "Alpha Network"
    assert comparison.rendered == {"events/kick-off.md"}


def test_a_page_is_rendered_again_when_what_every_page_shares_changed(sample_site):
    pages, comparison = KeptPages(), Comparison(set())
    pages.render("en", "events/kick-off.md", "a template", {}, catalogue_of(sample_site, {}), partner_names, Comparison(set()))
    pages.render("en", "events/kick-off.md", "another template", {}, catalogue_of(sample_site, {}), partner_names, comparison)
    assert comparison.rendered == {"events/kick-off.md"}


def test_a_read_about_a_record_that_is_gone_is_never_the_same(sample_site):
    catalogue = catalogue_of(sample_site, {})
    comparison = Comparison(set())
    beta = catalogue.partner("beta")
    without_beta = catalogue_of(sample_site, {"partners.yaml": "- id: alpha\n  name: Alpha Cluster\n  role: coordinator\n  country: PT\n"})
    assert not comparison.same(catalogue.events_of(beta), comparison.asked(without_beta, "events_of", (beta,)))


def test_texts_are_the_same_only_in_the_same_language():
    comparison = Comparison(set())
    assert comparison.same(Text("Porto", {"en": "Porto"}, "en"), Text("Porto", {"en": "Porto"}, "en"))
    assert not comparison.same(Text("Porto", {"en": "Porto"}, "en"), Text("Porto", {"en": "Porto"}, "it"))
    assert not comparison.same(Text("Porto"), "Porto")


def test_a_kept_value_is_made_again_only_when_what_it_was_made_from_changed():
    kept, made = Kept(), []
    make = lambda value: lambda: made.append(value) or value
    assert kept.get("calendar", ("event", 1), make("first"), Comparison(set())) == "first"
    assert kept.get("calendar", ("event", 1), make("second"), Comparison(set())) == "first"
    assert kept.get("calendar", ("event", 2), make("third"), Comparison(set())) == "third"
    assert made == ["first", "third"]
