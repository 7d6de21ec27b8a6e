"""The plan document: a medium-term plan (or an action plan) as PDF and as editable DOCX.

Both formats are made from one context (:func:`plan_context`): title page with the
publicity notice, table of contents, the free-text chapters, the process with its groups
and members (names only with consent), the territory with its population table,
priorities and measures as cards, the financial tables (from
:func:`socplan.planning.selectors.plan_finance`, the same numbers as on the web), the
indicators, a list of abbreviations and an annex with the catalogue services of the area.
An action plan gets a shorter document: its activities with their budgets, and the money.

Used by the background job :func:`plan_document_job` (started from the plan's page) and
by ``socplan plan_document PLAN --format pdf|docx --out FILE``.
"""

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.catalogue.selectors import services_for_area
from socplan.core.jobs import JobFailed, JobResult
from socplan.organisation.models import Group, Membership
from socplan.planning.models import Plan
from socplan.planning.selectors import action_plan_items, plan_finance, plan_tree
from socplan.territory.selectors import area_population_summary, municipalities_with_population

from .collation import czech_sort_key
from .pdf import render_pdf
from .typography import czech_nbsp

FORMATS = ("pdf", "docx")
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
    groups = Group.objects.filter(process=process).order_by("order", "name")
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
        "chapters": _chapters(plan),
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
        structure=_groups(process),
        population=area_population_summary(area=area),
        municipalities=municipalities_with_population(area=area),
        area=area,
        abbreviations=ABBREVIATIONS,
        services=services,
    )
    return context


def plan_pdf(*, plan: Plan, language: str | None = None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        context = plan_context(plan)
    return render_pdf("documents/plan.html", context, language=language)


# --- DOCX --------------------------------------------------------------------------------


def _money(value) -> str:
    return czech_nbsp(f"{value:,.0f}".replace(",", " ")) if value is not None else ""


def _table(document, header: list[str], rows: list[list[str]], *, footer=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows + ([footer] if footer else []):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    return table


def _finance_tables(document, tables) -> None:
    for table in tables:
        document.add_paragraph(table.caption, style="Caption")
        _table(
            document,
            [table.row_header, *table.columns, _("Total")],
            [[label, *map(_money, values), _money(total)] for label, values, total in table.rows],
            footer=[_("Total"), *map(_money, table.totals), _money(table.total)],
        )
        if table.note:
            document.add_paragraph(table.note)


TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'


# The elements that follow w:updateFields in w:settings (ECMA-376, CT_Settings).
SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _toc(document) -> None:
    """A real Word table of contents (a TOC field over Heading 1–3); Word fills in the
    entries and page numbers when it opens the file (``w:updateFields`` in settings)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # "TOC Heading" looks like a heading but is not listed in the contents itself.
    document.add_paragraph(_("Contents"), style="TOC Heading")
    paragraph = document.add_paragraph()

    def field_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = TOC_INSTRUCTION
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run(
        _("The table of contents is filled in when the document is opened in a word processor.")
    )
    field_char("end")
    settings_element = document.settings.element
    update = settings_element.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        # Word wants the children of w:settings in the order of the schema.
        settings_element.insert_element_before(update, *SETTINGS_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")


def _running_header_and_page_numbers(document, title: str) -> None:
    """The plan's title at the top of every page and the page number (a Word PAGE field)
    at the bottom."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for section in document.sections:
        header = section.header.paragraphs[0]
        header.text = title
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)


def _czech_typography(document) -> None:
    """Non-breaking spaces after one-letter prepositions in every piece of text (body,
    tables, headers), whichever way it got into the document."""
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for margin in (section.header, section.footer):
            if not margin.is_linked_to_previous:  # only those that exist (no new empty parts)
                parts.append(margin._element)
    for part in parts:
        for text in part.iter(qn("w:t")):
            if text.text:
                text.text = czech_nbsp(text.text)


def plan_docx(*, plan: Plan, language: str | None = None) -> bytes:
    """The same document as editable DOCX (python-docx)."""
    from docx import Document

    with override(language or settings.LANGUAGE_CODE):
        context = plan_context(plan)
        t = czech_nbsp
        document = Document()
        document.core_properties.title = plan.title
        document.add_heading(t(plan.title), level=0)
        document.add_paragraph(t(plan.process.name))
        if plan.is_demo or plan.process.is_demo:
            document.add_paragraph(_("Demo data: made up for trying socplan out."))
        if plan.process.publicity_notice:
            document.add_paragraph(t(plan.process.publicity_notice))
        document.add_paragraph(
            _("Status: %(status)s, version %(version)s")
            % {"status": plan.get_status_display(), "version": plan.version}
        )
        _toc(document)
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
                _table(
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
                            *[_money(amount) for _label, amount in item.budget],
                            _money(item.budget_total),
                        ]
                        for item in group["items"]
                    ],
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
            _table(
                document,
                [_("Municipality"), _("Population"), _("Aged 65 and over")],
                [
                    [m.name, _money(m.total), _money(m.age_65_plus)]
                    for m in context["municipalities"]
                ],
            )
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
                            document.add_paragraph(t(f"{label}: {value}"))
                    for text in (measure.description, measure.justification):
                        if text:
                            document.add_paragraph(t(text))
                    for activity in measure.activities.all():
                        document.add_paragraph(
                            t(f"{activity.code} {activity.title} ({activity.years_label})"),
                            style="List Bullet",
                        )
                    indicators = list(measure.indicators.all())
                    if indicators:
                        _table(
                            document,
                            [_("Indicator"), _("Unit"), _("Baseline"), *map(str, plan.years)],
                            [
                                [
                                    i.name,
                                    i.unit,
                                    "" if i.baseline is None else f"{i.baseline.normalize():f}",
                                    *[i.target_for(y) or "" for y in plan.years],
                                ]
                                for i in indicators
                            ],
                        )
        document.add_heading(_("Budget"), level=1)
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
        _running_header_and_page_numbers(document, plan.title)
        _czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file_name(plan: Plan, format: str) -> str:
    return f"{slugify(plan.title)[:80] or 'plan'}-v{plan.version}.{format}"


def plan_document_cached(*, plan: Plan, format: str, language: str | None = None):
    """The document of a plan as it is now, made on the first request and kept in the data
    dir per plan, kept version (revision) and language: a public download costs one
    rendering per change of the plan. Returns (path, download name)."""
    if format not in FORMATS:
        raise ValueError(format)
    language = language or get_language() or settings.LANGUAGE_CODE
    revision = plan.versions.order_by("-revision").values_list("revision", flat=True).first()
    directory = Path(settings.DATA_DIR) / "plan-documents"
    prefix = f"plan-{plan.pk}-"
    path = directory / f"{prefix}v{plan.version}-r{revision or 0}-{language}.{format}"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        render = plan_pdf if format == "pdf" else plan_docx
        content = render(plan=plan, language=language)
        # Written aside and moved in place: a reader never gets a half-written file.
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as tmp:
            tmp.write(content)
        os.replace(tmp.name, path)
        for old in directory.glob(f"{prefix}*-{language}.{format}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path, _file_name(plan, format)


def plan_document_job(progress, *, plan_id: int, format: str, language: str | None = None):
    """Background job: the plan document as PDF or DOCX, offered for download."""
    plan = Plan.objects.select_related("process__planning_area").filter(pk=plan_id).first()
    if plan is None:
        raise JobFailed(_("The plan no longer exists."))
    if format not in FORMATS:
        raise JobFailed(_("Unknown format."))
    progress(0, 2, _("Collecting the plan"))
    if format == "pdf":
        content = plan_pdf(plan=plan, language=language)
    else:
        content = plan_docx(plan=plan, language=language)
    progress(2, 2, _("Done"))
    name = _file_name(plan, format)
    return JobResult(
        message=_("The plan document is ready."),
        file_name=name,
        file_content=content,
        data={"plan": plan.pk, "format": format},
    )
