"""Tests for consortia.template_cache: compiled templates kept between builds, never used for another source."""

from __future__ import annotations

from jinja2 import DictLoader, Environment, FileSystemLoader

from consortia.template_cache import keep_compiled


def environment(folder, **settings) -> Environment:
    return Environment(loader=FileSystemLoader(folder), **settings)


def test_a_template_is_compiled_once_then_read_from_the_cache(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.md.j2").write_text("Hello {{ name }}", encoding="utf-8")
    keep_compiled(environment(tmp_path / "templates"), tmp_path / "cache").get_template("page.md.j2")
    kept = list((tmp_path / "cache").rglob("*.cache"))
    assert len(kept) == 1
    later = keep_compiled(environment(tmp_path / "templates"), tmp_path / "cache")
    assert later.get_template("page.md.j2").render(name="Ana") == "Hello Ana"
    assert list((tmp_path / "cache").rglob("*.cache")) == kept


def test_an_edited_template_is_compiled_again(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.md.j2"
    template.write_text("Hello {{ name }}", encoding="utf-8")
    keep_compiled(environment(tmp_path / "templates"), tmp_path / "cache").get_template("page.md.j2")
    template.write_text("Goodbye {{ name }}", encoding="utf-8")
    later = keep_compiled(environment(tmp_path / "templates"), tmp_path / "cache")
    assert later.get_template("page.md.j2").render(name="Ana") == "Goodbye Ana"


def test_templates_compiled_with_other_settings_are_kept_apart(tmp_path):
    source = {"page.html": "{% if true %}\n  <p>{{ text }}</p>\n{% endif %}\n"}
    plain = keep_compiled(Environment(loader=DictLoader(source)), tmp_path)
    trimmed = keep_compiled(Environment(loader=DictLoader(source), trim_blocks=True, lstrip_blocks=True, autoescape=True), tmp_path)
    assert plain.get_template("page.html").render(text="<b>") == "\n  <p><b></p>\n"
    assert trimmed.get_template("page.html").render(text="<b>") == "  <p>&lt;b&gt;</p>\n"
    assert len(list(tmp_path.glob("templates/*"))) == 2


def test_without_a_cache_folder_nothing_is_kept(tmp_path):
    assert keep_compiled(environment(tmp_path), None).bytecode_cache is None
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert keep_compiled(environment(tmp_path), tmp_path / "file").bytecode_cache is None
