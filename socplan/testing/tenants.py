"""A second tenant for the tests of isolation between processes: its own area in another
region (Jihočeský kraj, whose staff is the ``other_region_staff`` persona), its own
coordinator, an UNPUBLISHED process with people, an internal group, a held meeting with
minutes, a task, a DRAFT medium-term plan with an action plan, library documents, news and
events, a catalogue of its own (life situation, local service) and the plan document made
as a background job. Everything a URL of a process can point at exists in it.

Built with the apps' services where they are quick, with the ORM otherwise.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from socplan.territory.models import District, Municipality, Orp, PlanningArea, SubArea

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Tenant:
    coordinator: object
    area: PlanningArea
    sub_area: SubArea
    process: object
    group: object
    person: object
    coordinator_person: object
    membership: object
    role: object
    meeting: object
    task: object
    plan: object
    priority: object
    measure: object
    activity: object
    action_plan: object
    action_item: object
    document: object
    article: object
    event: object
    life_situation: object
    local_service: object
    invitation: object
    job: object = None
    extra: dict = field(default_factory=dict)


def make_other_territory():
    """Tábor in Jihočeský kraj: a region, district, ORP and two municipalities."""
    from socplan import testing

    region = testing.make_other_region()
    district, _ = District.objects.get_or_create(
        code="40789",
        defaults={"name": "Tábor", "lau_code": "CZ0317", "ruian_code": "3308", "region": region},
    )
    orp, _ = Orp.objects.get_or_create(code="3120", defaults={"name": "Tábor", "region": region})
    municipalities = []
    for code, name in (("552046", "Tábor"), ("552356", "Chýnov")):
        municipality, _ = Municipality.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "district": district,
                "orp": orp,
                "latitude": Decimal("49.414"),
                "longitude": Decimal("14.658"),
            },
        )
        municipalities.append(municipality)
    return region, district, orp, municipalities


def make_second_tenant(*, with_job: bool = False) -> Tenant:
    """The second tenant (see the module's text). ``with_job`` also makes the plan document
    (DOCX) as a background job started by its coordinator, with its result file."""
    from django.contrib.auth import get_user_model

    from socplan.accounts.services import invitation_send
    from socplan.catalogue import services as catalogue_services
    from socplan.catalogue.models import Codelist, CodelistItem
    from socplan.catalogue.services_public import life_situation_create
    from socplan.library import services as library_services
    from socplan.organisation import services_minutes
    from socplan.organisation.models import (
        AgendaItem,
        Group,
        Meeting,
        Membership,
        Person,
        PlanningProcess,
        ProcessRole,
    )
    from socplan.planning import services as planning_services

    user_model = get_user_model()
    coordinator = user_model.objects.create_user(
        email="tajna.koordinatorka@example.org",
        password=PASSWORD,
        full_name="Tajná Koordinátorka",
        can_start_processes=True,
    )
    helper = user_model.objects.create_user(
        email="tajny.metodik@example.org", password=PASSWORD, full_name="Tajný Metodik"
    )
    _, _, orp, municipalities = make_other_territory()
    area = PlanningArea.objects.create(
        name="Tajné území Táborska",
        slug="tajne-uzemi-taborska",
        kind=PlanningArea.Kind.CUSTOM,
        created_by=coordinator,
    )
    area.municipalities.set(municipalities)
    sub_area = SubArea.objects.create(area=area, name="Chýnovsko")
    process = PlanningProcess.objects.create(
        name="Tajný komunitní plán Táborska",
        slug="tajny-plan-taborska",
        planning_area=area,
        period_start=2024,
        period_end=2026,
        realizer="Město Tábor",
        is_published=False,
        created_by=coordinator,
    )
    ProcessRole.objects.create(user=coordinator, process=process, role=ProcessRole.Role.COORDINATOR)
    role = ProcessRole.objects.create(
        user=helper, process=process, role=ProcessRole.Role.METHODOLOGIST
    )
    group = Group.objects.create(
        process=process,
        kind=Group.Kind.TARGET_GROUP,
        name="Tajná skupina",
        slug="tajna-skupina",
        is_public=False,
    )
    coordinator_person = Person.objects.create(
        process=process, name="Tajná Koordinátorka", user=coordinator, consent_publish=True
    )
    person = Person.objects.create(
        process=process,
        name="Tajná Uživatelka",
        organisation_name="Domácnost",
        email="tajna.uzivatelka@example.org",
        consent_publish=False,
    )
    membership = Membership.objects.create(
        group=group,
        person=person,
        side=Membership.Side.USER,
        role=Membership.Role.MEMBER,
        start=datetime.date(2024, 1, 1),
    )
    meeting = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title="Tajné jednání",
        starts_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 14, 0)),
        place="Tábor",
        status=Meeting.Status.HELD,
    )
    meeting.groups.set([group])
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Tajný bod")
    services_minutes.minutes_save(
        meeting=meeting, actor=coordinator, summary="Tajný zápis", item_texts={item.pk: "Text"}
    )
    task = services_minutes.task_create(
        process=process, actor=coordinator, title="Tajný úkol", owner=person, group=group
    )
    plan = planning_services.plan_create(
        actor=coordinator,
        process=process,
        title="Tajný střednědobý plán",
        year_start=2024,
        year_end=2026,
    )
    priority = planning_services.priority_create(
        actor=coordinator, plan=plan, title="Tajná priorita"
    )
    measure = planning_services.measure_create(
        actor=coordinator, priority=priority, title="Tajné opatření"
    )
    activity = planning_services.activity_create(
        actor=coordinator,
        measure=measure,
        title="Tajná aktivita",
        start_year=2024,
        end_year=2026,
    )
    action_plan = planning_services.action_plan_create(
        actor=coordinator, medium_term_plan=plan, year=2025
    )
    document = library_services.document_create(
        process=process,
        actor=coordinator,
        title="Tajný dokument",
        file=_pdf_upload(),
    )
    article = library_services.news_create(
        process=process, actor=coordinator, title="Tajná aktualita", perex="Tajné."
    )
    event = library_services.event_create(
        process=process,
        actor=coordinator,
        title="Tajná akce",
        starts_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 10, 0)),
    )
    life_situation = life_situation_create(
        area=area, title="Tajná životní situace", actor=coordinator
    )
    category, _ = CodelistItem.objects.get_or_create(
        codelist=Codelist.LOCAL_CATEGORY,
        register_id="socplan.LocalCategory/tajna",
        defaults={"code": "tajna", "name": "Tajná kategorie"},
    )
    local_service = catalogue_services.local_service_create(
        area=area,
        actor=coordinator,
        data={
            "provider_name": "Tajný spolek",
            "name": "Tajná místní služba",
            "local_category": category,
            "municipality": municipalities[0],
        },
    )
    invitation = invitation_send(
        email="tajny.host@example.org",
        role=ProcessRole.Role.MEMBER,
        target=process,
        invited_by=coordinator,
    )
    tenant = Tenant(
        coordinator=coordinator,
        area=area,
        sub_area=sub_area,
        process=process,
        group=group,
        person=person,
        coordinator_person=coordinator_person,
        membership=membership,
        role=role,
        meeting=meeting,
        task=task,
        plan=plan,
        priority=priority,
        measure=measure,
        activity=activity,
        action_plan=action_plan,
        action_item=action_plan.items.order_by("pk").first(),
        document=document,
        article=article,
        event=event,
        life_situation=life_situation,
        local_service=local_service,
        invitation=invitation,
    )
    if with_job:
        tenant.job = make_plan_document_job(tenant)
    return tenant


def make_plan_document_job(tenant: Tenant):
    """The plan document of the tenant's draft plan, made as a job by its coordinator (the
    job runs at once with the tests' immediate backend)."""
    from django.test import Client
    from django.urls import reverse

    from socplan.core.models import Job

    client = Client()
    client.force_login(tenant.coordinator)
    url = reverse(
        "documents:plan_document", kwargs={"slug": tenant.process.slug, "pk": tenant.plan.pk}
    )
    response = client.post(url, {"format": "docx"})
    assert response.status_code == 302, response.status_code
    job = Job.objects.filter(created_by=tenant.coordinator).latest("pk")
    assert job.status == Job.Status.SUCCEEDED and job.result_file, job.message
    return job


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    return SimpleUploadedFile("tajny.pdf", content, content_type="application/pdf")


def add_later_objects(tenant: Tenant) -> None:
    """Objects of the later apps (analysis, consultation, monitoring) in the second tenant,
    made with the ORM (their pages only need them to exist): ``tenant.extra[kind]``."""
    from socplan.analysis.models import Finding, Quadrant, Swot, SwotItem
    from socplan.analysis.models_surveys import Survey, SurveyQuestion
    from socplan.consultation.models import AnswerTemplate, Comment, CouncilDecision, Round
    from socplan.monitoring.models import MonitoringPeriod

    today = timezone.localdate()
    plan = tenant.plan
    round_ = Round.objects.create(
        plan=plan,
        plan_version=plan.version,
        title="Tajné připomínkování",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )
    tenant.extra["round"] = round_
    tenant.extra["comment"] = Comment.objects.create(
        round=round_,
        part=Comment._meta.get_field("part").choices[0][0],
        text="Tajná připomínka",
        author_name="Tajný Občan",
        email="tajny.obcan@example.org",
        received_on=today,
        confirmed_at=timezone.now(),
    )
    tenant.extra["decision"] = CouncilDecision.objects.create(
        plan=plan,
        version=plan.version,
        body=CouncilDecision.Body.choices[0][0],
        body_name="Zastupitelstvo města Tábor",
    )
    tenant.extra["answer_template"] = AnswerTemplate.objects.create(
        process=tenant.process,
        title="Tajná odpověď",
        outcome=AnswerTemplate._meta.get_field("outcome").choices[0][0],
        text="Děkujeme.",
    )
    swot = Swot.objects.create(process=tenant.process, group=None)
    tenant.extra["swot"] = swot
    tenant.extra["swot_item"] = SwotItem.objects.create(
        swot=swot, quadrant=Quadrant.choices[0][0], text="Tajná silná stránka"
    )
    tenant.extra["finding"] = Finding.objects.create(
        process=tenant.process, number=1, statement="Tajné zjištění"
    )
    tenant.extra["opinion"] = _sent_opinion(tenant)
    survey = Survey.objects.create(process=tenant.process, title="Tajný průzkum")
    tenant.extra["survey"] = survey
    tenant.extra["question"] = SurveyQuestion.objects.create(
        survey=survey,
        code="Q1",
        text="Tajná otázka?",
        kind=SurveyQuestion._meta.get_field("kind").choices[0][0],
    )
    tenant.extra["period"] = MonitoringPeriod.objects.create(action_plan=tenant.action_plan)


def _sent_opinion(tenant: Tenant):
    """An opinion on need of the tenant's process, sent to its region (issue 17)."""
    from socplan.catalogue.models import Codelist, CodelistItem
    from socplan.planning.services_opinions import need_opinion_create, need_opinion_submit

    kind, _ = CodelistItem.objects.get_or_create(
        codelist=Codelist.KIND,
        register_id="DruhSocialniSluzby/8",
        defaults={"code": "8", "name": "odlehčovací služby", "paragraph": "§ 44"},
    )
    opinion = need_opinion_create(
        actor=tenant.coordinator,
        process=tenant.process,
        request_kind="new",
        kind=kind,
        year=2025,
        verdict="needed",
        reasons="Tajné odůvodnění.",
        measures=[tenant.measure],
        findings=[tenant.extra["finding"]],
    )
    return need_opinion_submit(actor=tenant.coordinator, opinion=opinion)
