"""The staff pages of surveys: starting one (template, copy, empty), settings, questions,
sections, versions and the QR code (the printed documents: socplan/documents/tests/
test_surveys.py)."""

import pytest
from django.urls import reverse

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import Survey

from .surveys_builders import make_survey, make_target_groups

pytestmark = pytest.mark.django_db


def _u(name, survey, **kwargs):
    return reverse(
        f"analysis:{name}", kwargs={"slug": survey.process.slug, "pk": survey.pk, **kwargs}
    )


def test_it_starts_a_survey_from_a_template(client_for, coordinator, process):
    make_target_groups()
    client = client_for(coordinator)
    url = reverse("analysis:survey_start", kwargs={"slug": process.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"template": "users", "audience": "users", "title": ""})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == _u("survey_detail", survey)
    assert survey.template_key == "users" and survey.questions.count() > 8
    page = client.get(_u("survey_detail", survey)).content.decode()
    assert survey.get_public_url() in page
    assert "Využíváte Vy nebo Váš blízký" in page


def test_an_empty_survey_needs_a_title(client_for, coordinator, process):
    client = client_for(coordinator)
    url = reverse("analysis:survey_start", kwargs={"slug": process.slug})
    response = client.post(url, {"template": "empty", "audience": "public", "title": ""})
    assert response.status_code == 400
    assert not Survey.objects.exists()


def test_it_copies_a_survey(client_for, coordinator, process):
    source, _q = make_survey(process)
    client = client_for(coordinator)
    url = reverse("analysis:survey_start", kwargs={"slug": process.slug})
    client.post(
        url, {"template": "empty", "audience": "public", "source": source.pk, "title": "Kopie"}
    )
    copy = Survey.objects.get(title="Kopie")
    assert copy.copied_from == source
    assert copy.questions.count() == source.questions.count()


def test_it_adds_edits_and_deletes_questions(client_for, coordinator, process):
    survey, q = make_survey(process)
    client = client_for(coordinator)
    response = client.post(
        _u("question_create", survey),
        {
            "kind": "single",
            "text": "Máte auto?",
            "options": "ano\nne",
            "condition_question": q["uses"].pk,
            "condition_values": "1",
        },
    )
    assert response.status_code == 302
    new = survey.questions.get(text="Máte auto?")
    assert new.code == "Q13" and new.options[1] == {"code": "2", "label": "ne"}
    assert new.condition_question == q["uses"]
    response = client.post(
        _u("question_edit", survey, question_pk=new.pk),
        {"kind": "single", "text": "Máte vlastní auto?", "options": "ano\nne\nnevím"},
    )
    new.refresh_from_db()
    assert new.text == "Máte vlastní auto?" and len(new.options) == 3
    bad = client.post(
        _u("question_edit", survey, question_pk=new.pk),
        {"kind": "single", "text": "x", "options": "jen jedna"},
    )
    assert bad.status_code == 400 and "at least two options" in bad.content.decode()
    client.post(_u("question_edit", survey, question_pk=new.pk), {"delete": "1"})
    assert not survey.questions.filter(pk=new.pk).exists()


def test_a_survey_with_answers_offers_a_new_version(client_for, coordinator, process):
    survey, q = make_survey(process)
    services.response_submit(survey=survey, answers={"Q1": "2"})
    client = client_for(coordinator)
    page = client.get(_u("survey_detail", survey)).content.decode()
    assert "Make a new version" in page
    refused = client.post(
        _u("question_edit", survey, question_pk=q["long"].pk),
        {"kind": "long_text", "text": "Jinak"},
    )
    assert refused.status_code == 400
    response = client.post(_u("survey_action", survey), {"action": "new_version"})
    new = Survey.objects.get(version=2)
    assert response["Location"] == _u("survey_detail", new)


def test_settings_change_dates_and_refuse_a_close_before_the_open(client_for, coordinator, process):
    survey, q = make_survey(process)
    client = client_for(coordinator)
    data = {
        "title": "Nový název",
        "audience": "public",
        "opens_at": "2026-05-01T08:00",
        "closes_at": "2026-04-01T08:00",
        "is_collecting": "on",
    }
    response = client.post(_u("survey_edit", survey), data)
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.title == "Průzkum potřeb"
    data["closes_at"] = "2026-06-01T08:00"
    assert client.post(_u("survey_edit", survey), data).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Nový název" and survey.closes_at.month == 6


def test_the_qr_code_is_an_svg_of_the_public_link(client_for, coordinator, process):
    survey, q = make_survey(process)
    response = client_for(coordinator).get(_u("survey_qr", survey))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
