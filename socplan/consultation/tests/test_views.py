"""The pages: the public round, commenting, confirming, the resolution table, the public
plan page with its approvals; and the coordinator's pages."""

import pytest
from django.core import mail
from django.urls import reverse

from socplan.consultation import services
from socplan.consultation.models import Comment, CouncilDecision, Resolution
from socplan.planning.models import Plan

from .builders import enter, make_round, part_value

pytestmark = pytest.mark.django_db


def _url(name, round_, **extra):
    return reverse(
        f"consultation:{name}", kwargs={"slug": round_.plan.process.slug, "pk": round_.pk, **extra}
    )


def test_the_process_page_announces_the_round_and_the_draft_reads_by_part(process, client):
    round_ = make_round(process, open_today=True)
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Připomínkování návrhu plánu" in page and round_.get_absolute_url() in page
    assert "Comment on the draft plan" in page
    detail = client.get(round_.get_absolute_url())
    text = detail.content.decode()
    assert detail.status_code == 200
    for label in (
        "Priority 1 Senioři a OZP",
        "Measure 1.2 Odlehčovací služba",
        "Activity 2.1.1 Job klub",
    ):
        assert label in text
    assert "?part=measure%3A" in text  # a comment link on every part


def test_the_process_page_does_not_ask_to_comment_when_the_round_is_over(process, client):
    make_round(process)  # October 2018: long closed
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Public consultation of the plan" in page
    assert "Comment on the draft plan" not in page


def test_the_public_comments_a_measure_and_confirms_it(
    process, client, django_capture_on_commit_callbacks
):
    round_ = make_round(process, open_today=True)
    part = part_value(round_, "measure", "1.2")
    form = client.get(_url("comment_form", round_) + f"?part={part}")
    assert f'value="{part}" selected' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            _url("comment_form", round_),
            {
                "part": part,
                "text": "Odlehčovací služba je potřeba hned.",
                "kind": "essential",
                "author_name": "Jan Novák",
                "email": "jan@example.org",
                "publish_name": "on",
            },
        )
    assert sent.status_code == 200 and "jan@example.org" in sent.content.decode()
    token = mail.outbox[0].body.split("/potvrdit/")[1].split("/")[0]
    confirm_url = _url("comment_confirm", round_, token=token)
    assert client.get(confirm_url).status_code == 200
    assert not Comment.objects.get().counts  # opening the link does not confirm
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 200 and "no. 1" in confirmed.content.decode()
    table = client.get(_url("resolution_table", round_)).content.decode()
    assert "Odlehčovací služba je potřeba hned." in table and "Jan Novák" in table
    assert "jan@example.org" not in table


def test_a_bad_comment_keeps_what_was_typed(process, client):
    round_ = make_round(process, open_today=True)
    response = client.post(
        _url("comment_form", round_),
        {"part": "plan", "text": "Můj dlouhý text", "kind": "essential", "email": "neplatny"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Můj dlouhý text" in text and 'aria-invalid="true"' in text
    assert not Comment.objects.exists()


def test_a_closed_round_takes_no_comment(process, client):
    round_ = make_round(process)
    response = client.post(
        _url("comment_form", round_), {"part": "plan", "text": "x", "email": "a@b.cz"}
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_hidden_comments_stay_hidden_on_every_public_page(
    process, coordinator, client, client_for, settings, tmp_path
):
    settings.DATA_DIR = tmp_path  # the PDF's cache
    round_ = make_round(process)
    visible = enter(round_, text="Viditelná připomínka")
    hidden = enter(round_, text="Skrytý urážlivý text")
    services.comment_hide(actor=coordinator, comment=hidden, reason="Urážky")
    for c in (visible, hidden):
        services.comment_resolve(
            actor=coordinator, comment=c, outcome="explained", reasoning="Vysvětleno"
        )
    public = client.get(_url("resolution_table", round_)).content.decode()
    assert "Viditelná připomínka" in public and "Skrytý urážlivý text" not in public
    for fmt in ("pdf", "docx", "xlsx"):
        download = client.get(
            reverse(
                "documents:resolution_table_download",
                kwargs={"slug": process.slug, "pk": round_.pk, "format": fmt},
            )
        )
        assert download.status_code == 200
        text = _document_text(fmt, download.content)
        assert "Viditelná připomínka" in text and "Skrytý urážlivý text" not in text
    assert "Skrytý urážlivý text" not in client.get(round_.get_absolute_url()).content.decode()
    staff = client_for(coordinator).get(_url("resolution_table", round_)).content.decode()
    assert "Skrytý urážlivý text" in staff and "Hidden from the public" in staff
    # the reason of the moderation is for the staff only
    listing = client_for(coordinator).get(_url("round_comments", round_)).content.decode()
    assert "Urážky" in listing
    assert "Urážky" not in public


def _document_text(fmt: str, content: bytes) -> str:
    """The text of a downloaded table (the files are compressed: read them, not the bytes)."""
    import io
    import zipfile

    if fmt == "pdf":
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(content)).pages
        return " ".join(" ".join(page.extract_text() or "" for page in pages).split())
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_the_coordinator_opens_a_round_enters_and_resolves_comments(
    process, coordinator, client_for
):
    from socplan.planning.tests.builders import make_plan

    plan = make_plan(process)
    client = client_for(coordinator)
    base = {"slug": process.slug, "plan_pk": plan.pk}
    bad = client.post(
        reverse("consultation:round_create", kwargs=base),
        {"title": "Kolo", "opens_on": "2018-10-31", "closes_on": "2018-10-01"},
    )
    assert bad.status_code == 400 and "Kolo" in bad.content.decode()
    response = client.post(
        reverse("consultation:round_create", kwargs=base),
        {
            "title": "Kolo",
            "opens_on": "2018-10-01",
            "closes_on": "2018-10-31",
            "hearing_on": "2018-10-05",
        },
    )
    round_ = plan.consultation_rounds.get()
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CONSULTATION
    entered = client.post(
        _url("comment_enter", round_),
        {
            "part": part_value(round_, "activity", "1.1.1"),
            "channel": "post",
            "received_on": "2018-10-30",
            "text": "Poštou",
            "kind": "recommendation",
        },
    )
    assert entered.status_code == 302
    comment = Comment.objects.get()
    assert comment.channel == "post" and comment.counts
    listing = client.get(_url("round_comments", round_) + "?state=unresolved")
    assert "Poštou" in listing.content.decode()
    resolved = client.post(
        _url("comment_resolve", round_, comment_pk=comment.pk),
        {"outcome": "not_accepted", "reasoning": "Nelze"},
    )
    assert resolved.status_code == 302
    assert Resolution.objects.get().outcome == "not_accepted"
    moderated = client.post(
        _url("comment_moderate", round_, comment_pk=comment.pk),
        {"action": "hide", "reason": "Osobní údaje"},
    )
    assert moderated.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden


def test_bulk_resolution_and_answer_templates_on_the_pages(process, coordinator, client_for):
    round_ = make_round(process)
    comments = [enter(round_, text=f"P{i}") for i in range(3)]
    client = client_for(coordinator)
    templates_url = reverse("consultation:answer_templates", kwargs={"slug": process.slug})
    client.post(
        templates_url, {"title": "Díky", "outcome": "explained", "text": "Děkujeme za námět."}
    )
    template = process.answer_templates.get()
    page = client.get(
        _url("comment_resolve", round_, comment_pk=comments[0].pk) + f"?template={template.pk}"
    )
    assert "Děkujeme za námět." in page.content.decode()
    response = client.post(
        _url("round_comments", round_),
        {
            "comments": [comments[0].pk, comments[1].pk],
            "action": "resolve",
            "outcome": "explained",
            "reasoning": "Děkujeme za námět.",
        },
    )
    assert response.status_code == 302
    assert Resolution.objects.count() == 2
    incomplete = client.post(
        _url("round_comments", round_), {"comments": [comments[2].pk], "action": "resolve"}
    )
    assert incomplete.status_code == 400
    assert Resolution.objects.count() == 2


def test_the_approval_page_gates_records_and_the_public_plan_page_shows_it(
    process, coordinator, client_for, client, settings, tmp_path
):
    settings.PRIVATE_ROOT = tmp_path  # the resolution's file
    round_ = make_round(process)
    comment = enter(round_)
    plan = round_.plan
    manage = client_for(coordinator)
    url = reverse("consultation:approval", kwargs={"slug": process.slug, "plan_pk": plan.pk})
    manage.post(url, {"action": "prepare"})
    assert (
        CouncilDecision.objects.filter(plan=plan).count()
        == process.planning_area.municipalities.count()
    )
    refused = manage.post(
        url, {"action": "approve", "approved_on": "2018-12-10", "resolution": "ZM 12/2018"}
    )
    assert refused.status_code == 400 and "have no resolution yet" in refused.content.decode()
    services.comment_resolve(
        actor=coordinator, comment=comment, outcome="accepted", reasoning="Ano"
    )
    decision = CouncilDecision.objects.filter(plan=plan).first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    edit = reverse(
        "consultation:decision_edit",
        kwargs={"slug": process.slug, "plan_pk": plan.pk, "decision_pk": decision.pk},
    )
    saved = manage.post(
        edit,
        {
            "decision": "approved",
            "resolution_number": "ZM 12/2018/7",
            "decided_on": "2018-12-10",
            "is_lead": "on",
            "file": SimpleUploadedFile(
                "usneseni.pdf", b"%PDF-1.4 usneseni", content_type="application/pdf"
            ),
        },
    )
    assert saved.status_code == 302
    approved = manage.post(
        url, {"action": "approve", "approved_on": "2018-12-10", "resolution": "ZM 12/2018/7"}
    )
    assert approved.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    manage.post(url, {"action": "in_force", "in_force_from": "2019-01-01"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_FORCE
    page = client.get(plan.get_absolute_url()).content.decode()
    total = process.planning_area.municipalities.count()
    assert f"1 of {total} approved or took note" in page
    assert "ZM 12/2018/7" in page
    file_url = reverse(
        "consultation:decision_file",
        kwargs={"slug": process.slug, "plan_pk": plan.pk, "decision_pk": decision.pk},
    )
    download = client.get(file_url)
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 usneseni"
    )
    assert list(tmp_path.rglob("usneseni.pdf"))
