"""Needs surveys in the browser: the public answers a questionnaire with the keyboard alone
(the show-if condition works with the script, errors are announced), staff type in a paper
questionnaire with the keyboard, and the pages pass axe (WCAG 2.1 A + AA)."""

import pytest

from socplan import testing
from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import SurveyResponse
from socplan.analysis.tests.surveys_builders import make_target_groups


@pytest.fixture
def survey(process):
    make_target_groups()
    survey = services.survey_create(
        actor=None, process=process, title="Průzkum potřeb", is_collecting=True
    )
    yes_no = services.numbered(["ano", "ne"])
    uses = services.question_create(
        actor=None,
        survey=survey,
        kind="single",
        text="Využíváte službu?",
        options=yes_no,
        required=True,
    )
    services.question_create(
        actor=None,
        survey=survey,
        kind="multiple",
        text="Které služby?",
        options=services.numbered(["pečovatelská", "odlehčovací"]),
        allow_other=True,
        condition_question=uses,
        condition_values=["1"],
    )
    services.question_create(
        actor=None,
        survey=survey,
        kind="scale",
        text="Spokojenost",
        options=services.numbered(["velmi", "spíše", "málo"]),
    )
    services.question_create(actor=None, survey=survey, kind="long_text", text="Co chybí?")
    services.question_create(
        actor=None, survey=survey, kind="municipality", text="Obec", attribute="municipality"
    )
    return survey


def _tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_the_public_answers_with_the_keyboard_alone(page, live_server, survey, assert_accessible):
    page.goto(live_server.url + survey.get_public_url())
    assert page.locator("h1").inner_text().strip() == "Průzkum potřeb"
    assert page.locator("#otazka-Q2").is_hidden()  # shown only after "ano"
    assert_accessible(page)

    # sent empty: the required question is announced, nothing saved
    _tab_to(page, "form[data-survey] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".form-errors").is_visible()
    assert_accessible(page)
    assert not SurveyResponse.objects.exists()

    _tab_to(page, "input[name=q_Q1]")
    page.keyboard.press("Space")  # the first radio button: "ano"
    assert page.locator("#otazka-Q2").is_visible()
    _tab_to(page, "input[name=q_Q2][value='2']")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=q_Q3]")
    page.keyboard.press("ArrowDown")  # radio group: moves to and checks "spíše"
    _tab_to(page, "textarea[name=q_Q4]")
    page.keyboard.type("Odlehčovací služba o víkendu.")
    _tab_to(page, "select[name=q_Q5]") if page.locator("select[name=q_Q5]").count() else _tab_to(
        page, "input[name=q_Q5]"
    )
    page.keyboard.press("ArrowDown")
    _tab_to(page, "form[data-survey] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dekujeme/")
    assert_accessible(page)

    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.answers["Q1"] == "1"
    assert saved.answers["Q2"] == ["2"]
    assert saved.answers["Q3"] == "2"
    assert saved.answers["Q4"] == "Odlehčovací služba o víkendu."
    assert saved.municipality


def test_the_questionnaire_works_without_javascript_on_a_phone(new_context, live_server, survey):
    context = new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + survey.get_public_url())
    assert page.locator("#otazka-Q2").is_visible()  # no script: shown with its condition
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    page.locator("input[name=q_Q1][value='2']").check()
    page.locator("input[name=q_Q2][value='1']").check()  # not asked when "ne": ignored
    page.locator("form[data-survey] button[type=submit]").click()
    page.wait_for_url("**/dekujeme/")
    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.answers == {"Q1": "2"}


def test_staff_type_in_a_paper_questionnaire_with_the_keyboard(
    page, url, survey, user, sign_in, assert_accessible
):
    testing.grant_role(user=user, process=survey.process, role="methodologist")
    sign_in(page, user)
    page.goto(url("analysis:paper_entry", slug=survey.process.slug, pk=survey.pk))
    assert_accessible(page)
    _tab_to(page, "input[name='entry-sheet_number']")
    page.keyboard.type("12")
    _tab_to(page, "input[name=q_Q1]")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("1 0")
    page.keyboard.press("Tab")
    page.keyboard.type("jídlo")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # saves, an empty form for the next questionnaire
    assert page.locator(".message--success").is_visible(), page.locator("main").inner_text()
    assert_accessible(page)
    saved = SurveyResponse.objects.get(survey=survey)
    assert saved.channel == "paper" and saved.entered_by == user and saved.sheet_number == "12"
    assert saved.answers["Q2"] == ["1", "other"] and saved.answers["Q2.other"] == "jídlo"
    assert saved.answers["Q3"] == "3"

    page.goto(
        url("analysis:survey_results", slug=survey.process.slug, pk=survey.pk)
        + "?row=Q1&by=attr:channel"
    )
    assert page.locator("#krizova-tabulka").is_visible()
    assert_accessible(page)


def test_staff_confirm_a_paper_sheet_number_typed_in_twice_with_the_keyboard(
    page, url, survey, user, sign_in, assert_accessible
):
    testing.grant_role(user=user, process=survey.process, role="methodologist")
    services.response_submit(
        survey=survey, answers={"Q1": "2"}, channel="paper", sheet_number="12", entered_by=user
    )
    sign_in(page, user)
    page.goto(url("analysis:paper_entry", slug=survey.process.slug, pk=survey.pk))
    _tab_to(page, "input[name='entry-sheet_number']")
    page.keyboard.type("12")
    _tab_to(page, "input[name=q_Q1]")
    page.keyboard.type("2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("input[name='entry-confirm_duplicate']").is_visible()
    assert "12" in page.locator(".form-errors").first.inner_text()
    assert_accessible(page)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1  # not saved yet
    _tab_to(page, "input[name='entry-confirm_duplicate']")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".message--success").is_visible(), page.locator("main").inner_text()
    assert SurveyResponse.objects.filter(survey=survey, sheet_number="12").count() == 2


def test_the_builder_moves_a_question_with_the_keyboard(
    page, url, survey, user, sign_in, assert_accessible
):
    testing.grant_role(user=user, process=survey.process, role="coordinator")
    sign_in(page, user)
    page.goto(url("analysis:survey_detail", slug=survey.process.slug, pk=survey.pk))
    assert_accessible(page)
    spokojenost = survey.questions.get(text="Spokojenost")
    _tab_to(page, f"#question-{spokojenost.pk} button[value=move_down]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    texts = list(survey.questions.order_by("order").values_list("text", flat=True))
    assert texts[2:4] == ["Co chybí?", "Spokojenost"]
    assert_accessible(page)


def test_the_process_page_leads_to_the_open_survey(page, url, survey, assert_accessible):
    page.goto(url("organisation:process_detail", survey.process.slug))
    assert_accessible(page)
    page.get_by_role("link", name="Průzkum potřeb").click()
    page.wait_for_url("**" + survey.get_public_url())
    assert page.locator("form[data-survey]").is_visible()
