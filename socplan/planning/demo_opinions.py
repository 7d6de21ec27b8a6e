"""Demo opinions on need (written by the project, made up, labelled demo): ORP Humpolec
answers Kraj Vysočina on four providers' requests, three sent and one still a draft, each
resting on the measures of the demo plan. Idempotent: nothing is made when the process
already has demo opinions."""

import datetime

from django.utils import timezone

from socplan.catalogue.demo import demo_ico
from socplan.catalogue.models import CodelistItem, Service
from socplan.organisation.models import PlanningProcess

from . import services_opinions as services
from .demo import PROCESS_SLUG
from .models import Measure
from .models_opinions import NeedOpinion

# request kind, service name or None, kind code, form code, target group code, provider,
# IČO, year, requested, recommended, unit code, verdict, conditions, reasons, measure
# titles, reference, request date, send
OPINIONS = [
    (
        "new",
        None,
        "8",
        "ter",
        "24",
        "Oblastní charita Humpolec (demo)",
        "",
        2020,
        15,
        15,
        "klient",
        "needed",
        "",
        "Pečující rodiny v malých obcích nemají terénní odlehčovací službu; v regionu je jen "
        "pobytová. Průzkum potřeb ukázal zájem rodin a plán služeb počítá se vznikem terénní "
        "odlehčovací služby v roce 2020 (opatření 1.2). Jde o demonstrační data.",
        ["Odlehčovací služba pro pečující rodiny"],
        "KrVy 1234/2019 (demo)",
        datetime.date(2019, 9, 2),
        True,
    ),
    (
        "capacity",
        "Domov se zvláštním režimem Na Kopci (demo)",
        "",
        "pob",
        "24",
        "",
        "",
        2020,
        20,
        10,
        "luzka",
        "conditional",
        "Rozšíření o 10 lůžek (ne 20), a to jen pro lidi s demencí z ORP Humpolec; "
        "poskytovatel doloží personální zajištění.",
        "Počet lidí nad 80 let do roku 2021 vzroste a kapacita domova se zvláštním režimem je "
        "pod průměrem kraje; plán počítá s rozšířením kapacity (opatření 1.4), ne však o "
        "celých 20 lůžek. Jde o demonstrační data.",
        ["Rozšíření kapacity domova se zvláštním režimem"],
        "KrVy 1301/2019 (demo)",
        datetime.date(2019, 9, 16),
        True,
    ),
    (
        "new",
        None,
        "20",
        "pob",
        "",
        "Azylové bydlení Vysočina, z. s. (demo)",
        demo_ico(90),
        2021,
        12,
        None,
        "luzka",
        "not_needed",
        "",
        "Na Humpolecku působí azylový dům pro matky s dětmi, jehož kapacita v posledních "
        "třech letech stačila; plán nové azylové zařízení nepředpokládá a pomoc lidem "
        "v krizi řeší opatřením Krizová pomoc a azylové bydlení. Jde o demonstrační data.",
        ["Krizová pomoc a azylové bydlení"],
        "KrVy 1410/2019 (demo)",
        datetime.date(2019, 10, 1),
        True,
    ),
    (
        "include",
        "Pečovatelská služba Humpolec (demo)",
        "",
        "ter",
        "24",
        "",
        "",
        2021,
        140,
        140,
        "klient",
        "needed",
        "",
        "Pečovatelská služba města je páteří péče o seniory doma; plán ji zachovává a "
        "rozšiřuje (opatření 1.1). Koncept, ještě neodeslaný. Jde o demonstrační data.",
        ["Zachování a rozšíření pečovatelské služby"],
        "KrVy 88/2020 (demo)",
        datetime.date(2020, 1, 20),
        False,
    ),
]


def _item(queryset, code):
    return queryset.filter(code=code).first() if code else None


def load(report) -> None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None or NeedOpinion.objects.filter(process=process, is_demo=True).exists():
        return
    measures = Measure.objects.filter(priority__plan__process=process, priority__plan__is_demo=True)
    if not measures.exists():
        return
    items = CodelistItem.objects
    for row in OPINIONS:
        (
            request_kind,
            service_name,
            kind,
            form,
            target_group,
            provider,
            ico,
            year,
            requested,
            recommended,
            unit,
            verdict,
            conditions,
            reasons,
            measure_titles,
            reference,
            request_date,
            send,
        ) = row
        service = Service.objects.filter(name=service_name).first() if service_name else None
        if service_name and service is None:
            continue  # the demo catalogue is not there
        chosen = list(measures.filter(title__in=measure_titles))
        findings = {f.pk: f for m in chosen for f in m.findings.all()}
        opinion = services.need_opinion_create(
            actor=None,
            process=process,
            is_demo=True,
            measures=chosen,
            findings=list(findings.values()),
            request_kind=request_kind,
            service=service,
            kind=_item(items.kinds(), kind),
            form=_item(items.forms(), form),
            target_group=_item(items.target_groups(), target_group),
            provider_name=provider,
            provider_ico=ico,
            year=year,
            requested_capacity=requested,
            recommended_capacity=recommended,
            capacity_unit=_item(items.capacity_types(), unit),
            verdict=verdict,
            conditions=conditions,
            reasons=reasons,
            request_reference=reference,
            request_date=request_date,
        )
        report.add("opinion on need")
        if send:
            services.need_opinion_submit(actor=None, opinion=opinion)
            # the story's date, not the day the demo was loaded: sent three weeks after the
            # request came
            sent = timezone.make_aware(
                datetime.datetime.combine(
                    request_date + datetime.timedelta(days=21), datetime.time(10)
                )
            )
            NeedOpinion.objects.filter(pk=opinion.pk).update(submitted_at=sent)
