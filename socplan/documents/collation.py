"""Czech alphabetical order (ČSN 97 6030) for the indexes of printed documents.

PyICU (whose ``cs`` collation does this) has no wheels and needs the ICU headers to
build, so the rules are written out here:

- primary letters: a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž
  ("ch" is one letter, after "h"; č ř š ž are letters of their own);
- other diacritics (á ď é ě í ň ó ť ú ů ý) differ only at the second level: "Cena" <
  "Céna" < "Cenb";
- case differs only at the third level, lower case first;
- spaces and punctuation sort before digits, digits before letters.

``sorted(names, key=czech_sort_key)`` sorts Czech names; for a database query, sort the
rows in Python (every index here is small).
"""

import unicodedata

# Letters of their own (primary); "ch" is handled as a digraph.
_PRIMARY_LETTERS = "abcčdefgh" + "\x00" + "ijklmnopqrřsštuvwxyzž"  # \x00 marks "ch"
_CH = "\x00"
_WEIGHTS = {letter: 100 + index for index, letter in enumerate(_PRIMARY_LETTERS)}
_OWN_LETTERS = set("čřšž")


def _split(char: str) -> tuple[str, int]:
    """The base letter of a (lower-case) character and its secondary weight."""
    if char in _OWN_LETTERS:
        return char, 0
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    accents = decomposed[1:]
    return base, (1 + sum(ord(a) for a in accents) % 97) if accents else 0


def czech_sort_key(text: str) -> tuple:
    """A key that sorts strings in Czech alphabetical order."""
    text = unicodedata.normalize("NFC", str(text or "")).strip()
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        lower = char.lower()
        if lower == "c" and index + 1 < len(text) and text[index + 1].lower() == "h":
            primary.append(_WEIGHTS[_CH])
            secondary.append(0)
            tertiary.append(0 if char.islower() else 1)
            index += 2
            continue
        index += 1
        base, accent = _split(lower)
        if base in _WEIGHTS:
            weight = _WEIGHTS[base]
        elif base.isdigit():
            weight = 10 + int(unicodedata.digit(base, 0))
        elif base.isalpha():
            weight = 1000 + ord(base)  # letters of other alphabets after Czech ones
        elif base.isspace():
            weight = 1
        else:
            weight = 2  # punctuation
        primary.append(weight)
        secondary.append(accent)
        tertiary.append(0 if not char.isupper() else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)
