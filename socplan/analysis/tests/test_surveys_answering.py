"""Answering on the web (no JavaScript: plain POST), anonymity, one answer per browser,
spam protection and paper entry."""

import pytest
from django.urls import reverse

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import SurveyBrowserMark, SurveyResponse
from socplan.core.models import AuditEvent

from .surveys_builders import make_survey

pytestmark = pytest.mark.django_db


def _answer_url(survey):
    return survey.get_public_url()


GOOD = {
    "q_Q1": "1",
    "q_Q2": ["1", "other"],
    "q_Q2_other": "nákupy",
    "q_Q3": "2",
    "q_Q4_r1": "1",
    "q_Q4_r2": "2",
    "q_Q5_o1": "2",
    "q_Q5_o2": "1",
    "q_Q5_o3": "",
    "q_Q6": "3",
    "q_Q7": "",
    "q_Q8": "Chybí odlehčovací služba.",
    "q_Q9": "1",
    "q_Q10": "1",
    "q_Q11": "2",
    "q_Q12": "4",
}


def test_it_shows_the_questionnaire_to_anybody(client, process):
    survey, q = make_survey(process)
    response = client.get(_answer_url(survey))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Využíváte službu?" in content
    assert 'type="radio"' in content
    assert 'data-if-question="Q1"' in content  # the script hides Q2 until Q1 = ano
    assert "<script>" not in content and 'style="' not in content


def test_it_saves_an_answer_sent_without_javascript(client, process):
    survey, q = make_survey(process)
    response = client.post(_answer_url(survey), GOOD)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.answers["Q2"] == ["1", "other"]
    assert saved.answers["Q2.other"] == "nákupy"
    assert saved.answers["Q5"] == {"1": 2, "2": 1}
    assert saved.answers["Q4"] == {"1": "1", "2": "2"}
    assert saved.role == "family"


def test_a_hidden_question_is_ignored_server_side(client, process):
    survey, q = make_survey(process)
    data = {**GOOD, "q_Q1": "2"}  # "ne": Q2 is not asked, its answer is dropped
    response = client.post(_answer_url(survey), data)
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(survey=survey)
    assert "Q2" not in saved.answers and "Q2.other" not in saved.answers


def test_errors_keep_what_was_typed(client, process):
    survey, q = make_survey(process)
    data = {**GOOD, "q_Q6": "sto"}
    response = client.post(_answer_url(survey), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Enter a number." in content
    assert 'value="sto"' in content
    assert "Chybí odlehčovací služba." in content
    assert 'aria-invalid="true"' in content
    assert not SurveyResponse.objects.exists()


def test_nothing_identifying_is_stored(client, process):
    survey, q = make_survey(process, one_per_browser=True)
    client.post(_answer_url(survey), GOOD, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Secret/1.0")
    saved = SurveyResponse.objects.get(survey=survey)
    stored = repr(SurveyResponse.objects.filter(pk=saved.pk).values().get()) + repr(
        list(SurveyBrowserMark.objects.values())
    )
    assert "203.0.113.77" not in stored and "Secret" not in stored
    token = client.cookies[f"socplan_survey_{survey.pk}"].value
    assert token not in stored  # only a keyed digest of the cookie, apart from the answers
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "session", "token", "created_at"}
    assert saved.entered_by is None
    assert not AuditEvent.objects.filter(
        object_id=str(saved.pk), object_type="analysis.surveyresponse"
    ).exists()


def test_one_answer_per_browser(client, process):
    survey, q = make_survey(process, one_per_browser=True)
    assert client.post(_answer_url(survey), GOOD).status_code == 302
    second = client.post(_answer_url(survey), GOOD)
    assert second.status_code == 200
    assert "already answered" in second.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert "already answered" in client.get(_answer_url(survey)).content.decode()


def test_without_the_option_a_browser_may_answer_again(client, process):
    survey, q = make_survey(process)
    client.post(_answer_url(survey), GOOD)
    client.post(_answer_url(survey), GOOD)
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    assert not client.cookies.get(f"socplan_survey_{survey.pk}")


def test_the_honeypot_stops_bots_silently(client, process):
    survey, q = make_survey(process)
    response = client.post(_answer_url(survey), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_the_rate_limit_stops_a_flood(client, process, settings):
    settings.RATELIMIT_ENABLED = True
    survey, q = make_survey(process)
    for _ in range(20):
        client.post(_answer_url(survey), GOOD, REMOTE_ADDR="198.51.100.1")
    blocked = client.post(_answer_url(survey), GOOD, REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == 429
    assert SurveyResponse.objects.filter(survey=survey).count() == 20


def test_a_closed_survey_says_so(client, process):
    survey, q = make_survey(process, open=False)
    response = client.post(_answer_url(survey), GOOD)
    assert "not collecting" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_easy_to_read_version_uses_the_easy_wording(client, process):
    survey, q = make_survey(process)
    services.question_update(actor=None, question=q["uses"], easy_text="Chodí k vám pomoc?")
    response = client.get(_answer_url(survey) + "?snadne=1")
    assert "Chodí k vám pomoc?" in response.content.decode()
    assert "Chodí k vám pomoc?" not in client.get(_answer_url(survey)).content.decode()


def test_a_contact_question_shows_the_personal_data_notice(client, process):
    survey, q = make_survey(process)
    assert "Personal data:" in client.get(_answer_url(survey)).content.decode()
    services.question_delete(actor=None, question=q["short"])
    assert "Personal data:" not in client.get(_answer_url(survey)).content.decode()


# --- paper entry ---


def _paper_url(survey):
    return reverse("analysis:paper_entry", kwargs={"slug": survey.process.slug, "pk": survey.pk})


def test_paper_entry_takes_the_codes_of_the_paper_form(client_for, coordinator, process):
    survey, q = make_survey(process)
    client = client_for(coordinator)
    page = client.get(_paper_url(survey))
    assert page.status_code == 200
    assert "1 = ano, 2 = ne" in page.content.decode()
    data = {
        "entry-channel": "paper",
        "entry-sheet_number": "17",
        "entry-submitted_on": "2026-11-20",
        "q_Q1": "1",
        "q_Q2": "1 3 0",
        "q_Q2_other": "úklid",
        "q_Q3": "4",
        "q_Q4_r1": "2",
        "q_Q4_r2": "",
        "q_Q5_o1": "1",
        "q_Q5_o2": "2",
        "q_Q5_o3": "3",
        "q_Q6": "10",
        "q_Q9": "3",
    }
    response = client.post(_paper_url(survey), data)
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.channel == "paper"
    assert saved.entered_by == coordinator
    assert saved.sheet_number == "17"
    assert str(saved.submitted_on) == "2026-11-20"
    assert saved.answers["Q2"] == ["1", "3", "other"]
    assert saved.answers["Q2.other"] == "úklid"
    assert saved.answers["Q4"] == {"1": "2"}
    assert saved.answers["Q5"] == {"1": 1, "2": 2, "3": 3}
    assert AuditEvent.objects.filter(action="survey.paper_entered", actor=coordinator).exists()


def test_paper_entry_refuses_a_wrong_code_and_keeps_the_form(client_for, coordinator, process):
    survey, q = make_survey(process)
    client = client_for(coordinator)
    response = client.post(
        _paper_url(survey),
        {"entry-channel": "interview", "q_Q1": "5", "q_Q6": "7"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose one of the options." in content
    assert 'value="5"' in content
    assert not SurveyResponse.objects.exists()


def test_paper_entry_records_an_interview(client_for, methodologist, process):
    survey, q = make_survey(process, open=False)  # also after the web survey closed
    client = client_for(methodologist)
    response = client.post(_paper_url(survey), {"entry-channel": "interview", "q_Q1": "2"})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().channel == "interview"


def test_the_questionnaire_speaks_czech(client, process, settings):
    settings.LANGUAGE_CODE = "cs"
    survey, q = make_survey(process)
    content = client.get(_answer_url(survey)).content.decode()
    assert "Odeslat odpovědi" in content
    assert "Dotazník je anonymní" in content
    assert "Odpovězte, jen pokud jste v otázce Q1 odpověděli „ano“." in content
