import pytest

from socplan.core.demo import load_demo
from socplan.documents.pdf import pdf_text
from socplan.library.models import Document, DocumentVersion, Event, NewsArticle

pytestmark = pytest.mark.django_db


def test_the_demo_has_founding_documents_with_real_pdfs_news_and_events(shared_demo):
    statute = Document.objects.get(title="Statut řídicí skupiny (demo)")
    assert statute.is_demo and statute.is_public and statute.category == "founding"
    assert list(statute.versions.values_list("number", flat=True)) == [2, 1]
    current = statute.versions.first()
    with current.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Statut řídicí skupiny (demo)" in text
    assert "Článek 3" in text
    assert "Demo" in text
    assert Document.objects.filter(category="founding", is_demo=True).count() == 2
    invitation = Document.objects.get(category="invitation", is_demo=True)
    assert invitation.meeting is not None and invitation.meeting.kind == "information"
    assert statute.group is not None and statute.group.kind == "steering"
    assert Document.objects.filter(is_public=False, is_demo=True).count() == 1
    # the start, the approved plan, the monitoring of 2019 and of 2020, the booklet (issue 15)
    assert NewsArticle.objects.filter(is_demo=True, is_published=True).count() == 5
    assert Event.objects.filter(is_demo=True, is_public=True).count() == 2


def test_loading_the_demo_twice_creates_nothing_new(shared_demo):
    counts = (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        NewsArticle.objects.count(),
    )

    report = load_demo()

    assert (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        NewsArticle.objects.count(),
    ) == counts
    assert not any(key in report.created for key in ("document", "news article", "event"))
