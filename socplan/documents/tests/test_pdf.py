from socplan.documents.typography import NBSP, czech_nbsp


def test_it_binds_one_letter_prepositions_and_units():
    text = czech_nbsp("Služba v Humpolci a okolí stojí 10 000 Kč podle § 37 zákona")
    assert f"v{NBSP}Humpolci" in text
    assert f"a{NBSP}okolí" in text
    assert f"10{NBSP}000{NBSP}Kč" in text
    assert f"§{NBSP}37" in text
    assert "stojí 10" in text  # ordinary spaces stay


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
