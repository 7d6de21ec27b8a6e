"""Results: counts, percentages, averages, filters, cross-tabs (recomputed here
independently from the raw answers), counts by channel and day, moderation, publishing,
exports and the finding made from a result."""

import csv
import datetime
import io
import random
from collections import Counter

import pytest
from django.urls import reverse

from socplan.analysis import selectors_surveys as selectors
from socplan.analysis import services_surveys as services
from socplan.analysis import surveys_exports
from socplan.analysis.models import Finding
from socplan.analysis.models_surveys import SurveyFindingLink, SurveyResponse

from .surveys_builders import make_survey

pytestmark = pytest.mark.django_db


def _fill(survey, q, n=120, seed=7):
    rng = random.Random(seed)
    raw = []
    for i in range(n):
        answers = {"Q1": rng.choice(["1", "2"]), "Q3": rng.choice(["1", "2", "3", "4"])}
        if answers["Q1"] == "1":
            answers["Q2"] = rng.sample(["1", "2", "3"], rng.randint(1, 2))
        answers["Q6"] = rng.randint(0, 40)
        answers["Q9"] = rng.choice(["1", "2", "3"])
        answers["Q11"] = rng.choice(["1", "2", "5"])
        if i % 10 == 0:
            answers["Q8"] = f"Text {i}"
        channel = "paper" if i % 4 == 0 else "web"
        services.response_submit(
            survey=survey,
            answers=answers,
            channel=channel,
            is_demo=True,
            submitted_on=datetime.date(2026, 11, 1 + i % 5),
        )
        raw.append((answers, channel))
    return raw


@pytest.fixture
def filled(process):
    survey, q = make_survey(process)
    raw = _fill(survey, q)
    return survey, q, raw


def test_counts_and_percentages_of_a_single_choice(filled):
    survey, q, raw = filled
    result = selectors.survey_results(survey)["results"][2]  # Q3, the scale
    counts = Counter(a["Q3"] for a, _c in raw)
    assert result["answered"] == len(raw)
    for option in result["options"]:
        assert option["count"] == counts[option["code"]]
        assert option["percent"] == round(100 * counts[option["code"]] / len(raw), 1)
    expected_average = round(sum(int(a["Q3"]) for a, _c in raw) / len(raw), 2)
    assert result["average"] == expected_average
    assert "<svg" in str(result["chart"]) and "<title" in str(result["chart"])


def test_multiple_choice_counts_respondents_of_the_question(filled):
    survey, q, raw = filled
    result = selectors.question_result(q["which"], selectors.response_rows(survey))
    answered = [a for a, _c in raw if "Q2" in a]
    assert result["answered"] == len(answered)
    for option in result["options"][:3]:
        n = sum(1 for a in answered if option["code"] in a["Q2"])
        assert option["count"] == n


def test_numbers_have_mean_median_min_max(filled):
    survey, q, raw = filled
    result = selectors.question_result(q["number"], selectors.response_rows(survey))
    values = [a["Q6"] for a, _c in raw]
    assert result["numbers"]["mean"] == round(sum(values) / len(values), 2)
    assert result["numbers"]["min"] == min(values)
    assert result["numbers"]["max"] == max(values)


def test_a_filter_by_attribute_and_by_answer(filled):
    survey, q, raw = filled
    user_role = "user"  # option 1 of the role question
    filters = selectors.Filters(attributes={"role": user_role}, question="Q1", answer="1")
    rows = selectors.response_rows(survey, filters)
    expected = [a for a, _c in raw if a["Q11"] == "1" and a["Q1"] == "1"]
    assert len(rows) == len(expected)


def test_the_cross_tab_matches_an_independent_count(filled):
    survey, q, raw = filled
    table = selectors.crosstab(survey, q["satisfaction"], "q:Q1")
    for row in table["rows"]:
        for column, cell in zip(table["columns"], row["cells"], strict=True):
            expected = sum(
                1 for a, _c in raw if a["Q3"] == row["code"] and a["Q1"] == column["code"]
            )
            base = sum(1 for a, _c in raw if a["Q1"] == column["code"])
            assert cell["count"] == expected
            assert cell["percent"] == round(100 * expected / base, 1)


def test_the_cross_tab_by_attribute_and_channel(filled):
    survey, q, raw = filled
    table = selectors.crosstab(survey, q["uses"], "attr:channel")
    paper = next(c for c in table["columns"] if c["code"] == "paper")
    assert paper["base"] == sum(1 for _a, c in raw if c == "paper")
    table = selectors.crosstab(survey, q["which"], "attr:municipality")
    assert table["total"] == sum(1 for a, _c in raw if "Q2" in a)
    names = {c["label"] for c in table["columns"]}
    assert names <= {"Humpolec", "Kejžlice", "Herálec"}


def test_counts_by_channel_and_day(filled):
    survey, q, raw = filled
    by_channel = {row["code"]: row["count"] for row in selectors.counts_by_channel(survey)}
    assert by_channel["paper"] == 30 and by_channel["web"] == 90
    by_day = selectors.counts_by_day(survey)
    assert len(by_day) == 5 and sum(r["count"] for r in by_day) == 120


def test_the_results_page_with_a_cross_tab(client_for, member, filled):
    survey, q, raw = filled
    url = reverse("analysis:survey_results", kwargs={"slug": survey.process.slug, "pk": survey.pk})
    response = client_for(member).get(url, {"row": "Q3", "by": "q:Q1", "role": "user"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="krizova-tabulka"' in content
    assert "<svg" in content
    assert "role in the triad: user of services" in content


def test_moderation_hides_an_open_answer_from_the_public(client_for, coordinator, filled):
    survey, q, raw = filled
    response = SurveyResponse.objects.filter(survey=survey, answers__has_key="Q8").first()
    url = reverse(
        "analysis:survey_moderation", kwargs={"slug": survey.process.slug, "pk": survey.pk}
    )
    client = client_for(coordinator)
    assert client.post(url, {"response": response.pk, "key": "Q8", "hide": "1"}).status_code == 302
    response.refresh_from_db()
    assert response.hidden == ["Q8"]
    text = response.answers["Q8"]
    public = selectors.survey_results(survey, public=True)
    long = next(r for r in public["results"] if r["code"] == "Q8")
    assert text not in [t["text"] for t in long["texts"]]
    internal = selectors.question_result(q["long"], selectors.response_rows(survey))
    assert any(t["hidden"] and t["text"] == text for t in internal["texts"])
    csv_text = surveys_exports.csv_bytes(survey).decode("utf-8-sig")
    assert text not in csv_text and "[hidden]" in csv_text


def test_published_results_show_only_after_closing(client, filled):
    survey, q, raw = filled
    url = reverse(
        "analysis:survey_public_results", kwargs={"slug": survey.process.slug, "pk": survey.pk}
    )
    services.survey_publish_results(
        actor=None, survey=survey, publish=True, question_codes=["Q1", "Q3", "Q7"]
    )
    assert client.get(url).status_code == 404  # still open
    services.survey_update(
        actor=None, survey=survey, closes_at=survey.opens_at + datetime.timedelta(hours=1)
    )
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Využíváte službu?" in content and "Spokojenost" in content
    assert "Kolik let pečujete?" not in content  # not chosen
    assert "Kontakt" not in content  # contact questions are never published
    listing = client.get(
        reverse("analysis:survey_public_list", kwargs={"slug": survey.process.slug})
    )
    assert survey.title in listing.content.decode()


def test_the_csv_export_has_one_row_per_questionnaire(filled):
    survey, q, raw = filled
    reader = list(
        csv.reader(
            io.StringIO(surveys_exports.csv_bytes(survey).decode("utf-8-sig")), delimiter=";"
        )
    )
    header, rows = reader[0], reader[1:]
    assert len(rows) == len(raw)
    assert {"Q1", "Q2_1", "Q2_other", "Q2_other_text", "Q4_1", "Q5_3", "Q6", "municipality"} <= set(
        header
    )
    first = dict(zip(header, rows[0], strict=True))
    answers, channel = raw[0]
    assert first["Q1"] == answers["Q1"] and first["channel"] == channel
    if "Q2" in answers:
        assert first["Q2_1"] == ("1" if "1" in answers["Q2"] else "0")
    else:
        assert first["Q2_1"] == ""


def test_the_xlsx_export_has_the_answers_and_the_codebook(client_for, coordinator, filled):
    from openpyxl import load_workbook

    survey, q, raw = filled
    url = reverse(
        "analysis:survey_export",
        kwargs={"slug": survey.process.slug, "pk": survey.pk, "format": "xlsx"},
    )
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    answers, codebook = book.worksheets
    assert len(list(answers.iter_rows(values_only=True))) == len(raw) + 1
    codes = {row[0]: row[2] for row in codebook.iter_rows(min_row=2, values_only=True)}
    assert codes["Q1"] == "1 = ano; 2 = ne"
    assert "Humpolec" in codes["Q9"]


def test_a_result_becomes_a_finding_keeping_its_numbers(client_for, coordinator, filled):
    survey, q, raw = filled
    url = reverse("analysis:survey_finding", kwargs={"slug": survey.process.slug, "pk": survey.pk})
    municipality = q["municipality"].options[0]["ref"]
    response = client_for(coordinator).post(url, {"question": "Q3", "municipality": municipality})
    assert response.status_code == 302
    finding = Finding.objects.get(process=survey.process)
    assert finding.source_kind == Finding.SourceKind.SURVEY
    assert finding.source_ref == f"survey:{survey.pk}:Q3"
    assert list(finding.municipalities.values_list("code", flat=True)) == [municipality]
    link = SurveyFindingLink.objects.get(finding=finding)
    n = sum(1 for a, _c in raw if a["Q9"] == q["municipality"].options[0]["code"])
    assert link.snapshot["respondents"] == n
    assert link.filters["attributes"] == {"municipality": municipality}
    before = link.snapshot
    # later answers do not change the numbers the finding had
    services.response_submit(survey=survey, answers={"Q1": "2", "Q3": "1", "Q9": "1"})
    link.refresh_from_db()
    assert link.snapshot == before
    assert str(n) in finding.detail


def test_the_xlsx_writer_keeps_formula_like_texts_as_text():
    from openpyxl import load_workbook

    from socplan.core import spreadsheets

    out = io.BytesIO()
    workbook = spreadsheets.xlsx_stream_workbook(out)
    sheet = workbook.add_worksheet("Odpovědi")
    rows = [["id", "Q8"], [1, '=HYPERLINK("http://evil")'], [2, "a\x01&<b>"], [3, "http://x.cz"]]
    assert spreadsheets.xlsx_stream_rows(workbook, sheet, rows) == 4
    workbook.close()
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert sheet["B2"].value == '=HYPERLINK("http://evil")' and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert sheet["B3"].value == "a&<b>"
    assert sheet["B4"].value == "http://x.cz" and sheet["B4"].hyperlink is None
    assert sheet["A3"].value == 2 and sheet["A3"].data_type == "n"


def test_the_xlsx_export_keeps_a_formula_like_answer_as_text(client_for, coordinator, filled):
    from openpyxl import load_workbook

    survey, q, raw = filled
    services.response_submit(survey=survey, answers={"Q1": "2", "Q8": "=1+2"})
    data = surveys_exports.xlsx_bytes(survey)
    answers = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell.value for cell in answers[1]]
    last = list(answers[answers.max_row])
    cell = last[header.index("Q8")]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+2", "s", True)
    assert last[header.index("Q1")].value == "2"
