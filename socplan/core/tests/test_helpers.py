"""Generic helpers of core: service errors on forms and the word-level difference."""

from django import forms
from django.core.exceptions import ValidationError

from socplan.core.diff import word_diff, word_diff_html
from socplan.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)
    email = forms.CharField(required=False)


def _bound():
    form = NameForm({"name": "x", "email": "y"})
    assert form.is_valid()
    return form


def test_errors_by_field_go_to_their_fields_and_the_rest_to_the_form():
    form = _bound()
    add_service_errors(form, ValidationError({"name": "Bad name.", "other": "Wrong."}))
    assert form.errors["name"] == ["Bad name."]
    assert form.non_field_errors() == ["Wrong."]


def test_an_error_without_fields_goes_to_the_form_or_to_the_given_field():
    form = _bound()
    add_service_errors(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]
    form = _bound()
    add_service_errors(form, ValidationError("Taken."), "email")
    assert form.errors["email"] == ["Taken."]
    form = _bound()
    add_service_errors(form, ValidationError({"other": "Wrong."}), "email")
    assert form.errors["email"] == ["Wrong."]


def test_word_diff_marks_changed_words_and_keeps_the_text():
    old, new = (
        "Pečovatelská služba pro seniory\na rodiny",
        "Pečovatelské služby pro seniory\na rodiny",
    )
    old_segments, new_segments = word_diff(old, new)
    assert "".join(text for _c, text in old_segments) == old
    assert "".join(text for _c, text in new_segments) == new
    assert (True, "Pečovatelská služba") in old_segments
    assert (True, "Pečovatelské služby") in new_segments
    assert (False, " pro seniory\na rodiny") in new_segments


def test_word_diff_of_an_insertion_and_of_empty_texts():
    old_segments, new_segments = word_diff(
        "seniorům v kraji", "seniorům a lidem s postižením v kraji"
    )
    assert old_segments == [(False, "seniorům v kraji")]
    assert new_segments == [
        (False, "seniorům"),
        (True, " a lidem s postižením"),
        (False, " v kraji"),
    ]
    assert word_diff("a b c d", "a x y d") == (
        [(False, "a "), (True, "b c"), (False, " d")],
        [(False, "a "), (True, "x y"), (False, " d")],
    )
    assert word_diff("", "nové") == ([], [(True, "nové")])


def test_word_diff_html_escapes_and_marks():
    left, right = word_diff_html("a <b> c", "a <i> c")
    assert left == "a <del>&lt;b&gt;</del> c"
    assert right == "a <ins>&lt;i&gt;</ins> c"
