"""Opinions on need for the region's network: the workflow (draft, send, new version,
withdraw), validation, who sees what, the form's suggestions and a stale form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan import testing
from socplan.core.models import AuditEvent
from socplan.organisation.models import ProcessRole
from socplan.planning import services_opinions as services
from socplan.planning.models import NeedOpinion
from socplan.planning.selectors_opinions import opinions_for_region

from .builders_opinions import make_evidence, make_opinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(process, coordinator):
    return make_evidence(process, actor=coordinator)


def url(name, opinion=None, process=None, **kwargs):
    process = process or opinion.process
    if opinion is not None:
        kwargs["pk"] = opinion.pk
    return reverse(f"planning:{name}", kwargs={"slug": process.slug, **kwargs})


def form_data(response) -> dict:
    """What the browser posts back for the form on the page, unchanged."""
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        else:
            data[field.html_name] = str(value)
    return data


def region_of(process):
    return process.planning_area.municipalities.first().district.region


# --- the workflow ----------------------------------------------------------------------------


def test_it_records_a_draft_and_sends_it_to_the_region(process, coordinator, evidence):
    opinion = make_opinion(process, evidence, actor=coordinator)

    assert opinion.state == NeedOpinion.State.DRAFT
    assert opinion.code == "V01"
    # the subject as the catalogue had it: name, kind, provider and IČO
    assert opinion.service_name == "Pečovatelská služba Humpolec"
    assert opinion.kind == evidence["catalogue"].items["care_kind"]
    assert (opinion.provider_name, opinion.provider_ico) == ("Zeta, o. p. s.", "00248266")
    assert not opinions_for_region(region=region_of(process)).exists()

    sent = services.need_opinion_submit(actor=coordinator, opinion=opinion)

    assert sent.state == NeedOpinion.State.SUBMITTED
    assert sent.submitted_by == coordinator and sent.submitted_at is not None
    assert list(opinions_for_region(region=region_of(process))) == [sent]
    actions = list(
        AuditEvent.objects.filter(object_type="planning.needopinion", object_id=str(opinion.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["need_opinion.created", "need_opinion.submitted"]


def test_the_staff_of_the_region_get_an_email_when_an_opinion_is_sent(
    process, coordinator, evidence, region_staff, other_region_staff, settings
):
    from socplan.testing.mail import sent_mail

    settings.SITE_URL = "https://kpss.example.cz"
    opinion = make_opinion(process, evidence, actor=coordinator)
    assert sent_mail() == []  # a draft tells nobody
    services.need_opinion_submit(actor=coordinator, opinion=opinion)
    [message] = sent_mail()
    assert message.to == [region_staff.email]  # not the staff of another region
    assert message.subject.startswith("Opinion on need V01: Pečovatelská služba Humpolec")
    region = region_of(process)
    assert region.name in message.body and opinion.get_verdict_display() in message.body
    assert f"https://kpss.example.cz/kraje/{region.code}/potrebnost/" in message.body
    # a new version says which one it replaces
    copy = services.need_opinion_revise(actor=coordinator, opinion=opinion)
    services.need_opinion_submit(actor=coordinator, opinion=copy)
    assert "V01/2" in sent_mail()[-1].subject and "V01 " in sent_mail()[-1].body


def test_the_demo_s_opinions_send_no_email(process, coordinator, evidence, region_staff):
    from socplan.testing.mail import sent_mail

    opinion = make_opinion(process, evidence, actor=coordinator)
    NeedOpinion.objects.filter(pk=opinion.pk).update(is_demo=True)
    opinion.refresh_from_db()
    services.need_opinion_submit(actor=coordinator, opinion=opinion)
    assert sent_mail() == []


def test_it_numbers_opinions_within_the_process(process, coordinator, evidence):
    first = make_opinion(process, evidence, actor=coordinator)
    second = make_opinion(process, evidence, actor=coordinator)

    assert (first.number, second.number) == (1, 2)
    assert second.code == "V02"


def test_a_sent_opinion_is_not_edited_but_replaced_by_a_new_version(process, coordinator, evidence):
    opinion = make_opinion(process, evidence, actor=coordinator, send=True)

    with pytest.raises(ValidationError) as refused:
        services.need_opinion_update(actor=coordinator, opinion=opinion, reasons="Jinak.")
    assert refused.value.code == "sent"
    with pytest.raises(ValidationError):
        services.need_opinion_delete(actor=coordinator, opinion=opinion)

    copy = services.need_opinion_revise(actor=coordinator, opinion=opinion)
    assert (copy.number, copy.version, copy.code) == (1, 2, "V01/2")
    assert copy.is_draft and copy.replaces == opinion
    assert list(copy.measures.all()) == [evidence["measures"]["1.1"]]
    assert list(copy.findings.all()) == [evidence["finding"]]
    # asking again gives the draft already started
    assert services.need_opinion_revise(actor=coordinator, opinion=opinion) == copy
    # until the new version is sent, the region counts the old one
    region = region_of(process)
    assert list(opinions_for_region(region=region)) == [opinion]

    services.need_opinion_update(
        actor=coordinator,
        opinion=copy,
        verdict="conditional",
        conditions="Jen pro obce do 500 obyvatel.",
    )
    services.need_opinion_submit(actor=coordinator, opinion=copy)

    opinion.refresh_from_db()
    assert opinion.state == NeedOpinion.State.REPLACED
    assert opinion.reasons == "Plán počítá s rozšířením pečovatelské služby."  # unchanged
    assert list(opinions_for_region(region=region)) == [copy]
    assert set(opinions_for_region(region=region, include_old=True)) == {opinion, copy}


def test_it_withdraws_a_sent_opinion_with_a_reason(process, coordinator, evidence):
    draft = make_opinion(process, evidence, actor=coordinator)
    with pytest.raises(ValidationError):
        services.need_opinion_withdraw(actor=coordinator, opinion=draft, reason="Omyl.")
    sent = services.need_opinion_submit(actor=coordinator, opinion=draft)
    with pytest.raises(ValidationError) as refused:
        services.need_opinion_withdraw(actor=coordinator, opinion=sent, reason="  ")
    assert "reason" in refused.value.error_dict

    withdrawn = services.need_opinion_withdraw(
        actor=coordinator, opinion=sent, reason="Poskytovatel žádost vzal zpět."
    )

    assert withdrawn.state == NeedOpinion.State.WITHDRAWN
    assert withdrawn.withdrawal_reason == "Poskytovatel žádost vzal zpět."
    region = region_of(process)
    assert not opinions_for_region(region=region).exists()
    assert list(opinions_for_region(region=region, include_old=True)) == [withdrawn]
    with pytest.raises(ValidationError):
        services.need_opinion_submit(actor=coordinator, opinion=withdrawn)


def test_it_deletes_a_draft(process, coordinator, evidence):
    opinion = make_opinion(process, evidence, actor=coordinator)

    services.need_opinion_delete(actor=coordinator, opinion=opinion)

    assert not NeedOpinion.objects.exists()


# --- validation ------------------------------------------------------------------------------


def test_a_conditional_opinion_needs_its_conditions(process, coordinator, evidence):
    with pytest.raises(ValidationError) as refused:
        make_opinion(process, evidence, actor=coordinator, verdict="conditional", conditions=" ")
    assert "conditions" in refused.value.error_dict
    assert not NeedOpinion.objects.exists()


def test_an_opinion_needs_reasons_and_a_subject(process, coordinator, evidence):
    with pytest.raises(ValidationError) as refused:
        make_opinion(process, evidence, actor=coordinator, reasons="", service=None)
    assert {"reasons", "service"} <= set(refused.value.error_dict)


def test_it_refuses_a_measure_or_finding_of_another_process(process, coordinator, evidence):
    from socplan.analysis.models import Finding
    from socplan.planning.tests.builders import make_plan

    other = testing.make_process(
        area=testing.make_area(name="Jiné území", slug="jine-uzemi"), slug="jiny-proces"
    )
    foreign_measure = make_plan(other).priorities.first().measures.first()
    foreign_finding = Finding.objects.create(process=other, number=1, statement="Cizí")

    with pytest.raises(ValidationError) as refused:
        make_opinion(process, evidence, actor=coordinator, measures=[foreign_measure])
    assert "measures" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        make_opinion(process, evidence, actor=coordinator, findings=[foreign_finding])
    assert "findings" in refused.value.error_dict
    draft = make_opinion(process, evidence, actor=coordinator)
    with pytest.raises(ValidationError):
        services.need_opinion_update(actor=coordinator, opinion=draft, measures=[foreign_measure])
    assert list(draft.measures.all()) == [evidence["measures"]["1.1"]]
    assert NeedOpinion.objects.count() == 1


# --- the pages -------------------------------------------------------------------------------


def test_the_coordinator_records_and_sends_an_opinion_on_the_pages(
    process, coordinator, evidence, client_for
):
    client = client_for(coordinator)
    page = client.get(url("need_opinion_create", process=process))
    assert page.status_code == 200
    data = {
        **form_data(page),
        "request_kind": "new",
        "kind": str(evidence["catalogue"].items["home_kind"].pk),
        "year": "2021",
        "verdict": "not_needed",
        "reasons": "Kapacita domovů v ORP stačí.",
        "measures": [str(evidence["measures"]["1.2"].pk)],
    }

    response = client.post(url("need_opinion_create", process=process), data)

    opinion = NeedOpinion.objects.get()
    assert response.status_code == 302 and response["Location"] == opinion.get_absolute_url()
    assert opinion.verdict == "not_needed" and opinion.service is None
    assert list(opinion.measures.all()) == [evidence["measures"]["1.2"]]
    detail = client.get(opinion.get_absolute_url())
    assert "Kapacita domovů v ORP stačí." in detail.content.decode()
    sent = client.post(url("need_opinion_action", opinion), {"action": "submit"})
    assert sent.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == NeedOpinion.State.SUBMITTED
    # editing a sent opinion goes back to it with the reason
    edit = client.get(url("need_opinion_edit", opinion), follow=True)
    assert "cannot be changed" in edit.content.decode()
    assert url("need_opinion_withdraw", opinion) in edit.content.decode()


def test_a_refused_form_keeps_what_was_typed(process, coordinator, evidence, client_for):
    client = client_for(coordinator)
    data = {
        "request_kind": "capacity",
        "service": str(evidence["catalogue"].services["care"].pk),
        "year": "2020",
        "verdict": "conditional",
        "conditions": "",
        "reasons": "Důvody, které nesmí zmizet.",
        "request_reference": "KrVy 77/2019",
    }

    response = client.post(url("need_opinion_create", process=process), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Say under which conditions the service is needed." in content
    assert "Důvody, které nesmí zmizet." in content and "KrVy 77/2019" in content
    assert not NeedOpinion.objects.exists()


def test_the_refusal_reads_in_czech(process, coordinator, evidence, client_for, settings):
    settings.LANGUAGE_CODE = "cs"
    response = client_for(coordinator).post(
        url("need_opinion_create", process=process),
        {"request_kind": "new", "year": "2020", "verdict": "conditional", "reasons": "x"},
    )

    content = response.content.decode()
    assert "Uveďte, za jakých podmínek je služba potřebná." in content
    assert "Vyberte službu z katalogu, nebo druh plánované služby." in content


def test_the_form_refuses_a_measure_of_another_process(process, coordinator, evidence, client_for):
    from socplan.planning.tests.builders import make_plan

    other = testing.make_process(
        area=testing.make_area(name="Jiné území", slug="jine-uzemi"), slug="jiny-proces"
    )
    foreign = make_plan(other).priorities.first().measures.first()
    response = client_for(coordinator).post(
        url("need_opinion_create", process=process),
        {
            "request_kind": "include",
            "service": str(evidence["catalogue"].services["care"].pk),
            "year": "2020",
            "verdict": "needed",
            "reasons": "Ano.",
            "measures": [str(foreign.pk)],
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["measures"]
    assert not NeedOpinion.objects.exists()


def test_the_form_starts_from_a_measure_and_suggests_matching_measures(
    process, coordinator, evidence, client_for
):
    client = client_for(coordinator)
    m11 = evidence["measures"]["1.1"]
    measure_page = client.get(
        reverse(
            "planning:measure_detail",
            kwargs={"slug": process.slug, "pk": evidence["plan"].pk, "measure_pk": m11.pk},
        )
    )
    link = url("need_opinion_create", process=process) + f"?opatreni={m11.pk}"
    assert link in measure_page.content.decode()

    page = client.get(link)

    form = page.context["form"]
    assert form["measures"].value() == [m11.pk]
    assert str(form["service"].value()) == str(evidence["catalogue"].services["care"].pk)
    assert form.suggested == {m11.pk}
    assert list(form.fields["measures"].choices)[0][0] == m11.pk  # suggested first
    # "Suggest measures" for a kind typed in: nothing saved, the suggestions shown
    data = {
        **form_data(page),
        "service": "",
        "kind": str(evidence["catalogue"].items["care_kind"].pk),
        "suggest": "1",
    }
    again = client.post(url("need_opinion_create", process=process), data)
    assert again.status_code == 200 and not NeedOpinion.objects.exists()
    assert again.context["form"].suggested == {m11.pk}
    assert "suggested" in again.content.decode()


def test_a_stale_form_shows_both_versions_and_loses_nothing(
    process, coordinator, methodologist, evidence, client_for
):
    ProcessRole.objects.filter(user=methodologist, process=process).update(
        role=ProcessRole.Role.COORDINATOR
    )
    opinion = make_opinion(process, evidence, actor=coordinator)
    first, second = client_for(coordinator), client_for(methodologist)
    address = url("need_opinion_edit", opinion)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))

    saved = first.post(address, {**form_of_first, "reasons": "Důvody první osoby."})
    assert saved.status_code == 302
    stale = second.post(address, {**form_of_second, "reasons": "Důvody druhé osoby."})

    assert stale.status_code == 200
    content = stale.content.decode()
    assert "Somebody else saved this while you were editing it." in content
    assert "Důvody první osoby." in content and "Důvody druhé osoby." in content
    opinion.refresh_from_db()
    assert opinion.reasons == "Důvody první osoby."
    # saving again deliberately keeps the second version
    again = second.post(address, form_data(stale) | {"reasons": "Důvody druhé osoby."})
    assert again.status_code == 302
    opinion.refresh_from_db()
    assert opinion.reasons == "Důvody druhé osoby."


# --- who sees what ---------------------------------------------------------------------------


def test_methodologists_read_and_only_coordinators_write(
    process, coordinator, methodologist, member, evidence, client_for
):
    draft = make_opinion(process, evidence, actor=coordinator)
    reader = client_for(methodologist)

    assert reader.get(url("need_opinion_list", process=process)).status_code == 200
    assert reader.get(draft.get_absolute_url()).status_code == 200
    assert reader.get(url("need_opinion_create", process=process)).status_code == 403
    assert reader.get(url("need_opinion_edit", draft)).status_code == 403
    assert reader.post(url("need_opinion_action", draft), {"action": "submit"}).status_code == 403
    member_client = client_for(member)
    assert member_client.get(url("need_opinion_list", process=process)).status_code == 403
    assert member_client.get(draft.get_absolute_url()).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_region_staff_see_sent_opinions_never_drafts(
    process, coordinator, region_staff, evidence, client_for
):
    draft = make_opinion(process, evidence, actor=coordinator, reasons="Tajný koncept.")
    sent = make_opinion(process, evidence, actor=coordinator, send=True)
    client = client_for(region_staff)

    listing = client.get(url("need_opinion_list", process=process)).content.decode()

    assert sent.code in listing and draft.code not in listing
    assert client.get(sent.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(url("need_opinion_edit", sent)).status_code == 403
    assert client.post(url("need_opinion_action", sent), {"action": "revise"}).status_code == 403
    assert client.get(url("need_opinion_withdraw", sent)).status_code == 403
    assert client.get(url("need_opinion_create", process=process)).status_code == 403


def test_others_see_nothing(
    process, coordinator, other_region_staff, nobody, evidence, client_for, django_user_model
):
    sent = make_opinion(process, evidence, actor=coordinator, send=True)
    other = testing.make_process(
        area=testing.make_area(name="Jiné území", slug="jine-uzemi"), slug="jiny-proces"
    )
    stranger = django_user_model.objects.create_user(
        email="jiny.koordinator@example.org", password="x", full_name="Jiný Koordinátor"
    )
    testing.grant_role(user=stranger, process=other, role=ProcessRole.Role.COORDINATOR)
    pages = [
        url("need_opinion_list", process=process),
        sent.get_absolute_url(),
        url("need_opinion_create", process=process),
        url("need_opinion_edit", sent),
        url("need_opinion_withdraw", sent),
    ]
    for user in (other_region_staff, nobody, stranger):
        client = client_for(user)
        for page in pages:
            assert client.get(page).status_code in (403, 404), (user, page)
    anonymous = client_for(None).get(sent.get_absolute_url())
    assert anonymous.status_code == 302 and "/ucet/prihlaseni/" in anonymous["Location"]
    # the opinion of a process does not exist at the address of another process
    wrong = reverse("planning:need_opinion_detail", kwargs={"slug": other.slug, "pk": sent.pk})
    assert client_for(stranger).get(wrong).status_code == 404


def test_an_unpublished_process_does_not_exist_for_outsiders(
    unpublished_process, client_for, nobody, staff
):
    address = url("need_opinion_list", process=unpublished_process)

    assert client_for(nobody).get(address).status_code == 404
    assert client_for(staff).get(address).status_code == 200
