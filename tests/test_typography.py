"""Typography for print (pipeline/typography.py): text in, the same words typeset."""

from __future__ import annotations

import pytest

from pipeline.typography import (
    mention_id,
    mentioned,
    page_list,
    protect_names,
    running_title,
    smart_quotes,
    tie,
    typeset_html,
    url_breaks,
    with_period,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "typeset"),
    [
        ("It's Oxfam's \"study\"", "It’s Oxfam’s “study”"),
        ("the cases' 'impact lens'", "the cases’ ‘impact lens’"),
        ('De ngo\'s zeiden "nee".', "De ngo’s zeiden “nee”."),
        ("already “typographic” and ‘so’", "already “typographic” and ‘so’"),
    ],
)
def test_quotes_and_apostrophes(text, typeset):
    assert smart_quotes(text) == typeset


def test_dates_and_amounts_stay_on_one_line():
    assert tie("on 2 November 2015 and 14 september 2020", "nl") == (
        f"on 2{NB}November{NB}2015 and 14{NB}september{NB}2020"
    )
    assert tie("US$ 400 for 20 % and 5 km", "en") == f"US${NB}400 for 20{NB}% and 5{NB}km"


def test_html_keeps_its_tags_and_code_its_quotes():
    html = '<p>It\'s <a href="https://x.org/a\'b">"x"</a> <code>"raw"</code></p>'
    assert typeset_html(html, "en") == (
        '<p>It’s <a href="https://x.org/a\'b">“x”</a> <code>"raw"</code></p>'
    )


def test_urls_break_after_their_host_only():
    assert str(url_breaks("https://www.example.org/a-b/c?d=1")) == (
        '<span class="url-host">https://www.example.org/</span>a-<wbr>b/<wbr>c?<wbr>d=<wbr>1'
    )


def test_names_are_kept_whole_and_mentions_marked_for_the_index():
    names = {"Unilever": "unilever", "Oxfam GB": "oxfam-gb"}
    html = "<p>Oxfam GB and Unilever; Unilever again, not Unilevers.</p>"
    assert protect_names(html, names) == (
        '<p><span class="name">Oxfam GB</span> and <span class="name">Unilever</span>;'
        ' <span class="name">Unilever</span> again, not Unilevers.</p>'
    )
    marked = protect_names(html, names, "a-case.why")
    assert f'id="{mention_id("unilever", "a-case.why", 3)}"' in marked
    assert mentioned(mention_id("oxfam-gb", "a-case.why", 1)) == "oxfam-gb"
    assert mentioned("case-a-case") == "" and mentioned("m.x") == ""


def test_page_lists_join_runs():
    assert page_list([9, 7, 10, 11, 14, 7]) == ("7", "9–11", "14")
    assert page_list([]) == ()


def test_sentence_ends_and_short_titles():
    assert with_period("Ltd.") == "" and with_period("Why?") == "" and with_period("GSK") == "."
    assert running_title("Fair Wear Foundation: brands, unions and NGOs") == "Fair Wear Foundation"
    long = "A title without a colon that goes on and on well past the limit of the head"
    assert running_title(long) == "A title without a colon that goes on and on well past the…"
