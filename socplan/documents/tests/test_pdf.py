import pytest

from socplan.documents.pdf import pdf_text, render_pdf
from socplan.documents.typography import NBSP, czech_nbsp


def test_it_binds_one_letter_prepositions_and_units():
    text = czech_nbsp("Služba v Humpolci a okolí stojí 10 000 Kč podle § 37 zákona")
    assert f"v{NBSP}Humpolci" in text
    assert f"a{NBSP}okolí" in text
    assert f"10{NBSP}000{NBSP}Kč" in text
    assert f"§{NBSP}37" in text
    assert "stojí 10" in text  # ordinary spaces stay


@pytest.mark.django_db
def test_it_renders_a_czech_pdf_with_title_page_and_publicity_notice(process):
    process.publicity_notice = "Projekt je financován z Evropského sociálního fondu."
    process.save()
    pdf = render_pdf(
        "documents/print_base.html",
        {"title": "Katalog sociálních služeb", "subtitle": "ORP Humpolec", "process": process},
        language="cs",
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Katalog sociálních služeb" in text
    assert "Evropského sociálního fondu" in text


def test_a_kept_document_is_made_once_per_content_and_replaced_on_a_change(settings, tmp_path):
    from socplan.documents.pdf import cached_document, content_key

    settings.DATA_DIR = tmp_path
    made = []

    def keep(key: str, content: bytes, prefix: str = "plan-1-cs-"):
        def make():
            made.append(content)
            return content

        return cached_document(
            folder="docs", prefix=prefix, key=content_key(key), suffix="pdf", make=make
        )

    path, fresh = keep("<html>A</html>", b"A")
    assert fresh and path.read_bytes() == b"A"
    # the same content: the kept file, nothing made
    again, fresh = keep("<html>A</html>", b"changed?")
    assert (again, fresh, made) == (path, False, [b"A"])
    # another content: made, and the older file of the same document removed
    other_document, _ = keep("<html>A</html>", b"A2", prefix="plan-2-cs-")
    changed, fresh = keep("<html>B</html>", b"B")
    assert fresh and changed.read_bytes() == b"B" and changed != path
    assert not path.exists()
    assert other_document.exists()  # another document's file is left alone
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(
        [changed.name, other_document.name]
    )


def test_the_page_references_of_a_pdf_are_kept_until_a_page_is_added():
    """The fix of pydyf's quadratic page references (socplan.documents.pdf._patch_pydyf):
    the same tuple while no page is added, a new one with every page after that."""
    import pydyf

    from socplan.documents.pdf import _patch_pydyf

    _patch_pydyf()
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    second = pdf.page_references
    assert len(second) == 2 and second[0] == first[0]
    assert second == tuple(f"{n} 0 R".encode() for n in pdf.pages["Kids"][::3])


def test_typesetting_raises_the_gc_threshold_and_puts_it_back_after_the_last_one():
    import gc

    from socplan.documents import pdf as module

    before = gc.get_threshold()
    with module._fewer_collections():
        assert gc.get_threshold()[0] == module.GC_THRESHOLD_WHILE_TYPESETTING
        with module._fewer_collections():  # a second typesetting at the same time (a job)
            assert gc.get_threshold()[0] == module.GC_THRESHOLD_WHILE_TYPESETTING
        assert gc.get_threshold()[0] == module.GC_THRESHOLD_WHILE_TYPESETTING
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), module._fewer_collections():
        raise RuntimeError("typesetting failed")
    assert gc.get_threshold() == before
