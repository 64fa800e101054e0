"""Writes the example's result files (content/results/*.pdf): small, real, one-page PDFs in the
PDF's standard Helvetica (nothing embedded, a couple of kilobytes each), the same bytes every time.

    .venv/bin/python tools/make_example_results.py
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

RESULTS = Path(__file__).resolve().parent.parent / "content" / "results"

DOCUMENTS = {
    "tex4im-joint-strategy.pdf": ("TEX4IM joint strategy", [
        "Joint strategy for the industrial modernisation of textiles and clothing",
        "Deliverable D3.1 - Work package 3 - May 2020",
        "Agreed by the eight partner clusters of TEX4IM.",
    ]),
    "tex4im-joint-strategy-summary.pdf": ("TEX4IM joint strategy: summary", [
        "Joint strategy: the summary",
        "Four priorities, eight regions, one incubation and acceleration system.",
    ]),
    "tex4im-map-of-opportunities.pdf": ("TEX4IM map of opportunities", [
        "Map of opportunities for textile cluster firms",
        "Where the best openings lie across the eight TEX4IM regions.",
    ]),
}


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def document(title: str, lines: list[str]) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    text = [f"BT /F1 20 Tf 72 760 Td ({_escaped(lines[0])}) Tj ET"]
    text += [f"BT /F1 12 Tf 72 {720 - 20 * number} Td ({_escaped(line)}) Tj ET" for number, line in enumerate(lines[1:])]
    page.Contents = pdf.make_stream("\n".join(text).encode("latin-1"))
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Creator"] = "Consortia (tools/make_example_results.py)"
    pdf.Root.Lang = pikepdf.String("en")
    return pdf


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, (title, lines) in DOCUMENTS.items():
        document(title, lines).save(RESULTS / name, deterministic_id=True)
        print(f"wrote {(RESULTS / name).relative_to(RESULTS.parent.parent)}")


if __name__ == "__main__":
    main()
