"""The overview's SVG charts: accessible, well-formed, one bar per item, labels cut short."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from pipeline.casebook.charts import MAX_LABEL, Span, bar_chart, data_url, timeline

SVG = "{http://www.w3.org/2000/svg}"
LONG = "A very long label that goes on and on beyond the limit of characters"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    """The bars: rectangles outside <defs> (the hatch pattern has one of its own), not the
    plain grounds behind the years of hatched bars."""
    in_defs = {id(r) for d in root.iter(f"{SVG}defs") for r in d.iter(f"{SVG}rect")}
    return [
        r for r in root.iter(f"{SVG}rect") if id(r) not in in_defs and r.get("class") != "ground"
    ]


# --- bar chart -------------------------------------------------------------------------------


def test_bar_chart_has_a_title_a_description_and_one_bar_per_nonzero_item():
    root = parse(
        bar_chart([("Agriculture & food", 3), ("None yet", 0), ("<Retail>", 1)], title="Sectors")
    )
    assert (root.get("role"), root.get("aria-label")) == ("img", "Sectors")
    assert root.find(f"{SVG}title").text == "Sectors"
    assert root.find(f"{SVG}desc").text == "Agriculture & food: 3; <Retail>: 1"
    assert len(bars(root)) == 2
    assert texts(root) == ["Agriculture & food", "3", "<Retail>", "1"]


def test_bar_chart_keeps_a_given_description_and_escapes_the_title():
    root = parse(bar_chart([("A", 1)], title='Forms "&" <kinds>', desc="Said in words."))
    assert root.get("aria-label") == 'Forms "&" <kinds>'
    assert root.find(f"{SVG}title").text == 'Forms "&" <kinds>'
    assert root.find(f"{SVG}desc").text == "Said in words."


def test_bar_chart_bars_are_proportional_to_the_counts():
    root = parse(bar_chart([("A", 4), ("B", 2), ("C", 1)], title="T"))
    widths = [float(r.get("width")) for r in bars(root)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert widths[1] == pytest.approx(2 * widths[2], abs=0.1)


def test_bar_chart_without_items_is_still_a_valid_svg():
    root = parse(bar_chart([("Zero", 0)], title="Empty"))
    assert (bars(root), texts(root), root.find(f"{SVG}desc").text) == ([], [], None)
    assert root.get("height") == "23"


def test_long_labels_are_cut_at_a_word_with_an_ellipsis_and_kept_whole_in_the_description():
    root = parse(bar_chart([(LONG, 2)], title="T"))
    label = texts(root)[0]
    assert label == "A very long label that goes on and on beyond…"
    assert len(label) <= MAX_LABEL
    assert root.find(f"{SVG}desc").text == f"{LONG}: 2"


def test_a_label_of_exactly_max_label_characters_is_kept():
    label = "x" * MAX_LABEL
    assert texts(parse(bar_chart([(label, 1)], title="T")))[0] == label
    assert texts(parse(bar_chart([(label + "y", 1)], title="T")))[0] == "x" * (MAX_LABEL - 1) + "…"


# --- timeline --------------------------------------------------------------------------------

SPANS = [
    Span("Ended case", 2011, 2016),
    Span("Ongoing case", 2018, None),
    Span("One year", 2013, 2013),
]


def test_timeline_has_a_title_a_description_a_legend_and_one_bar_per_span():
    root = parse(timeline(SPANS, title="Timeline", until=2026))
    assert root.find(f"{SVG}title").text == "Timeline"
    assert root.find(f"{SVG}desc").text == (
        "Ended case: 2011–2016; Ongoing case: 2018–ongoing; One year: 2013"
    )
    # Two legend swatches, then one bar per span.
    assert len(bars(root)) == 2 + 3
    hatched = [r for r in bars(root) if r.get("fill") == "url(#hatch)"]
    assert len(hatched) == 2  # the legend's and the ongoing span's
    assert len(list(root.iter(f"{SVG}path"))) == 1  # the arrow of the one ongoing span
    words = texts(root)
    assert words[:2] == ["ended", "ongoing →"]
    assert words[2:8] == [
        "Ended case",
        "2011–2016",
        "Ongoing case",
        "2018–",
        "One year",
        "2013",
    ]
    # 2011 to 2026 is too many years for a tick each: every second year, on even years.
    assert words[8:] == ["2012", "2014", "2016", "2018", "2020", "2022", "2024", "2026"]


def test_timeline_labels_in_another_language_and_long_labels_cut():
    root = parse(
        timeline(
            [Span(LONG, 2020, None)],
            title="Tijdlijn",
            until=2026,
            ongoing_label="lopend",
            ended_label="afgerond",
        )
    )
    words = texts(root)
    assert words[:3] == ["afgerond", "lopend →", "A very long label that goes on and on beyond…"]
    assert root.find(f"{SVG}desc").text == f"{LONG}: 2020–lopend"


def test_timeline_without_spans_is_an_empty_chart_described_by_its_title():
    root = parse(timeline([], title="Timeline", until=2026))
    assert (root.find(f"{SVG}desc").text, bars(root), texts(root)) == ("Timeline", [], [])


def test_data_url_carries_the_svg_as_base64():
    svg = bar_chart([("Café 🌱", 1)], title="T")
    url = data_url(svg)
    assert url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(url.split(",", 1)[1]).decode("utf-8") == svg


def test_a_one_year_partnership_reads_as_one_year_and_hatching_spares_the_years():
    svg = timeline([Span("A", 2011, 2011), Span("B", 2001, None)], title="T", until=2026)
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "2011" in texts and "2011–2011" not in texts
    assert "2001–" in texts
    grounds = [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("class") == "ground"]
    assert len(grounds) == 1  # behind the years of the one hatched bar
