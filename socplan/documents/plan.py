"""The plan document: a medium-term plan (or an action plan) as PDF and as editable DOCX.

Both formats are made from one context (:func:`plan_context`): title page with the
process's logo, the EU emblem and the publicity notice of a funded process, who prepared
the plan and who approved it; table of contents, the free-text chapters, the process with
its groups and members (names only with consent), the territory with its population table,
priorities and measures as cards, the financial tables (from
:func:`socplan.planning.selectors.plan_finance`, the same numbers as on the web, each table
whole on one page with its total once), the indicators, charts of the series (costs by year
and source, each indicator's baseline and targets; PDF only), a list of abbreviations and
an annex with the catalogue services of the area. An action plan gets a shorter document:
its activities with their budgets, and the money. The DOCX is set up by :mod:`.word`.

Used by the background job :func:`plan_document_job` (started from the plan's page) and
by ``socplan plan_document PLAN --format pdf|docx --out FILE``.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.catalogue.selectors import services_for_area
from socplan.consultation import selectors as consultation_selectors
from socplan.consultation import services as consultation_services
from socplan.core.collation import czech, czech_sort_key
from socplan.core.jobs import JobFailed, JobResult
from socplan.organisation.models import Group, Membership
from socplan.planning.models import Plan
from socplan.planning.selectors import action_plan_items, plan_finance, plan_tree
from socplan.territory.selectors import area_population_summary, municipalities_with_population

from . import consultation as consultation_documents
from . import plan_print, typeset
from .branding import branding_for, eu_emblem_png
from .charts import chart_png, costs_by_year_chart, indicator_chart
from .pdf import cached_document, content_key, kept_document_path
from .plan_analysis import add_analysis_docx, add_measure_evidence_docx, analysis_context
from .typography import czech_nbsp, format_number
from .word import (
    add_margins,
    add_picture,
    add_table,
    add_toc,
    czech_typography,
    money,
    new_document,
)

FORMATS = ("pdf", "docx")
# The layout of the documents: raised when the code that makes them changes without their
# printed data changing (the DOCX above all), so that the documents kept by
# plan_document_cached are made again; a change of the data or of the Typst template changes
# the document's key anyway.
LAYOUT = 6  # 3: the annex with the resolution of comments; 4: the analytical chapters;
# 5: the white spots by kind and the numbered matrix; 6: the PDF typeset by Typst
JOB_FUNCTION = "socplan.documents.plan.plan_document_job"

ABBREVIATIONS = [
    ("KPSS", "komunitní plánování sociálních služeb"),
    ("ORP", "obec s rozšířenou působností"),
    ("MPSV", "Ministerstvo práce a sociálních věcí"),
    ("OZP", "osoby se zdravotním postižením"),
    ("OSPOD", "orgán sociálně-právní ochrany dětí"),
    ("ŘS", "řídicí skupina"),
    ("PS", "pracovní skupina"),
    ("EU", "Evropská unie"),
]


def _chapters(plan: Plan) -> list[tuple[str, str, str]]:
    """(anchor, title, text) of the free-text chapters that have text."""
    titles = [
        ("introduction", _("Introduction")),
        ("vision", _("Vision")),
        ("legal_basis", _("Legal basis")),
        ("process_description", _("Description of the planning process")),
        ("monitoring", _("Monitoring and evaluation")),
        ("change_procedure", _("How the plan can be changed")),
    ]
    return [(name, title, getattr(plan, name)) for name, title in titles if getattr(plan, name)]


def _groups(process) -> list[dict]:
    """The groups of the process with their current members: names of those who consented
    to publishing, the others only counted."""
    result = []
    groups = Group.objects.filter(process=process).order_by("order", czech("name"))
    for group in groups:
        members = Membership.objects.current().filter(group=group).select_related("person")
        named, unnamed = [], 0
        for membership in members:
            person = membership.person
            if person.consent_publish:
                named.append(
                    {
                        "name": person.name,
                        "organisation": person.organisation_name,
                        "role": membership.get_role_display(),
                        "side": membership.get_side_display(),
                    }
                )
            else:
                unnamed += 1
        named.sort(key=lambda m: czech_sort_key(m["name"]))
        result.append({"group": group, "members": named, "unnamed": unnamed})
    return result


def _colophon(plan: Plan) -> dict:
    """Who prepared the plan (the realizer, with the groups of the process) and who
    approved it (the resolution and its date), for the title page."""
    process = plan.process
    contact = ", ".join(
        part
        for part in (process.contact_name, process.contact_email, process.contact_phone)
        if part
    )
    return {
        "prepared_by": process.realizer,
        "groups": [
            g.name for g in Group.objects.filter(process=process).order_by("order", czech("name"))
        ],
        "contact": contact,
        **_approval(plan),
    }


def _approval(plan: Plan) -> dict:
    """Who approved the plan's version, read from the consultation: the approval's date
    and resolution, and the councils' progress ("18 of 25 approved or took note")."""
    approval = consultation_selectors.plan_approval(plan=plan)
    decisions = consultation_selectors.decisions(plan=plan)
    return {
        "approved_on": approval.approved_on if approval else None,
        "approval_resolution": approval.resolution if approval else "",
        "decisions": consultation_selectors.decision_progress(decisions).label if decisions else "",
    }


def _resolution_tables(plan: Plan) -> list:
    """The annex: the resolution table of each round of this version that had comments."""
    tables = consultation_selectors.table_rounds(plan=plan)
    for round_, _rows in tables:
        round_.dates_label = consultation_documents.round_dates(round_)
    return tables


def _indicator_charts(plan: Plan, priorities) -> list:
    """A chart of every indicator whose baseline and targets make a series."""
    charts = []
    for priority in priorities:
        for measure in priority.measures.all():
            for indicator in measure.indicators.all():
                chart = indicator_chart(indicator, plan.years)
                if chart is not None:
                    charts.append(chart)
    return charts


def plan_context(plan: Plan) -> dict:
    process = plan.process
    area = process.planning_area
    finance = plan_finance(plan=plan)
    context = {
        "plan": plan,
        "process": process,
        "title": plan.title,
        "subtitle": process.name,
        "page_size": "A4",
        "finance": finance,
        "tables": finance.tables(),
        "costs_chart": costs_by_year_chart(finance),
        "chapters": _chapters(plan),
        "colophon": _colophon(plan),
        "resolution_tables": _resolution_tables(plan),
        "generated_on": timezone.localdate(),
    }
    if plan.is_action_plan:
        context["groups"] = action_plan_items(plan=plan)
        return context
    priorities = plan_tree(plan=plan)
    services = sorted(
        services_for_area(area).select_related("provider", "kind"),
        key=lambda s: czech_sort_key(s.name),
    )
    context.update(
        priorities=priorities,
        indicator_charts=_indicator_charts(plan, priorities),
        **analysis_context(plan),
        structure=_groups(process),
        population=area_population_summary(area=area),
        municipalities=municipalities_with_population(area=area),
        area=area,
        abbreviations=ABBREVIATIONS,
        services=services,
    )
    return context


def plan_pdf(*, plan: Plan, language: str | None = None) -> bytes:
    """The plan's PDF (typeset by Typst, see :mod:`.plan_print`)."""
    _context, document = _plan_print(plan, language or settings.LANGUAGE_CODE)
    return typeset.typeset_pdf(document)


def _plan_print(plan: Plan, language: str) -> tuple[dict, typeset.Document]:
    """The context of the plan's documents and its PDF as a document for Typst."""
    with override(language):
        context = plan_context(plan)
        context["branding"] = branding_for(plan.process)
        return context, plan_print.plan_document(context)


# --- DOCX --------------------------------------------------------------------------------


def _finance_tables(document, tables) -> None:
    for table in tables:
        document.add_paragraph(table.caption, style="Caption")
        add_table(
            document,
            [table.row_header, *table.columns, _("Total")],
            [[label, *map(money, values), money(total)] for label, values, total in table.rows],
            footer=[table.total_label or _("Total"), *map(money, table.totals), money(table.total)],
            numeric_from=1,
        )
        if table.note:
            document.add_paragraph(table.note)


def _chart_docx(document, chart, *, caption: str, width_mm: int) -> None:
    """A chart of the PDF in the DOCX: its caption and the chart as a picture (PNG, with
    the chart's text alternative)."""
    from docx.shared import Mm

    document.add_paragraph(caption, style="Caption")
    shape = (
        document.add_paragraph()
        .add_run()
        .add_picture(io.BytesIO(chart_png(chart)), width=Mm(width_mm))
    )
    shape._inline.docPr.set("descr", chart.description)


def _title_page(document, context: dict, t) -> None:
    """The title, the process, the status, who prepared and who approved the plan, the
    publicity notice; then a page break."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    plan, colophon = context["plan"], context["colophon"]
    branding = context["branding"]
    if branding.site_name:
        document.add_paragraph(t(branding.site_name))
    if branding.logo:
        add_picture(
            document.add_paragraph().add_run(),
            branding.logo,
            height=Mm(22),
            description=branding.logo_alt,
        )
    document.add_heading(t(plan.title), level=0)
    document.add_paragraph(t(plan.process.name), style="Subtitle")
    if plan.is_demo or plan.process.is_demo:
        document.add_paragraph(_("Demo data: made up for trying socplan out."))
    document.add_paragraph(
        _("Status: %(status)s, version %(version)s")
        % {"status": plan.get_status_display(), "version": plan.version}
    )
    prepared = document.add_paragraph()
    prepared.add_run(_("Prepared by") + ": ").bold = True
    prepared.add_run(t(colophon["prepared_by"]))
    if colophon["groups"]:
        prepared.add_run().add_break()
        prepared.add_run(
            t(_("in cooperation with: %(groups)s") % {"groups": ", ".join(colophon["groups"])})
        )
    if colophon["contact"]:
        contact = document.add_paragraph()
        contact.add_run(_("Contact") + ": ").bold = True
        contact.add_run(colophon["contact"])
    approval = document.add_paragraph()
    approval.add_run(_("Approval") + ": ").bold = True
    if colophon["approved_on"]:
        approval.add_run(
            _("Approved on %(date)s by resolution %(resolution)s")
            % {
                "date": date_format(colophon["approved_on"], "SHORT_DATE_FORMAT"),
                "resolution": colophon["approval_resolution"],
            }
        )
    else:
        approval.add_run(_("Not approved yet."))
    if colophon["decisions"]:
        councils = document.add_paragraph()
        councils.add_run(_("Councils") + ": ").bold = True
        councils.add_run(colophon["decisions"])
    if branding.has_funding:
        logos = document.add_paragraph()
        if branding.funding_logo:
            add_picture(
                logos.add_run(),
                branding.funding_logo,
                height=Mm(14),
                description=branding.funding_logo_alt,
            )
            logos.add_run("  ")
        add_picture(
            logos.add_run(),
            eu_emblem_png(),
            height=Mm(10),
            description=branding.eu_emblem_alt,
        )
        logos.add_run(" " + branding.eu_label).bold = True
    if branding.notice:
        document.add_paragraph(t(branding.notice))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def plan_docx(*, plan: Plan, language: str | None = None) -> bytes:
    """The same document as editable DOCX (python-docx), set up as a Czech office's
    document (see :mod:`.word`)."""
    with override(language or settings.LANGUAGE_CODE):
        context = plan_context(plan)
        context["branding"] = branding_for(plan.process)
    return _plan_docx(plan, context, language=language)


def _plan_docx(plan: Plan, context: dict, *, language: str | None = None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        t = czech_nbsp
        document = new_document(title=plan.title)
        _title_page(document, context, t)
        add_toc(
            document,
            heading=_("Contents"),
            placeholder=_(
                "The table of contents is filled in when the document is opened in a word "
                "processor."
            ),
        )
        for _anchor, title, text in context["chapters"]:
            document.add_heading(t(title), level=1)
            for paragraph in text.splitlines():
                if paragraph.strip():
                    document.add_paragraph(t(paragraph))
        if plan.is_action_plan:
            for group in context["groups"]:
                priority = group["priority"]
                document.add_heading(
                    t(
                        _("Priority %(code)s: %(title)s")
                        % {"code": priority.code, "title": priority.title}
                    ),
                    level=1,
                )
                labels = [label for label, _amount in group["items"][0].budget]
                add_table(
                    document,
                    [_("Activity"), _("Expected outputs"), _("Responsible"), *labels, _("Total")],
                    [
                        [
                            t(
                                _("Measure %(code)s: %(title)s (costs of the measure itself)")
                                % {"code": item.code, "title": item.title}
                                if item.is_measure
                                else f"{item.code} {item.title}"
                            ),
                            t(item.expected_outputs),
                            t(item.responsible_label),
                            *[money(amount) for _label, amount in item.budget],
                            money(item.budget_total),
                        ]
                        for item in group["items"]
                    ],
                    numeric_from=3,
                )
        else:
            document.add_heading(_("The planning process and its groups"), level=1)
            for row in context["structure"]:
                document.add_heading(t(row["group"].name), level=2)
                for member in row["members"]:
                    document.add_paragraph(
                        t(f"{member['name']}, {member['organisation']} ({member['role']})"),
                        style="List Bullet",
                    )
                if row["unnamed"]:
                    document.add_paragraph(
                        _("Other members (not named without their consent): %(number)s")
                        % {"number": row["unnamed"]}
                    )
            document.add_heading(_("The territory"), level=1)
            document.add_paragraph(_("Municipalities and their population"), style="Caption")
            add_table(
                document,
                [_("Municipality"), _("Population"), _("Aged 0–14"), _("Aged 65 and over")],
                [
                    [
                        m.name,
                        format_number(m.total),
                        format_number(m.age_0_14),
                        format_number(m.age_65_plus),
                    ]
                    for m in context["municipalities"]
                ],
                numeric_from=1,
            )
            add_analysis_docx(document, context, t)
            document.add_heading(_("Priorities and measures"), level=1)
            for priority in context["priorities"]:
                document.add_heading(
                    t(
                        _("Priority %(code)s: %(title)s")
                        % {"code": priority.code, "title": priority.title}
                    ),
                    level=2,
                )
                if priority.description:
                    document.add_paragraph(t(priority.description))
                for measure in priority.measures.all():
                    document.add_heading(
                        t(
                            _("Measure %(code)s: %(title)s")
                            % {"code": measure.code, "title": measure.title}
                        ),
                        level=3,
                    )
                    facts = [
                        (_("Type"), measure.get_kind_display()),
                        (_("Target groups"), ", ".join(map(str, measure.target_groups.all()))),
                        (_("Years"), measure.years_label),
                        (_("Responsible"), measure.responsible_label),
                        (_("Partners"), ", ".join(measure.partner_list)),
                    ]
                    for label, value in facts:
                        if value:
                            fact = document.add_paragraph()
                            fact.add_run(f"{label}: ").bold = True
                            fact.add_run(t(str(value)))
                    for text in (measure.description, measure.justification):
                        if text:
                            document.add_paragraph(t(text))
                    add_measure_evidence_docx(document, measure, t)
                    for activity in measure.activities.all():
                        document.add_paragraph(
                            t(f"{activity.code} {activity.title} ({activity.years_label})"),
                            style="List Bullet",
                        )
                    indicators = list(measure.indicators.all())
                    if indicators:
                        add_table(
                            document,
                            [_("Indicator"), _("Unit"), _("Baseline"), *map(str, plan.years)],
                            [
                                [
                                    i.name,
                                    i.unit,
                                    format_number(i.baseline),
                                    *[format_number(i.target_for(y)) for y in plan.years],
                                ]
                                for i in indicators
                            ],
                            numeric_from=2,
                        )
            if context["indicator_charts"]:
                document.add_heading(_("Indicators as charts"), level=2)
                for chart in context["indicator_charts"]:
                    _chart_docx(document, chart, caption=t(chart.title), width_mm=90)
        document.add_heading(_("Budget"), level=1)
        if context["costs_chart"]:
            chart = context["costs_chart"]
            caption = _("Chart: %(title)s") % {"title": chart.title}
            _chart_docx(document, chart, caption=t(caption), width_mm=160)
        _finance_tables(document, context["tables"])
        if not plan.is_action_plan:
            document.add_heading(_("Abbreviations"), level=1)
            for short, long in context["abbreviations"]:
                document.add_paragraph(t(f"{short} – {long}"))
            document.add_heading(_("Annex: social services of the area"), level=1)
            for service in context["services"]:
                document.add_paragraph(
                    t(f"{service.name} ({service.provider.name})"), style="List Bullet"
                )
        if context["resolution_tables"]:
            document.add_heading(_("Annex: resolution of comments"), level=1)
            for round_, rows in context["resolution_tables"]:
                document.add_heading(t(round_.title), level=2)
                consultation_documents.add_resolution_table(document, round_, rows, t)
        add_margins(document, title=plan.title, branding=context["branding"])
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file_name(plan: Plan, format: str) -> str:
    return f"{slugify(plan.title)[:80] or 'plan'}-v{plan.version}.{format}"


@dataclass
class PlanDocument:
    """The kept document of a plan in one format and language (see :func:`plan_document`):
    ``path`` is where it is kept, ``key`` the hash of what it is made from."""

    path: Path
    name: str
    key: str
    _make: Callable[[], tuple[Path, bool]]

    @property
    def is_kept(self) -> bool:
        return self.path.exists()

    def make(self) -> Path:
        """The file, typeset now unless it is kept already."""
        return self._make()[0]


def _approved_document(plan: Plan, format: str, language: str) -> Path | None:
    """The kept PDF of an approved version whose checksum its approval recorded, whatever
    layout or typesetter made it: the document the councils approved (its checksum is public
    on the approval's page) is never made again while its file is kept, not even when LAYOUT
    or the typesetter changes."""
    if not plan.is_frozen or format != "pdf" or language != settings.LANGUAGE_CODE:
        return None
    approval = consultation_selectors.plan_approval(plan=plan)
    checksum = approval.document_checksum if approval else ""
    if not checksum:
        return None
    folder = Path(settings.DATA_DIR) / "plan-documents"
    patterns = (f"plan-{plan.pk}-{language}-*.pdf", f"plan-{plan.pk}-v*-{language}.pdf")
    for pattern in patterns:
        for candidate in sorted(folder.glob(pattern)):
            if consultation_documents.sha256(candidate.read_bytes()) == checksum:
                return candidate
    return None


def plan_document(*, plan: Plan, format: str, language: str | None = None) -> PlanDocument:
    """The document of a plan, kept in the data dir and made again only when what it is
    made from changes; made by :meth:`PlanDocument.make` (nothing is typeset here).

    A plan that is not frozen (a draft, a plan in consultation) is kept under a hash of the
    data of its PDF (every text and number of the plan, its analyses and the catalogue's
    services, its images, the Typst template), with LAYOUT, the format and the language: a second
    download of an unchanged plan costs collecting the plan and the hash (a few tenths of a
    second, against seconds of typesetting), any change of what it prints makes it again.
    A frozen (approved) version keeps the document first made of it, whose checksum is
    recorded with the approval (see :func:`_approved_document`); other documents of it are
    kept per version, revision, LAYOUT and language."""
    if format not in FORMATS:
        raise ValueError(format)
    language = language or get_language() or settings.LANGUAGE_CODE
    made_from = {}

    def printed() -> typeset.Document:
        if not made_from:
            made_from["context"], made_from["document"] = _plan_print(plan, language)
        return made_from["document"]

    def make() -> bytes:
        if format == "pdf":
            content = typeset.typeset_pdf(printed())
        else:
            printed()
            content = _plan_docx(plan, made_from["context"], language=language)
        if plan.is_frozen and format == "pdf" and language == settings.LANGUAGE_CODE:
            # The document of the approved version: its checksum is kept with the approval.
            consultation_services.approval_document_checksum_record(
                plan=plan, checksum=consultation_documents.sha256(content)
            )
        return content

    approved = _approved_document(plan, format, language)
    if approved is not None:
        return PlanDocument(
            path=approved,
            name=_file_name(plan, format),
            key=approved.stem,
            _make=lambda: (approved, False),
        )
    if plan.is_frozen:
        revision = plan.versions.order_by("-revision").values_list("revision", flat=True).first()
        made_of = f"frozen version {plan.version} revision {revision or 0}"
    else:
        made_of = typeset.document_key(printed())
    kept = {
        "folder": "plan-documents",
        "prefix": f"plan-{plan.pk}-{language}-",
        "key": content_key(f"layout {LAYOUT}", format, made_of),
        "suffix": format,
    }
    return PlanDocument(
        path=kept_document_path(**kept),
        name=_file_name(plan, format),
        key=kept["key"],
        _make=lambda: cached_document(
            **kept,
            make=make,
            # the names of the documents kept before (per version, revision and layout)
            also_remove=(f"plan-{plan.pk}-v*-{language}.{format}",),
        ),
    )


def plan_document_cached(*, plan: Plan, format: str, language: str | None = None):
    """The document of a plan (see :func:`plan_document`), made now unless it is kept.
    Returns (path, download name)."""
    document = plan_document(plan=plan, format=format, language=language)
    return document.make(), document.name


def plan_document_job(progress, *, plan_id: int, format: str, language: str | None = None):
    """Background job: the plan document as PDF or DOCX, offered for download."""
    plan = Plan.objects.select_related("process__planning_area").filter(pk=plan_id).first()
    if plan is None:
        raise JobFailed(_("The plan no longer exists."))
    if format not in FORMATS:
        raise JobFailed(_("Unknown format."))
    progress(0, 2, _("Collecting the plan"))
    # the same kept document as the public download: made once per content
    path, _name = plan_document_cached(plan=plan, format=format, language=language)
    content = path.read_bytes()
    progress(2, 2, _("Done"))
    name = _file_name(plan, format)
    return JobResult(
        message=_("The plan document is ready."),
        file_name=name,
        file_content=content,
        data={"plan": plan.pk, "format": format},
    )


PREPARE_JOB_FUNCTION = "socplan.documents.plan.plan_document_prepare_job"


def plan_document_prepare_job(
    progress, *, plan_id: int, format: str, language: str, key: str = ""
) -> JobResult:
    """Background job of a public download whose document is not kept yet (see
    ``documents.views.plan_document_download``): the document is made and kept, and the
    download address serves it from then on. ``key`` is the hash of the content the
    download asked for (it tells jobs of different contents apart); the job makes the plan
    as it is when it runs."""
    plan = Plan.objects.select_related("process__planning_area").filter(pk=plan_id).first()
    if plan is None:
        raise JobFailed(_("The plan no longer exists."))
    if format not in FORMATS:
        raise JobFailed(_("Unknown format."))
    progress(0, 1, _("Collecting the plan"))
    document = plan_document(plan=plan, format=format, language=language)
    document.make()
    progress(1, 1, _("Done"))
    return JobResult(
        message=_("The plan document is ready."),
        data={"plan": plan.pk, "format": format, "file": document.path.name},
    )
