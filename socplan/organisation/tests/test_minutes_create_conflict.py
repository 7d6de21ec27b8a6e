"""Two people write the minutes of the same meeting at once, neither of whom saw minutes
when they started (issue 10): the second save is a conflict that keeps what they typed."""

import pytest
from django.urls import reverse

from socplan.organisation import services_minutes
from socplan.organisation.forms_minutes import MinutesForm
from socplan.organisation.models import Minutes

from .minutes_builders import make_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


def _address(meeting):
    return reverse(
        "organisation:minutes_edit", kwargs={"slug": meeting.process.slug, "pk": meeting.pk}
    )


def test_two_people_creating_the_minutes_at_once(s, coordinator, methodologist, client_for):
    assert not Minutes.objects.filter(meeting=s.meeting).exists()
    address = _address(s.meeting)
    first, second = client_for(coordinator), client_for(methodologist)
    version_first = first.get(address).context["form"]["edit_version"].value()
    version_second = second.get(address).context["form"]["edit_version"].value()
    assert version_first == version_second == "new"
    item = f"item_{s.items[0].pk}"

    saved = first.post(address, {"edit_version": version_first, "summary": "První.", item: "A"})
    assert saved.status_code == 302
    stale = second.post(address, {"edit_version": version_second, "summary": "Druhé.", item: "B"})
    assert stale.status_code == 200
    form = stale.context["form"]
    assert {row["mine"]: row["theirs"] for row in form.conflict_rows} == {
        "Druhé.": "První.",
        "B": "A",
    }
    html = stale.content.decode()
    assert "Somebody else saved this" in html and "Druhé.</textarea>" in html
    minutes = Minutes.objects.get(meeting=s.meeting)
    assert minutes.summary == "První."
    # saving again, having seen both, is deliberate
    again = second.post(
        address, {"edit_version": form["edit_version"].value(), "summary": "Druhé.", item: "B"}
    )
    assert again.status_code == 302
    assert Minutes.objects.get(meeting=s.meeting).summary == "Druhé."


def test_minutes_created_at_the_same_moment_hit_the_unique_constraint_as_a_conflict(
    s, coordinator, methodologist, monkeypatch
):
    """Both checks passed (neither transaction saw the other's minutes, as on PostgreSQL
    when both start before either commits): the one-to-one constraint refuses the second
    row, and the second person sees a conflict, not an error page."""
    services_minutes.minutes_save(meeting=s.meeting, actor=coordinator, summary="První.")
    form = MinutesForm(
        {"edit_version": "new", "summary": "Druhé."}, meeting=s.meeting, minutes=None
    )
    monkeypatch.setattr(MinutesForm, "_check_version", lambda self, lock=False: None)
    assert form.is_valid()
    # the service does not see the minutes either (the other transaction has not committed)
    monkeypatch.setattr(services_minutes, "_locked_minutes", lambda meeting: None)
    with pytest.raises(Exception) as raised, form.saving():
        services_minutes.minutes_save(
            meeting=s.meeting, actor=methodologist, summary="Druhé.", item_texts={}
        )
    assert getattr(raised.value, "code", None) == "conflict"
    assert form.conflict_rows[0] == {"label": "Summary", "theirs": "První.", "mine": "Druhé."}
    assert Minutes.objects.get(meeting=s.meeting).summary == "První."
