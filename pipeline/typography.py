"""Typography for print and screen: quotes and apostrophes, unbreakable dates and amounts,
URLs that break only where a reader expects, names that are never hyphenated, sentence
ends. Shared by the casebook and the web edition (which uses `typeset` and `typeset_html`).

In:  plain text (titles, summaries, names) or the sanitised HTML of a section.
Out: the same words, typeset. Only text is changed, never a tag or an attribute:
HTML is split at its tags first, and every function here leaves tags as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from babel.dates import get_month_names
from markupsafe import Markup, escape

from pipeline.i18n import LOCALES

NBSP = "\u00a0"
_TAG = re.compile(r"(<[^>]*>)")
# Units and words that belong to the number before them.
_UNITS = r"(?:%|km|kg|ha|t|m|mm|cm|°C|US\$|\$|€|EUR|USD|million|miljoen|billion|miljard|jaar|years?|days?|dagen|uur|hours?)"
_DIGIT = re.compile(r"\d")
_AMOUNT = re.compile(rf"(?<=\d) (?={_UNITS}(?!\w))|(?:(?<=US\$)|(?<=€)|(?<=EUR)|(?<=USD)) (?=\d)")


def _text_parts(html: str) -> list[str]:
    """`html` cut into tags (odd indexes) and text (even indexes)."""
    return _TAG.split(html)


def _on_text(html: str, change: Callable[[str], str]) -> str:
    parts = _text_parts(html)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def smart_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones: “…”, ‘…’ and ’ (both languages
    the library prints use these). Text that is already typographic is left as it is."""
    if "'" not in text and '"' not in text:
        return text  # most text nodes: nothing to do (the build typesets each one)
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)  # it's, Oxfam's, ngo's
    text = re.sub(r"(?<=\w)'", "’", text)  # the cases' (plural possessive)
    text = re.sub(r"(^|[\s(\[{“—–-])'", r"\1‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'(^|[\s(\[{‘—–-])"', r"\1“", text)
    return text.replace('"', "”")


@cache
def _date_pattern(lang: str) -> re.Pattern[str]:
    months = get_month_names("wide", locale=LOCALES.get(lang, "en_GB")).values()
    english = get_month_names("wide", locale="en_GB").values()
    names = "|".join(sorted({*months, *english}, key=len, reverse=True))
    return re.compile(rf"\b(\d{{1,2}}) ({names})(?: (\d{{4}}))?\b", re.IGNORECASE)


def tie(text: str, lang: str) -> str:
    """Non-breaking spaces inside dates ("2 November 2015") and between a number and its
    unit or currency ("400 000 US$", "20 %"), so that neither is split across lines."""
    if not _DIGIT.search(text):
        return text  # both need a number
    text = _date_pattern(lang).sub(
        lambda m: NBSP.join(g for g in m.groups() if g is not None), text
    )
    return _AMOUNT.sub(NBSP, text)


def typeset(text: str, lang: str) -> str:
    """Plain text typeset for print: `smart_quotes` and `tie`."""
    return tie(smart_quotes(text), lang)


def typeset_html(html: str, lang: str) -> str:
    """`typeset` applied to the text of sanitised HTML (quotes inside code are left alone)."""
    out: list[str] = []
    in_code = 0
    for i, part in enumerate(_text_parts(html)):
        if i % 2:
            tag = part.lower()
            if tag.startswith(("<code", "<pre")):
                in_code += 1
            elif tag.startswith(("</code", "</pre")):
                in_code = max(0, in_code - 1)
            out.append(part)
        else:
            # Entities stay entities: &quot; is a straight quote the reader typed.
            out.append(part if in_code else tie(smart_quotes(part.replace("&quot;", '"')), lang))
    return "".join(out)


def url_breaks(url: str) -> Markup:
    """A URL for print that may break after "/", ".", "-", "?", "&", "=" or "#" of its path
    (never inside the scheme and host's "https://"), with no hyphen added."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    marked = re.sub(r"([/.\-?&=#_])", "\\1\u200b", path)
    # The scheme and host stay on one line: a break may only come after the first "/".
    head = (
        Markup('<span class="url-host">') + escape(scheme + sep + host + slash) + Markup("</span>")
    )
    return head + Markup(str(escape(marked)).replace("\u200b", "<wbr>"))


def protect_names(html: str, names: Mapping[str, str], where: str = "") -> str:
    """The organisation `names` (spelling -> organisation id) in the text of `html` wrapped
    in ``<span class="name">``, never hyphenated. With `where` (e.g. "<case>.<section>"),
    each mention also gets an id of the pipeline's own, ``MENTION.<org>.<where>.<n>``,
    so that the index can name every page an organisation is mentioned on."""
    wanted = sorted({n for n in names if len(n) > 3}, key=len, reverse=True)
    if not wanted:
        return html
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, wanted)) + r")(?![\w-])")
    count = 0

    def span(match: re.Match[str]) -> str:
        nonlocal count
        if not where:
            return f'<span class="name">{match[1]}</span>'
        count += 1
        return (
            f'<span class="name" id="{mention_id(names[match[1]], where, count)}">{match[1]}</span>'
        )

    return _on_text(html, lambda text: pattern.sub(span, text))


MENTION = "m"  # the first part of a mention's id; ids never contain a contributor's text


def mention_id(org_id: str, where: str, n: int) -> str:
    """The id of the `n`th mention of an organisation at `where` ("<case>.<section>")."""
    return f"{MENTION}.{org_id}.{where}.{n}"


def mentioned(anchor: str) -> str:
    """The organisation id of a mention's anchor (see `mention_id`), else ""."""
    parts = anchor.split(".")
    return parts[1] if len(parts) >= 4 and parts[0] == MENTION else ""


def page_list(pages: Iterable[int]) -> tuple[str, ...]:
    """Pages as an index prints them, runs joined: ("7", "9–11", "14")."""
    ordered = sorted(set(pages))
    runs: list[list[int]] = []
    for page in ordered:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return tuple(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def with_period(text: str) -> str:
    """The punctuation that ends a citation part: "." unless `text` already ends in one."""
    return "" if text.rstrip().endswith((".", "?", "!", "…")) else "."


def running_title(title: str, limit: int = 60) -> str:
    """The short form of a case title for running heads and tables: the part before its
    first colon when that is long enough to name the case, else the title cut after the
    last whole word that fits `limit`, with an ellipsis."""
    head = title.split(":", 1)[0].strip()
    if 12 <= len(head) <= limit:
        return head
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;–-")
    return cut + "…"
