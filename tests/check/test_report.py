"""Reports: exact text, GitHub annotations, Markdown summary, JSON; exit codes."""

from __future__ import annotations

import json

import pytest

from pipeline.check.report import format_github, format_json, format_markdown, format_text
from pipeline.check.validate import validate_library
from pipeline.cli import main
from pipeline.problems import Phrase, Problem, render_message
from tests.support import DUTCH_BODY, TODAY, VALID_FRONT_MATTER, case_text

F = "cases/a-case.md"
COUNTRY_HEAD = " is not an ISO 3166-1 country code."
COUNTRY_TAIL = (
    " Use the two-letter code in capitals, for example "
    "VN for Viet Nam, BE for Belgium, GB for the United Kingdom."
)
COUNTRY = COUNTRY_HEAD + COUNTRY_TAIL
# The "did you mean" comes right after the first sentence.
COUNTRY_VN = COUNTRY_HEAD + " Did you mean “VN”?" + COUNTRY_TAIL


def country(line: int, value: str, suggestion: str = "") -> Problem:
    return Problem(
        "unknown-country",
        file=F,
        line=line,
        column=5,
        field=f"countries[{line - 20}]",
        value=value,
        params={"value": value, "suggestion": suggestion},
    )


def test_text_report_groups_by_file_sorts_by_line_and_ends_with_a_summary():
    problems = [
        Problem("no-risks", file="cases/b.md", line=30, column=1, field="risks"),
        Problem(
            "id-mismatch",
            file=F,
            line=2,
            column=1,
            field="id",
            value="x",
            params={"value": "x", "expected": "a-case"},
        ),
        country(21, "Vietnam", "VN"),
    ]
    assert format_text(problems, 2).split("\n") == [
        F,
        "      line 2  error [id-mismatch] id: The id “x” must equal the file name without .md: "
        "“a-case”. Change the id or rename the file.",
        f"     line 21  error [unknown-country] countries[1]: “Vietnam”{COUNTRY_VN}",
        "",
        "cases/b.md",
        "     line 30  warning [no-risks] risks: No “risks” are listed. Most partnerships carry "
        "some (for example loss-of-independence, greenwashing); list those the sources support.",
        "",
        "2 file(s) checked: 2 error(s), 1 warning(s).",
    ]


def test_a_hundred_wrong_countries_are_all_listed_with_their_suggestions():
    # 100 items: 96 the same name, 4 different names. The same message is shown once
    # with its count and every line; each different value has its own line.
    problems = [country(21 + i, "Vietnam", "VN") for i in range(96)]
    problems += [
        country(200 + i, name) for i, name in enumerate(["Narnia", "Oz", "Xanadu", "Eldorado"])
    ]
    lines = format_text(problems, 1).split("\n")
    every = ", ".join(str(21 + i) for i in range(96))
    assert lines == [
        F,
        f"     line 21  error [unknown-country] countries[1]: “Vietnam”{COUNTRY_VN} "
        f"(×96: lines {every})",
        f"    line 200  error [unknown-country] countries[180]: “Narnia”{COUNTRY}",
        f"    line 201  error [unknown-country] countries[181]: “Oz”{COUNTRY}",
        f"    line 202  error [unknown-country] countries[182]: “Xanadu”{COUNTRY}",
        f"    line 203  error [unknown-country] countries[183]: “Eldorado”{COUNTRY}",
        "",
        "1 file(s) checked: 100 error(s), 0 warning(s).",
    ]


def test_dutch_report():
    problems = [Problem("no-risks", file=F, line=30, column=1, field="risks")]
    assert format_text(problems, 1, "nl").split("\n") == [
        F,
        "    regel 30  waarschuwing [no-risks] risks: Er zijn geen “risks” opgegeven. De meeste "
        "samenwerkingen hebben er enkele (bijvoorbeeld loss-of-independence, greenwashing); "
        "vermeld wat de bronnen staven.",
        "",
        "1 bestand(en) gecontroleerd: 0 fout(en), 1 waarschuwing(en).",
    ]


def test_github_annotations_escape_data_and_properties():
    problems = [
        Problem(
            "yaml-tab",
            file="cases/odd,name:100%.md",
            line=13,
            column=1,
            params={"fix": Phrase("fix-indent-under", (("spaces", "2"), ("parent", "partners")))},
        ),
        Problem("text-outside-section", file=F, line=40),
        Problem(
            "yaml-syntax", file=F, line=3, column=7, params={"detail": "50% done\nnext line\r"}
        ),
    ]
    assert format_github(problems, 2).split("\n") == [
        "::error file=cases/a-case.md,line=3,col=7,title=Front matter cannot be read "
        "[yaml-syntax]::The front matter cannot be read from here on (the YAML reader says: "
        "50%25 done%0Anext line%0D). Check the colon after each field name, the indentation of "
        "list items (“  - ”), and put text containing “: ” or starting with a quote, “[”, “{”, "
        "“&”, “*”, “!” or “#” in double quotes.",
        "::error file=cases/a-case.md,line=40,title=Text before the first section "
        "[text-outside-section]::Text after the front matter must be under a section heading "
        "(“## Why work together”, …). Move it into a section or into “summary”.",
        "::error file=cases/odd%2Cname%3A100%25.md,line=13,col=1,title=Tab character in front matter "
        "[yaml-tab]::This line is indented with a tab; YAML needs spaces. Replace it "
        "with 2 spaces: the line is under “partners”.",
        "2 file(s) checked: 3 error(s), 0 warning(s).",
    ]


def test_past_githubs_cap_the_rest_are_log_lines_and_the_summary_says_so():
    names = [f"X{i}" for i in range(12)]
    problems = [country(21 + i, name) for i, name in enumerate(names)]
    problems.append(Problem("no-risks", file=F, line=40, column=1, field="risks"))
    out = format_github(problems, 1).split("\n")
    assert [line.split(" ", 1)[0] for line in out[:13]] == ["::error"] * 10 + [
        "::warning",
        f"{F}:31:",
        f"{F}:32:",
    ]
    assert out[11] == f"{F}:31: error [unknown-country] countries[11]: “X10”{COUNTRY}"
    assert out[13:] == [
        "GitHub shows at most 10 errors and 10 warnings of a step as annotations on the lines: "
        "2 error(s) and 0 warning(s) are not annotated. Every problem is listed here and in the "
        "step summary.",
        "1 file(s) checked: 12 error(s), 1 warning(s).",
    ]
    summary = format_markdown(problems, 1).split("\n")
    assert summary[4].startswith("GitHub shows at most 10 errors")
    assert sum(line.startswith("| 3") or line.startswith("| 2") for line in summary) == 12


def test_markdown_summary():
    problems = [
        Problem("no-risks", file=F, line=30, column=1, field="risks"),
        country(21, "Viet|nam"),
    ]
    assert format_markdown(problems, 1).split("\n") == [
        "## Case validation",
        "",
        "1 file(s) checked: 1 error(s), 1 warning(s).",
        "",
        "### <code>cases/a-case.md</code>",
        "",
        "| line | | code | field | what to do |",
        "|---:|---|---|---|---|",
        f"| 21 | ❌ | `unknown-country` | <code>countries&#91;1&#93;</code> | “Viet&#124;nam”{COUNTRY} |",
        "| 30 | ⚠️ | `no-risks` | <code>risks</code> | No “risks” are listed. Most partnerships carry "
        "some (for example loss-of-independence, greenwashing); list those the sources support. |",
        "",
    ]


def test_json_lists_every_problem_uncollapsed():
    problems = [country(21, "Vietnam", "VN"), country(22, "Vietnam", "VN")]
    report = json.loads(format_json(problems, 1))
    assert report["errors"] == 2 and report["warnings"] == 0 and report["files"] == 1
    assert report["problems"][1] == {
        "code": "unknown-country",
        "severity": "error",
        "file": F,
        "line": 22,
        "column": 5,
        "field": "countries[2]",
        "value": "Vietnam",
        "message": f"“Vietnam”{COUNTRY_VN}",
    }


# --- the command line: exit codes, formats, language ---------------------------------------


@pytest.fixture
def clean_env(monkeypatch):
    for var in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return monkeypatch


def test_exit_codes(cases_dir, write_case, clean_env, capsys):
    write_case("test-case")
    # The fixture case is valid; with an old review date it only has a warning.
    assert main(["validate", "--cases", str(cases_dir)]) == 0
    front = VALID_FRONT_MATTER.format(id="test-case").replace("2026-01-31", "2020-01-31")
    write_case("test-case", front=front)
    assert main(["validate", "--cases", str(cases_dir)]) == 0
    assert main(["validate", "--cases", str(cases_dir), "--strict"]) == 1
    write_case("test-case", front=front.replace("scope: national", "scope: nationl"))
    assert main(["validate", "--cases", str(cases_dir)]) == 1
    # Warnings come with the errors, in the same run.
    out = capsys.readouterr().out
    assert out.rstrip().endswith("1 file(s) checked: 1 error(s), 1 warning(s).")


def test_github_is_the_default_in_actions_and_writes_the_step_summary(
    cases_dir, write_case, clean_env, capsys, tmp_path
):
    summary = tmp_path / "summary.md"
    clean_env.setenv("GITHUB_ACTIONS", "true")
    clean_env.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_case("test-case", front=VALID_FRONT_MATTER.format(id="other-id"))
    assert main(["validate", "--cases", str(cases_dir)]) == 1
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("::error file=")
    assert out[0].endswith(
        ",line=2,col=1,title=Id does not match the file name [id-mismatch]::id: The id "
        "“other-id” must equal the file name without .md: “test-case”. Change the id or "
        "rename the file."
    )
    text = summary.read_text("utf-8")
    assert text.startswith("## Case validation\n\n1 file(s) checked: 1 error(s), 0 warning(s).")
    assert "| 2 | ❌ | `id-mismatch` | <code>id</code> |" in text


def test_the_files_language_beats_the_environments(cases_dir, write_case, clean_env, capsys):
    clean_env.setenv("LANG", "nl_BE.UTF-8")
    write_case("test-case", front=VALID_FRONT_MATTER.format(id="other-id"))
    assert main(["validate", "--cases", str(cases_dir)]) == 1
    assert capsys.readouterr().out.rstrip().endswith("1 file(s) checked: 1 error(s), 0 warning(s).")
    # A file that names no language of its own: the environment's.
    front = VALID_FRONT_MATTER.format(id="other-id").replace("language: en\n", "")
    write_case("test-case", front=front)
    assert main(["validate", "--cases", str(cases_dir)]) == 1
    assert (
        capsys.readouterr()
        .out.rstrip()
        .endswith("1 bestand(en) gecontroleerd: 2 fout(en), 0 waarschuwing(en).")
    )


def test_did_you_mean_comes_after_the_first_sentence_not_inside_quotes():
    message = render_message(
        "unknown-term",
        {
            "value": "e.g. joint research",
            "field": "forms",
            "allowed": ["a", "b"],
            "suggestion": "joint-research",
        },
    )
    assert message == (
        "“e.g. joint research” is not an allowed value for “forms”. "
        "Did you mean “joint-research”? Allowed: a, b."
    )


# --- output injection: a value shows as text, wherever it is reported -------------------------

# As written in the YAML: "\\e" is YAML's escape for ESC, so the key holds a real ANSI escape.
HOSTILE_KEY = r"x](https://evil.example/) ![i](https://evil.example/i.png) | <b>bold</b> \e[31mred"


def _hostile_problems(cases_dir):
    (cases_dir / "a-case.md").write_text(
        case_text(
            "a-case",
            front=VALID_FRONT_MATTER.format(id="a-case").replace(
                "scope: national", f'"{HOSTILE_KEY}": 1\nscope: national'
            ),
        ),
        "utf-8",
    )
    return validate_library(cases_dir, today=TODAY).problems


def test_the_step_summary_shows_every_value_as_text(cases_dir):
    from markdown_it import MarkdownIt

    problems = _hostile_problems(cases_dir)
    assert [p.code for p in problems] == ["unknown-field"]
    # GitHub renders tables, strikethrough and bare autolinks; so does this.
    rendered = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .render(format_markdown(problems, 1))
    )
    assert "<a " not in rendered and "<img" not in rendered and "<b>" not in rendered
    rows = [line for line in rendered.split("\n") if line.startswith("<tr>") or "<td" in line]
    cells = rendered.split("<tbody>")[1].split("</tbody>")[0].count("<td")
    assert cells == 5, rows  # one row, five columns: the "|" did not make a sixth
    assert "evil.example" in rendered and "\x1b" not in rendered


def test_terminal_reports_write_control_characters_out(cases_dir):
    problems = _hostile_problems(cases_dir)
    for text in (format_text(problems, 1), format_github(problems, 1)):
        assert "\x1b" not in text and "<U+001B>[31mred" in text


def test_a_dutch_file_gets_dutch_messages_without_lang_and_the_summary_lists_every_problem(
    cases_dir, write_case, clean_env, capsys, tmp_path
):
    summary = tmp_path / "summary.md"
    clean_env.setenv("GITHUB_STEP_SUMMARY", str(summary))
    dutch = VALID_FRONT_MATTER.format(id="dutch-case").replace("language: en", "language: nl")
    bad = "  - " + "\n  - ".join(f"X{i}" for i in range(12)) + "\n"
    write_case("dutch-case", front=dutch.replace("  - VN\n", bad), body=DUTCH_BODY)
    write_case("english-case", front=VALID_FRONT_MATTER.format(id="other"))
    assert main(["validate", "--cases", str(cases_dir), "--format", "github"]) == 1
    out = capsys.readouterr().out.split("\n")
    dutch_lines = [line for line in out if "dutch-case.md" in line and "unknown-country" in line]
    assert len(dutch_lines) == 12
    assert dutch_lines[0].endswith(
        "line=18,col=5,title=Onbekende landcode [unknown-country]::countries[0]: “X0” is geen "
        "ISO 3166-1-landcode. Gebruik de tweeletterige code in hoofdletters, bijvoorbeeld VN "
        "voor Vietnam, BE voor België, GB voor het Verenigd Koninkrijk."
    )
    english = next(line for line in out if "english-case.md" in line)
    # Past GitHub's cap: a log line, in the file's own language.
    assert english.endswith(
        "english-case.md:2: error [id-mismatch] id: The id “other” must equal the file name "
        "without .md: “english-case”. Change the id or rename the file."
    )
    assert out[-3].startswith("GitHub toont per stap hoogstens 10 fouten")
    assert out[-2] == "2 bestand(en) gecontroleerd: 13 fout(en), 2 waarschuwing(en)."
    text = summary.read_text("utf-8").split("\n")
    assert text[0] == "## Controle van de cases"
    rows = [line for line in text if line.startswith("| ") and "`unknown-country`" in line]
    assert len(rows) == 12 and "“X11” is geen ISO 3166-1-landcode" in rows[-1]
    assert "| regel | | code | veld | wat te doen |" in text


def test_lang_forces_one_language_for_every_file(cases_dir, write_case, clean_env, capsys):
    dutch = VALID_FRONT_MATTER.format(id="other").replace("language: en", "language: nl")
    write_case("dutch-case", front=dutch, body=DUTCH_BODY)
    assert main(["validate", "--cases", str(cases_dir), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "error [id-mismatch] id: The id “other” must equal" in out


def test_an_empty_field_is_an_empty_cell_in_the_summary():
    problems = [Problem("text-outside-section", file=F, line=40)]
    rows = [line for line in format_markdown(problems, 1).split("\n") if line.startswith("| 40")]
    assert rows == [
        "| 40 | ❌ | `text-outside-section` |  | Text after the front matter must be under a "
        "section heading (“&#35;&#35; Why work together”, …). Move it into a section or into "
        "“summary”. |"
    ]
