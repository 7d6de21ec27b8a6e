"""The catalogue booklet's PDF: the context of :func:`socplan.documents.booklet.booklet_context`
as a document for Typst (:mod:`.typeset`).

The title page (the installation's name, the process's logo, the area and the process, the
date "as of", the label of demo data, the publicity notice), "About this catalogue" and the
contents, the chapters (by kind of service or by target group) with their sections of
entries, the references "see page N" to a service described in another chapter, and the
indexes of providers and of municipalities, each service with the page of its entry (in two
columns on A4, one on A5). Every page number is Typst's: of the label of the service's entry.
"""

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import typeset


def _title_page(context: dict, images: typeset.Images) -> dict:
    process, branding = context["process"], context["branding"]
    demo = []
    if context["is_demo"] or (process is not None and process.is_demo):
        demo.append(_("Demo data: made up for trying socplan out."))
    return typeset.title_page(
        branding,
        images,
        subtitles=[process.name] if process is not None else [],
        lines=[_("As of %(date)s") % {"date": date_format(context["on"], "DATE_FORMAT")}],
        demo=demo,
    )


def _introduction(context: dict) -> list[dict]:
    count = context["service_count"]
    blocks = [typeset.heading(_("About this catalogue"), outlined=False)]
    blocks.append(
        typeset.paragraph(
            ngettext(
                "The catalogue lists %(counter)s service available to the people of "
                "%(area)s: social services from the national register of providers of social "
                "services and related services that the planning process keeps itself.",
                "The catalogue lists %(counter)s services available to the people of "
                "%(area)s: social services from the national register of providers of social "
                "services and related services that the planning process keeps itself.",
                count,
            )
            % {"counter": count, "area": context["area"].name}
        )
    )
    blocks.append(
        typeset.paragraph(
            _(
                "A service is listed when it has a facility in the area, serves one of its "
                "municipalities, or serves the whole region. The capacity of a service is the "
                "maximum entered in the register, not the number of free places: ask the "
                "provider."
            )
        )
    )
    if context["by"] == "target_group":
        text = _(
            "The chapters follow the target groups. A service for several groups is "
            "described in the first of them; the others refer to its page."
        )
    else:
        text = _(
            "The chapters follow the kinds of services of act No. 108/2006 Coll., on "
            "social services, and end with related services."
        )
    blocks.append(typeset.paragraph(text))
    return blocks


def _joined(values) -> str:
    return ", ".join(str(value) for value in values)


def _entry(service, *, by: str, level: int) -> dict:
    """A service in full (the fields of the catalogue's entry)."""
    meta = []
    if by != "kind":
        if service.kind_id:
            meta += [service.kind.label, " "]
        elif service.local_category_id:
            meta += [service.local_category.name, " "]
    if service.source == "local":
        meta.append(("tag-marked", _("not a registered social service")))
    else:
        meta.append(("tag", _("registered social service")))
    blocks = [typeset.paragraph(*meta, tone="muted")]
    if service.description:
        blocks.append(typeset.paragraph(service.description))
    provider = service.provider.name
    if service.provider.ico:
        provider += f", {_('IČO')} {service.provider.ico}"
    rows = [(_("Provider"), provider)]
    groups = service.target_groups.all()
    if groups:
        rows.append((_("For whom"), _joined(group.name for group in groups)))
    ages = service.age_groups.all()
    if ages or service.age_note:
        age = _joined(age.name for age in ages)
        if service.age_note:
            age += ("; " if ages else "") + service.age_note
        rows.append((_("Age"), age))
    if service.booklet_forms:
        lines = []
        for form in service.booklet_forms:
            line = capfirst(form["name"])
            if form["continuous"]:
                line += f" ({_('non-stop')})"
            if form["capacities"]:
                line += ": " + _joined(form["capacities"])
            lines.append(line)
        rows.append((_("Form and capacity"), lines))
    facilities = service.booklet_facilities
    if facilities:
        lines = []
        for facility in facilities:
            line = []
            if facility.name and facility.name != service.name:
                line.append(f"{facility.name}: ")
            if facility.is_secret_address:
                line.append(("i", _("address not published (ask the provider)")))
            else:
                line.append(facility.address_line)
            lines.append(line)
        rows.append((ngettext("Address", "Addresses", len(facilities)), lines))
    contacts = [
        (
            _("Phone"),
            [
                phone.get("value", "") + (f" ({phone['note']})" if phone.get("note") else "")
                for phone in service.phones or []
            ],
        ),
        (_("E-mail"), [email.get("value", "") for email in service.emails or []]),
        (_("Web"), [web.get("value", "") for web in service.webs or []]),
    ]
    rows += [(label, _joined(values)) for label, values in contacts if values]
    if service.opening_hours:
        hours = [line for line in service.opening_hours.splitlines() if line.strip()]
        rows.append((_("Opening hours"), hours))
    if service.accessibility:
        rows.append((_("Accessibility"), service.accessibility))
    regions = service.regions.all()
    if regions:
        names = _joined(row.region.name for row in regions)
        rows.append((_("Serves"), f"{_('the whole region:')} {names}"))
    blocks.append(typeset.fields(rows, label_width=25))
    return typeset.entry(service.name, blocks, id=service.booklet_anchor, level=level)


def _reference(service) -> dict:
    """A service described in another chapter: "Name (Provider): see page N"."""
    return typeset.paragraph(
        ("b", service.name),
        f" ({service.provider.name}): {_('see page')}\xa0",
        typeset.page_of(service.booklet_anchor),
    )


def _chapters(context: dict) -> list[dict]:
    blocks = []
    for chapter in context["chapters"]:
        blocks.append(typeset.heading(capfirst(chapter.title), id=chapter.anchor, page_break=True))
        if chapter.note:
            blocks.append(typeset.paragraph(("i", chapter.note)))
        for section in chapter.sections:
            if section.title:
                blocks.append(
                    typeset.heading(capfirst(section.title), level=2, id=section.anchor, rule=True)
                )
            level = 3 if section.title else 2
            for entry in section.entries:
                if entry.full:
                    blocks.append(_entry(entry.service, by=context["by"], level=level))
                else:
                    blocks.append(_reference(entry.service))
    return blocks


def _indexes(context: dict, printed: set[str]) -> list[dict]:
    columns = 1 if context["page_size"] == "A5" else 2

    def rows(index) -> list:
        return [
            (
                row.name,
                [
                    (s.name, s.booklet_anchor if s.booklet_anchor in printed else "")
                    for s in row.services
                ],
            )
            for row in index
        ]

    return [
        typeset.heading(_("Index of providers"), id="index-providers", page_break=True),
        typeset.index(rows(context["provider_index"]), columns=columns),
        typeset.heading(_("Index of municipalities"), id="index-municipalities", page_break=True),
        typeset.paragraph(
            _(
                "Services with a facility in the municipality or serving it. Services for the "
                "whole region are not repeated here."
            ),
            tone="muted",
        ),
        typeset.index(
            rows(context["municipality_index"]),
            columns=columns,
            empty=_("No service names a municipality of the area."),
        ),
    ]


def booklet_document(context: dict) -> typeset.Document:
    """The booklet's PDF as a document for Typst (``context`` with ``branding``)."""
    images = typeset.Images()
    printed = {
        entry.service.booklet_anchor
        for chapter in context["chapters"]
        for section in chapter.sections
        for entry in section.entries
        if entry.full
    }
    blocks = _introduction(context)
    blocks.append(typeset.outline(_("Contents")))
    blocks += _chapters(context)
    blocks += _indexes(context, printed)
    process = context["process"]
    return typeset.Document(
        title=context["title"],
        subtitle=context["area"].name,
        author=process.realizer if process is not None else "",
        lang=(get_language() or "cs")[:2],
        page=context["page_size"],
        blocks=blocks,
        title_page=_title_page(context, images),
        images=images,
    )
