"""Reading the portal's PDFs back with poppler (Debian's poppler-utils): their text and fonts."""

import re
import subprocess
import tempfile
from pathlib import Path

#: The fonts a PDF of the portal may embed: the project's Liberation Serif (static/fonts/), which
#: WeasyPrint names after its @font-face family, as a subset ("ABCDEF+" prefix).
PROJECT_FONT = re.compile(r"[A-Z]{6}\+Friendly-Gov-Serif(-Bold|-Italic|-Bold-Italic)?")


def _poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: bytes, *args: str) -> str:
    """pdftotext's reading of the PDF (pass "-layout" or "-raw" for its modes)."""
    return _poppler("pdftotext", pdf, *args)


def pdf_pages(pdf: bytes) -> int:
    info = _poppler("pdfinfo", pdf)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(name, embedded) of every font pdffonts lists."""
    rows = _poppler("pdffonts", pdf).splitlines()[2:]
    # name, type (may hold a space), encoding, emb, sub, uni, object id, generation
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def assert_project_fonts_only(pdf: bytes) -> None:
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF has no font"
    strangers = [name for name, embedded in fonts if not (embedded and PROJECT_FONT.fullmatch(name))]
    assert strangers == [], f"fonts other than the project's embedded ones: {strangers}"


MM = 72 / 25.4  # PDF points in a millimetre


def pdf_words(pdf: bytes) -> list[dict]:
    """Each page's size (points) and words with their boxes, from `pdftotext -bbox`:
    [{"width", "height", "words": [(text, x_min, y_min, x_max, y_max)]}], y from the top."""
    import html

    out = _poppler("pdftotext", pdf, "-bbox")
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [
            (html.unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page[3]
            )
        ]
        pages.append({"width": float(page[1]), "height": float(page[2]), "words": words})
    return pages


def line_of(words: list[tuple], phrase: str) -> list[tuple]:
    """The words of `phrase`, found as consecutive words; raises if absent."""
    wanted = phrase.split()
    texts = [word[0] for word in words]
    for start in range(len(texts) - len(wanted) + 1):
        if texts[start : start + len(wanted)] == wanted:
            return words[start : start + len(wanted)]
    raise AssertionError(f"{phrase!r} not found")
