"""The answer key of a quiz, for the teacher: every question with its answer, explanation and sources.

One description of each question (`KeyEntry`) is drawn as Markdown or as a standalone HTML page;
in HTML every piece of bank text is escaped, so a prompt can never inject markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from lesson_utils import data
from lesson_utils.quiz.bank import Bank, QuestionBase

Format = Literal["md", "html"]


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class KeyEntry:
    """One question as the key shows it; `choices` marks each option right (True) or not."""

    number: int
    question: QuestionBase
    choices: list[tuple[str, bool]]
    answer: list[str]
    sources: list[Source]


def entries(bank: Bank) -> list[KeyEntry]:
    """The key's content, in the bank's order (students see a shuffled order; ids tie the two)."""
    names = country_names(bank)
    result = []
    for number, question in enumerate(bank.questions, 1):
        frame = data.sources_for(question.source_id)
        sources = [Source(r.title, r.publisher, r.url) for r in frame.itertuples(index=False)]
        result.append(KeyEntry(number, question, question.key_choices(names), answer_lines(question, names), sources))
    return result


def answer_lines(question: QuestionBase, names: dict[str, str] | None = None) -> list[str]:
    """The right answer in words, one line per item where there are several."""
    return question.key_lines(names or {})


def country_names(bank: Bank) -> dict[str, str]:
    """Country names for map questions (loads geometry only when the bank has one)."""
    regions = {region for q in bank.questions if (region := getattr(q, "region", None))}
    if not regions:
        return {}
    from lesson_utils import geo

    return {code: name for region in regions for code, name in geo.country_names(region).items()}


def render(bank: Bank, fmt: Format = "md") -> str:
    """The whole key as Markdown or as a standalone HTML page."""
    key = entries(bank)
    return _markdown(bank, key) if fmt == "md" else _html(bank, key)


def _header(bank: Bank) -> list[tuple[str, str]]:
    return [
        ("Quiz", bank.id),
        ("Lesson", bank.lesson),
        ("Mode", bank.mode),
        ("Questions", f"{len(bank.questions)} ({bank.max_points} points)"),
        ("Bank version", bank.version),
    ]


def _markdown(bank: Bank, key: list[KeyEntry]) -> str:
    lines = [
        f"# Answer key: {bank.title}",
        "",
        *(f"- **{label}:** {value}" for label, value in _header(bank)),
        "",
        "Questions are listed in the bank's order; each student sees them shuffled. "
        "The id after each number is the column name in the gradebook.",
        "",
    ]
    for entry in key:
        q = entry.question
        lines += [
            f"## {entry.number}. `{q.id}` ({q.points} point{'s' if q.points != 1 else ''}, {q.type})",
            "",
            q.prompt,
            "",
            f"*Lesson section:* {q.section}",
            "",
        ]
        if entry.choices:
            lines += [f"- {'✔ **' + text + '**' if right else '✘ ' + text}" for text, right in entry.choices] + [""]
        lines += ["**Answer:**" + (" " + entry.answer[0] if len(entry.answer) == 1 else ""), ""]
        if len(entry.answer) > 1:
            lines += [f"- {line}" for line in entry.answer] + [""]
        lines += [f"**Explanation:** {q.explanation}", ""]
        if q.hint:
            lines += [f"**Hint given to students:** {q.hint}", ""]
        lines += ["**Sources:**", "", *(f"- {s.title} ({s.publisher}): <{s.url}>" for s in entry.sources), ""]
    return "\n".join(lines)


def _html(bank: Bank, key: list[KeyEntry]) -> str:
    e = html.escape
    parts = [
        f"<h1>Answer key: {e(bank.title)}</h1>",
        "<dl>",
        *(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in _header(bank)),
        "</dl>",
        "<p>Questions are listed in the bank's order; each student sees them shuffled. "
        "The id after each number is the column name in the gradebook.</p>",
    ]
    for entry in key:
        q = entry.question
        parts.append(
            f'<section id="{e(q.id, quote=True)}"><h2>{entry.number}. <code>{e(q.id)}</code> '
            f"({q.points} point{'s' if q.points != 1 else ''}, {e(q.type)})</h2>"
            f'<p class="prompt">{e(q.prompt)}</p><p><em>Lesson section:</em> {e(q.section)}</p>'
        )
        if entry.choices:
            items = "".join(
                f"<li><strong>✔ {e(t)}</strong></li>" if right else f"<li>✘ {e(t)}</li>" for t, right in entry.choices
            )
            parts.append(f'<ul class="choices">{items}</ul>')
        answer = "".join(f"<li>{e(line)}</li>" for line in entry.answer)
        parts.append(
            f'<p><strong>Answer:</strong></p><ul class="answer">{answer}</ul>'
            f"<p><strong>Explanation:</strong> {e(q.explanation)}</p>"
        )
        if q.hint:
            parts.append(f"<p><strong>Hint given to students:</strong> {e(q.hint)}</p>")
        sources = "".join(
            f'<li>{e(s.title)} ({e(s.publisher)}): <a href="{e(s.url, quote=True)}">{e(s.url)}</a></li>'
            for s in entry.sources
        )
        parts.append(f"<p><strong>Sources:</strong></p><ul>{sources}</ul></section>")
    return page(f"Answer key: {bank.title}", "\n".join(parts))


def page(title: str, body: str) -> str:
    """A standalone, printable HTML page (no network needed)."""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


STYLE = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
section { border-top: 1px solid #bbb; padding-top: .5em; break-inside: avoid; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: bold; } dd { margin: 0; }
.prompt { font-size: 1.1em; white-space: pre-wrap; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: .3em .6em; text-align: left; vertical-align: top; }
td.number { text-align: right; }
"""
