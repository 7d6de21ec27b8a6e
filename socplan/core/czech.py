"""Czech grammar the interface needs: the vocative (5th case) of a person's name, for
e-mails that address the person ("Dobrý den, Jano Nováková," / "Dobrý den, Petře Nováku,").

The rules cover the usual Czech first names and surnames; a name they do not know is left
as it is (a title, an organisation, a foreign name), which reads like the nominative that
every e-mail used before. Women's names ending in a consonant (Dagmar, Ester) and
adjectival names (Nováková, Černý, Jiří) do not change.
"""

import re

from django.utils import translation

_WORD = re.compile(r"^[^\W\d_]+$")
_UNCHANGED_ENDINGS = ("á", "ý", "í", "é", "e", "ě", "i", "o", "u", "y", "ů")
_SOFT = ("š", "ž", "č", "ř", "c", "j", "ď", "ť", "ň", "s", "z", "x")
_VELAR = ("k", "h", "g", "ch")
_VOWELS = "aáeéěiíoóuúůyý"


def _is_female(words: list[str]) -> bool:
    if len(words) > 1:
        return words[-1].endswith("á")
    return words[0].endswith("a")


def _word_vocative(word: str, *, female: bool) -> str:
    if not _WORD.match(word) or len(word) < 2 or word.isupper():
        return word
    lower = word.lower()
    if lower.endswith("a"):
        return word[:-1] + "o"  # Jana → Jano, Svoboda → Svobodo
    if female or lower.endswith(_UNCHANGED_ENDINGS):
        return word  # Dagmar, Nováková, Černý, Jiří, Marie
    if lower.endswith("něk"):
        return word[:-3] + "ňku"  # Zdeněk → Zdeňku
    if lower.endswith("ek") and len(word) > 3:
        return word[:-2] + "ku"  # Marek → Marku, Hájek → Hájku
    if lower.endswith("ec") and len(word) > 3:
        return word[:-2] + "ci"  # Němec → Němci
    if lower.endswith(("iel", "uel", "cel")):
        return word + "i"  # Daniel → Danieli, Samuel → Samueli, Marcel → Marceli
    if lower.endswith("el") and len(word) > 3 and lower[-3] not in _VOWELS:
        return word[:-2] + "le"  # Pavel → Pavle, Karel → Karle
    if lower.endswith("r") and lower[-2] not in _VOWELS:
        return word[:-1] + "ře"  # Petr → Petře, Alexandr → Alexandře
    if lower.endswith(_VELAR):
        return word + "u"  # Novák → Nováku, Oldřich → Oldřichu
    if lower.endswith(_SOFT):
        return word + "i"  # Tomáš → Tomáši, Ondřej → Ondřeji
    return word + "e"  # Jan → Jane, Michal → Michale, Král → Krále


def vocative(name: str) -> str:
    """The Czech vocative of a person's name: "Petr Novák" → "Petře Nováku"."""
    words = (name or "").split()
    if not words:
        return ""
    female = _is_female(words)
    return " ".join(_word_vocative(word, female=female) for word in words)


def addressed_name(name: str) -> str:
    """``name`` as the active language addresses a person: the vocative in Czech."""
    language = translation.get_language() or ""
    return vocative(name) if language.startswith("cs") else (name or "").strip()
