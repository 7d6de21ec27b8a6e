"""The open-data publisher's IČO is checked when the server starts."""

from socplan.api.checks import check_opendata_publishers


def test_it_accepts_a_valid_ico_and_no_setting(settings):
    settings.OPENDATA_PUBLISHER = "00248801"  # Humpolec
    settings.OPENDATA_PUBLISHERS = {"kpss": "00248801"}
    assert check_opendata_publishers() == []
    settings.OPENDATA_PUBLISHER = ""
    settings.OPENDATA_PUBLISHERS = {}
    assert check_opendata_publishers() == []


def test_it_warns_of_an_ico_that_is_not_one(settings):
    settings.OPENDATA_PUBLISHER = "12345678"
    settings.OPENDATA_PUBLISHERS = {"kpss-orp-humpolec": "abc"}
    messages = check_opendata_publishers()
    assert [m.id for m in messages] == ["api.W001", "api.W001"]
    assert "12345678" in messages[0].msg
    assert "kpss-orp-humpolec" in messages[1].msg
