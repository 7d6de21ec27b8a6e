"""How catalogue values read: registered capacity with its unit, distances."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Capacity-type codes of the register (TypKapacitySocialniSluzby/<code>) and what one
# number of that type is called. Beds read as a count ("32 lůžek"), the others as the
# codelist's label ("Počet klientů: 10").
CAPACITY_LABELS = {
    "klient": lambda: _("Number of clients"),
    "kontakt": lambda: _("Number of contacts (10 min.)"),
    "interv": lambda: _("Number of interventions (30 min.)"),
    "hovor": lambda: _("Number of calls"),
}


def capacity_text(capacity) -> str:
    """The registered maximum of one capacity with its unit: "32 lůžek",
    "Počet klientů: 10". Never "free places": the register does not know them."""
    value = capacity.value
    code = capacity.type.code if capacity.type_id else ""
    if code == "luzka":
        return ngettext("%(count)s bed", "%(count)s beds", value) % {
            "count": number_format(value, force_grouping=True)
        }
    label = CAPACITY_LABELS.get(code)
    name = label() if label else str(capacity.type)
    return _("%(unit)s: %(count)s") % {
        "unit": name,
        "count": number_format(value, force_grouping=True),
    }


def km_text(km: float | None) -> str:
    if km is None:
        return ""
    digits = 1 if km < 10 else 0
    return _("%(km)s km") % {"km": number_format(round(km, digits), decimal_pos=digits)}
