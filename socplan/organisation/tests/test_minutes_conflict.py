"""No lost edits in the minutes: a stale minutes form shows both versions and saves nothing
until saved again on purpose."""

import pytest
from django.urls import reverse

from socplan.organisation import services_minutes

from .minutes_builders import make_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


def test_a_stale_minutes_form_shows_both_versions(s, coordinator, methodologist, client_for):
    services_minutes.minutes_save(meeting=s.meeting, actor=coordinator, summary="Začátek.")
    address = reverse(
        "organisation:minutes_edit", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )
    first, second = client_for(coordinator), client_for(methodologist)
    version_first = first.get(address).context["form"]["edit_version"].value()
    version_second = second.get(address).context["form"]["edit_version"].value()
    assert version_first == version_second == s.meeting.minutes.updated_at.isoformat()
    item = f"item_{s.items[1].pk}"

    saved = first.post(
        address, {"edit_version": version_first, "summary": "Začátek.", item: "Zápis první"}
    )
    assert saved.status_code == 302

    stale = second.post(
        address, {"edit_version": version_second, "summary": "Shrnutí druhé", item: "Zápis druhé"}
    )
    assert stale.status_code == 200
    rows = {row["mine"]: row["theirs"] for row in stale.context["form"].conflict_rows}
    assert rows == {"Shrnutí druhé": "Začátek.", "Zápis druhé": "Zápis první"}
    html = stale.content.decode()
    assert "Somebody else saved this" in html and "Zápis první" in html and "Zápis druhé" in html
    s.items[1].refresh_from_db()
    assert s.items[1].minutes_text == "Zápis první"

    current = stale.context["form"]["edit_version"].value()
    again = second.post(
        address, {"edit_version": current, "summary": "Shrnutí druhé", item: "Zápis druhé"}
    )
    assert again.status_code == 302
    s.items[1].refresh_from_db()
    assert s.items[1].minutes_text == "Zápis druhé"
