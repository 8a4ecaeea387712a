"""Lesson 04: the claim sorting (state and score), its widget, and the claims-by-verdict figure."""

from __future__ import annotations

import html

import nbformat
import pandas as pd
import pytest
from locations import REPO

from lesson_utils import data
from lesson_utils.claims import VERDICTS, ClaimSorting, quoted_passages, read_article
from lesson_utils.claims_widget import ClaimSorter, article_html
from lesson_utils.figures.news import claims_by_verdict, count_claims, describe_claims_by_verdict
from lesson_utils.sources import source_titles

LESSONS = REPO / "lessons"


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return data.load_article_claims()


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return data.load_sources()


def record_of(claims: pd.DataFrame) -> dict[str, str]:
    return dict(zip(claims["id"], claims["verdict"].astype(str)))


# ── the article and the claims table ─────────────────────────────────────────────────────────


def test_every_claim_quotes_the_article_verbatim(claims):
    article = read_article()
    missing = [row.id for row in claims.itertuples() if row.article_text not in article]
    assert not missing, f"article_text not found in the article: {missing}"


def test_the_claims_the_lesson_discusses_are_in_the_table(claims):
    needed = {"two-day-summit", "coalition-of-willingness", "eiffel-tower", "army-chiefs-to-kyiv",
              "von-der-leyen-key-lines", "strongest-europe", "neighbours-and-directions", "climate-west-east"}  # fmt: skip
    assert needed <= set(claims["id"])


def test_quoted_passages_skip_apostrophes():
    text = "Ukraine’s leader said ‘we need to see movement,’ and ‘it is clear’. Russia’s reply"
    assert quoted_passages(text) == ["we need to see movement", "it is clear"]
    assert "the strongest Europe in a very long time" in quoted_passages(read_article())


def test_source_titles_resolve_every_id(claims, sources):
    titles = source_titles(claims, sources)
    assert titles.str.len().gt(0).all()
    eiffel = titles[claims["id"].eq("eiffel-tower")].item()
    first = sources.set_index("id").loc["bfmtv-2025-02-24", "title"]
    assert eiffel.startswith(first) and eiffel.count("; ") == 2


# ── ClaimSorting: plain state ────────────────────────────────────────────────────────────────


def test_a_new_sorting_is_empty(claims):
    sorting = ClaimSorting.from_claims(claims)
    assert sorting.claim_ids == list(claims["id"])
    assert sorting.unsorted() == list(claims["id"])
    score = sorting.score()
    assert (score.correct, score.answered, score.total) == (0, 0, len(claims))
    assert sorting.is_correct(claims["id"][0]) is None


def test_choosing_the_record_scores_every_claim(claims):
    sorting = ClaimSorting.from_claims(claims)
    for claim_id, verdict in record_of(claims).items():
        sorting.choose(claim_id, verdict)
    assert sorting.score().correct == len(claims)
    assert sorting.differences(claims).empty
    assert (
        str(sorting.score())
        == f"You sorted {len(claims)} of {len(claims)} claims; {len(claims)} of them match the record's verdict."
    )


def test_differences_list_only_the_sorted_claims_that_disagree(claims):
    sorting = ClaimSorting.from_claims(claims)
    sorting.choose("two-day-summit", "supported")  # record: partly
    sorting.choose("coalition-of-willingness", "wrong")  # record: wrong
    score = sorting.score()
    assert (score.correct, score.answered) == (1, 2)
    differ = sorting.differences(claims)
    assert list(differ["id"]) == ["two-day-summit"]
    row = differ.iloc[0]
    assert (row["your_verdict"], row["record_verdict"]) == ("supported", "partly")
    assert row["correction"] == claims.set_index("id").loc["two-day-summit", "correction"]


def test_saying_supported_to_everything_scores_the_supported_share(claims):
    sorting = ClaimSorting.from_claims(claims)
    for claim_id in sorting.claim_ids:
        sorting.choose(claim_id, "supported")
    assert sorting.score().correct == claims["verdict"].eq("supported").sum()


def test_clearing_a_choice_unsorts_it(claims):
    sorting = ClaimSorting.from_claims(claims)
    sorting.choose("eiffel-tower", "wrong")
    sorting.choose("eiffel-tower", None)
    assert "eiffel-tower" in sorting.unsorted() and sorting.score().answered == 0


def test_bad_ids_and_verdicts_are_refused_with_a_clear_message(claims):
    sorting = ClaimSorting.from_claims(claims)
    with pytest.raises(KeyError, match="no claim with id 'nope'"):
        sorting.choose("nope", "supported")
    with pytest.raises(ValueError, match="must be one of supported, partly, unsupported, wrong"):
        sorting.choose("eiffel-tower", "false")


# ── the widget: a thin view, clicked without a browser ───────────────────────────────────────


def test_article_is_shown_escaped_in_a_box():
    shown = article_html("a <b>bold</b> & ‘quoted’ claim", "Caption <i>")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in shown and "<b>" not in shown
    assert "Caption &lt;i&gt;" in shown and 'class="news-article"' in shown


def test_widget_has_one_choice_per_claim_with_the_four_verdicts(claims, sources):
    sorter = ClaimSorter(ClaimSorting.from_claims(claims), claims, sources)
    assert "claim-sorter" in sorter.widget._dom_classes
    assert "claim-reveal" in sorter.button._dom_classes
    assert len(sorter.choices) == len(claims)
    for toggle in sorter.choices.values():
        assert [value for _, value in toggle.options] == list(VERDICTS)
        assert toggle.value is None and "claim-choice" in toggle._dom_classes
    assert all(box.value == "" for box in sorter.records.values()), "the record stays hidden until revealed"


def test_clicks_reach_the_sorting_and_reveal_shows_the_record(claims, sources):
    sorting = ClaimSorting.from_claims(claims)
    sorter = ClaimSorter(sorting, claims, sources)
    sorter.choices["two-day-summit"].value = "partly"
    sorter.choices["eiffel-tower"].value = "wrong"
    assert sorting.choices == {"two-day-summit": "partly", "eiffel-tower": "wrong"}
    sorter.button.click()
    eiffel = claims.set_index("id").loc["eiffel-tower"]
    shown = sorter.records["eiffel-tower"].value
    assert "Record: Unsupported" in shown and "Your verdict differs" in shown
    assert html.escape(eiffel["correction"]) in shown
    assert "You agree with the record" in sorter.records["two-day-summit"].value
    assert "Not sorted yet" in sorter.records["coalition-of-willingness"].value
    assert f"You sorted 2 of {len(claims)} claims; 1 of them match" in sorter.score.value
    sorter.choices["eiffel-tower"].value = "unsupported"  # after the reveal, the record follows changes
    assert "You agree with the record" in sorter.records["eiffel-tower"].value
    assert "2 of them match" in sorter.score.value


def test_widget_text_is_escaped(sources):
    claims = pd.DataFrame(
        {"id": ["x"], "order": [1], "topic": ["summit"], "article_text": ["<script>alert(1)</script>"],
         "verdict": ["wrong"], "fact_sheet_verdict": ["Wrong <b>"], "correction": ["A & B"],
         "source_id": ["anews-2025-03-27"]}
    )  # fmt: skip
    sorter = ClaimSorter(ClaimSorting.from_claims(claims), claims, sources)
    sorter.reveal()
    text = sorter.widget.children[0].children[0].value
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Wrong &lt;b&gt;" in sorter.records["x"].value and "A &amp; B" in sorter.records["x"].value


# ── the figure ───────────────────────────────────────────────────────────────────────────────


def test_claims_by_verdict_counts_every_claim_once(claims):
    table = count_claims(claims)
    assert list(table.columns) == list(VERDICTS)
    assert table.to_numpy().sum() == len(claims)
    assert (
        table.sum().to_dict() == claims["verdict"].astype(str).value_counts().reindex(VERDICTS, fill_value=0).to_dict()
    )


def test_claims_by_verdict_figure(claims):
    figure = claims_by_verdict(claims)
    assert [trace.type for trace in figure.data] == ["bar"] * len(VERDICTS)
    assert figure.layout.barmode == "stack"
    assert str(len(claims)) in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "Claims (count)"
    assert figure.layout.yaxis.title.text == "Topic of the claim"
    counts = claims["verdict"].astype(str).value_counts()
    for trace, verdict in zip(figure.data, VERDICTS):
        assert sum(trace.x) == counts.get(verdict, 0)
        assert f"({counts.get(verdict, 0)})" in trace.name
    assert len({trace.marker.pattern.shape for trace in figure.data}) == len(VERDICTS), "patterns back up the colours"
    payload = figure.to_json()
    assert "http" not in payload and len(payload) < 300_000


def test_describe_claims_by_verdict_names_the_totals(claims):
    text = describe_claims_by_verdict(claims)
    counts = claims["verdict"].astype(str).value_counts()
    for verdict in VERDICTS:
        assert f"{verdict}: {counts.get(verdict, 0)}" in text
    assert f"the {len(claims)} claims" in text and "Geography" in text and "Climate" in text


def test_the_description_follows_the_data(claims):
    changed = claims.copy()
    changed["verdict"] = changed["verdict"].astype(str).where(changed["id"] != "eiffel-tower", "wrong")
    assert "unsupported: 0" in describe_claims_by_verdict(changed)
    assert "wrong: 2" in describe_claims_by_verdict(changed)


# ── the quiz bank that goes with the lesson ──────────────────────────────────────────────────


def test_reading_the_news_bank_is_valid_and_agrees_with_the_data():
    from lesson_utils.quiz import load_bank
    from lesson_utils.quiz.crosscheck import disagreements

    bank = load_bank("reading_the_news")  # also checks every source_id against sources.csv
    assert bank.lesson == "04_reading_the_news.ipynb"
    assert len(bank.questions) >= 8
    assert disagreements(bank) == []
    assert sum(q.data is not None for q in bank.questions) >= 6, "most answers should be re-derived from the tables"


def test_reading_the_news_sections_are_headings_of_the_lesson():
    from lesson_utils.quiz import load_bank

    bank = load_bank("reading_the_news")
    lesson = nbformat.read(LESSONS / bank.lesson, as_version=4)
    headings = {
        line[3:].strip()
        for c in lesson.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("## ")
    }
    wrong = {q.id: q.section for q in bank.questions if q.section not in headings}
    assert not wrong, f"not a '## ' heading of {bank.lesson}: {wrong}"


def test_quiz_04_notebook_is_short_and_shows_its_bank():
    notebook = nbformat.read(LESSONS / "quiz_04_reading_the_news.ipynb", as_version=4)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "code"]
    assert notebook.cells[1].source.startswith('STUDENT = "')
    assert 'quiz.show("reading_the_news", STUDENT)' in notebook.cells[2].source


def test_after_reveal_panels_wait_for_the_student(claims, sources):
    sorting = ClaimSorting.from_claims(claims)
    sorter = ClaimSorter(sorting, claims, sources)
    shown: list[str] = []
    panel = sorter.after_reveal(lambda: shown.append("verdicts"))
    assert shown == [] and not sorting.revealed, "Run all must not show the verdicts"
    assert "Reveal the record" in str(panel.outputs)
    sorter.button.click()
    assert shown == ["verdicts"] and sorting.revealed
    sorter.after_reveal(lambda: shown.append("later panel"))
    assert shown == ["verdicts", "later panel"], "a panel made after the reveal renders at once"
