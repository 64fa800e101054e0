"""Orderings and relations the pages show."""

from __future__ import annotations

from datetime import date

from consortia.catalogue import Catalogue, sort_key
from consortia.pipeline import ProjectFolder, validate


def test_names_sort_as_readers_expect():
    names = ["Zlín Cluster", "Čeština Textil", "Åbo Textiles", "cluster B", "Clutex", "Écoles"]
    assert sorted(names, key=sort_key) == ["Åbo Textiles", "Čeština Textil", "cluster B", "Clutex", "Écoles", "Zlín Cluster"]


def test_partners_list_the_coordinator_first_then_by_name(sample_site):
    root = sample_site({"partners.yaml": """\
        - id: zeta
          name: Zeta
          country: PT
        - id: alpha
          name: Alpha Cluster
          role: coordinator
          country: PT
        - id: cestina
          name: Čeština Textil
          country: CZ
        - id: beta
          name: Beta
          country: CZ
        """})
    site, _media, problems = validate(ProjectFolder.at(root))
    assert problems == []
    assert [partner.id for partner in Catalogue(site, date(2022, 6, 1)).partners] == ["alpha", "beta", "cestina", "zeta"]
