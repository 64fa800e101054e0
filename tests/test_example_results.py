"""The example's result files are made by tools/make_example_results.py: real PDFs of a kilobyte, the same bytes each time."""

from __future__ import annotations

import importlib.util

from pypdf import PdfReader

from conftest import REPO


def test_the_example_result_files_are_the_tools_and_real_pdfs(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_example_results", REPO / "tools" / "make_example_results.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "RESULTS", tmp_path)
    tool.main()
    for name, (_title, lines) in tool.DOCUMENTS.items():
        committed = REPO / "content" / "results" / name
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), f"run tools/make_example_results.py: {name}"
        assert len(committed.read_bytes()) < 4096
        assert lines[0] in PdfReader(committed).pages[0].extract_text()
