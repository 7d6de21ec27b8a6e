"""The word-level difference of two texts, for showing what changed (plan versions,
proposed changes of a catalogue entry)."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Segment = tuple[bool, str]  # (changed, text)

_TOKENS = re.compile(r"\S+|\s+")


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same kind, and changes separated only by
    unchanged whitespace (so that "a <del>b</del> <del>c</del>" reads "a <del>b c</del>")."""
    result: list[Segment] = []
    for index, (changed, text) in enumerate(segments):
        if (
            not changed
            and not text.strip()
            and result
            and result[-1][0]
            and index + 1 < len(segments)
            and segments[index + 1][0]
        ):
            changed = True
        if result and result[-1][0] == changed:
            result[-1] = (changed, result[-1][1] + text)
        else:
            result.append((changed, text))
    return result


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The segments ``(changed, text)`` of the old text (removed words marked changed) and
    of the new text (inserted words marked changed). Joined, the segments give back the
    texts exactly, whitespace and line breaks included."""
    old_words = _TOKENS.findall(old or "")
    new_words = _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = "".join(old_words[i1:i2])
        new_part = "".join(new_words[j1:j2])
        changed = op != "equal"
        if old_part:
            old_segments.append((changed, old_part))
        if new_part:
            new_segments.append((changed, new_part))
    return _merge(old_segments), _merge(new_segments)


def word_diff_html(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts as escaped HTML with the changed words marked: ``<del>`` in the old,
    ``<ins>`` in the new."""
    old_segments, new_segments = word_diff(old, new)
    return _html(old_segments, "del"), _html(new_segments, "ins")


def _html(segments: list[Segment], tag: str) -> SafeString:
    parts = [
        f"<{tag}>{escape(text)}</{tag}>" if changed else str(escape(text))
        for changed, text in segments
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
