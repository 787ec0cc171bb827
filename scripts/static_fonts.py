"""Make the static serif fonts of the casebook from the bundled variable Source Serif 4.

In:  pipeline/assets/fonts/SourceSerif4Variable-{Roman,Italic}.ttf (upstream, unmodified).
Out: pipeline/assets/fonts/CasebookSerif-{Regular,Semibold,Bold,Italic,SemiboldItalic,
     BoldItalic}.ttf: static instances (fontTools' varLib.instancer) at the weights the
     casebook uses and one optical size, renamed "Casebook Serif".

Why: WeasyPrint turns a variable font into a static one for every weight *and font size*
it embeds, and without HarfBuzz's subset library fontTools subsets variable fonts slowly;
static files are embedded once per weight and subset fast. The SIL OFL reserves the name
"Source" for Adobe, so the instances (modified versions) are renamed. Run with
`python scripts/static_fonts.py`; the output is the same bytes on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont

FONTS = Path(__file__).resolve().parent.parent / "pipeline" / "assets" / "fonts"
# The optical size of the body text (10 pt, which Pango asks for as 13.333 px): the
# size at which WeasyPrint instantiated the serif for most of the book before.
OPTICAL_SIZE = 13.333
FAMILY = "Casebook Serif"
WEIGHTS = {400: "Regular", 600: "Semibold", 700: "Bold"}
SOURCES = {False: "SourceSerif4Variable-Roman.ttf", True: "SourceSerif4Variable-Italic.ttf"}
NOTE = (
    "Casebook Serif is a static instance of Source Serif 4 (wght {weight}, opsz {opsz}) made "
    "with fontTools' varLib.instancer for the Partnership Case Library, renamed as the SIL "
    "Open Font License 1.1 requires of a modified version (Reserved Font Name: Source)."
)


def style_name(weight: int, italic: bool) -> str:
    name = WEIGHTS[weight]
    if italic:
        name = "Italic" if name == "Regular" else f"{name} Italic"
    return name


def file_name(weight: int, italic: bool) -> str:
    return f"CasebookSerif-{style_name(weight, italic).replace(' ', '')}.ttf"


def make(weight: int, italic: bool) -> Path:
    font = TTFont(FONTS / SOURCES[italic])
    font = instantiateVariableFont(
        font, {"wght": weight, "opsz": OPTICAL_SIZE}, static=True, updateFontNames=False
    )
    style = style_name(weight, italic)
    ribbi = style if style in ("Regular", "Italic") else ("Bold Italic" if italic else "Bold")
    legacy_family = FAMILY if weight in (400, 700) else f"{FAMILY} {WEIGHTS[weight]}"
    postscript = f"CasebookSerif-{style.replace(' ', '')}"
    version = font["head"].fontRevision
    names = font["name"]
    # Keep the copyright, trademark, manufacturer, designer, licence and URLs; replace
    # every name that says "Source".
    keep = {0, 7, 8, 9, 11, 12, 13, 14}
    names.names = [n for n in names.names if n.nameID in keep]
    for name_id, text in {
        1: legacy_family,
        2: ribbi if weight in (400, 700) else ("Italic" if italic else "Regular"),
        3: f"{version:.3f};CASEBOOK;{postscript}",
        4: f"{FAMILY} {style}",
        5: f"Version {version:.3f}",
        6: postscript,
        10: NOTE.format(weight=weight, opsz=OPTICAL_SIZE),
        16: FAMILY,
        17: style,
    }.items():
        names.setName(text, name_id, 3, 1, 0x409)
    target = FONTS / file_name(weight, italic)
    font.recalcTimestamp = False  # the same bytes on every run
    font.save(target)
    return target


def main() -> int:
    for italic in (False, True):
        for weight in WEIGHTS:
            print(make(weight, italic))
    return 0


if __name__ == "__main__":
    sys.exit(main())
