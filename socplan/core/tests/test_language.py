import pytest

pytestmark = pytest.mark.django_db


def test_it_speaks_czech_by_default(client, settings, process):
    settings.LANGUAGE_CODE = "cs"

    content = client.get("/").content.decode()

    assert '<html lang="cs">' in content
    assert "Komunitní plánování sociálních služeb" in content
    assert "Přejít k obsahu" in content


def test_it_switches_to_english_and_back(client, settings, process):
    settings.LANGUAGE_CODE = "cs"

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Skip to content" in content
    response = client.post("/i18n/setlang/", {"language": "cs", "next": "/"}, follow=True)
    assert '<html lang="cs">' in response.content.decode()


def test_it_formats_numbers_and_dates_the_czech_way(client, settings, process):
    settings.LANGUAGE_CODE = "cs"

    content = client.get(process.get_absolute_url()).content.decode()

    assert "11\xa0860" in content  # population of the test area, Czech thousands separator
    assert "1. 9. 2017" in content  # the interface's date (core/formats)


def test_it_has_every_message_translated():
    import polib
    from django.conf import settings as django_settings

    for language in ("cs", "en"):
        po = polib.pofile(
            str(django_settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po")
        )
        assert po.untranslated_entries() == [], language
        assert [e for e in po.fuzzy_entries() if e.msgid] == [], language
