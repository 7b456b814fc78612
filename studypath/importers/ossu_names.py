"""Course names as the OSSU page writes them, and the names its prerequisites use for them.

A prerequisite rarely repeats a course's title: "Algorithms Part 1" names "Algorithms: Design
and Analysis, Part 1", "Nand2Tetris II" names "... Nand to Tetris Part II", "Calculus 1A" names
"Calculus 1A: Differentiation". Names are compared normalised (:func:`normalise`: case,
punctuation, "&"/"and", roman numerals and "Part N", a few shortenings), then:

1. exactly, against every name a course goes by (:class:`Names`): its title, the parts before
   and after its colon (or a spaced dash), its title without a parenthesis, an abbreviation in
   parentheses, and its series name (the title without its number: "Calculus" for Calculus 1A
   to 1C); a series name, or the part before the colon that several courses share
   ("Databases"), names all of them;
2. else by token-set similarity (rapidfuzz): the mention's words must be mostly the name's
   (three quarters of them, each compared with typo tolerance), cover at least half of the
   name, and agree on its number; a single word only ever matches exactly.

Only names of courses in the page are candidates; what matches none is left to the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: Shortenings written for a course's name, and words written two ways; applied to both sides.
SHORTENINGS = {
    "nand2tetris": "nand to tetris",
    "n2t": "nand to tetris",
    "ostep": "operating systems three easy pieces",
    "htdp": "how to design programs",
    "sicp": "structure and interpretation of computer programs",
    "mathematics": "math",
    "maths": "math",
    "computer science": "cs",
    "introduction": "intro",
}
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8"}
WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "first": "1", "second": "2"}
#: Roman numerals that are also words: numbers only after "part" or at the end of a name.
AMBIGUOUS_ROMAN = frozenset({"i", "v"})
STOPWORDS = frozenset(
    ["a", "an", "the", "of", "to", "and", "in", "for", "from", "with", "using", "on", "by", "via",
     "at", "its", "your"]
)  # fmt: skip
_NUMBER = re.compile(r"\d+[a-z]?")
_TOKEN = re.compile(r"[a-z0-9+#]+")
#: Where a title's name ends and its subtitle starts: a colon, or a dash between spaces.
_TITLE_PARTS = re.compile(r":|\s[-–—]\s")
_SHORTENING = re.compile(r"\b(" + "|".join(map(re.escape, SHORTENINGS)) + r")\b")

#: The kinds of name a course goes by, most specific first; the kinds that may name several
#: courses at once (a series) are the last two.
FULL, PART, HEAD, SERIES = "full", "part", "head", "series"
MANY = frozenset({HEAD, SERIES})


def tokens(text: str) -> list[str]:
    """The words of a name, normalised: ``Nand to Tetris Part II`` -> nand to tetris 2."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    text = re.sub(r"(?<=\w)['’]s?\b", "", text)  # apostrophes: "Student's" -> student
    text = _SHORTENING.sub(lambda m: SHORTENINGS[m.group(1)], text)
    words = _TOKEN.findall(text)
    out: list[str] = []
    for position, written in enumerate(words):
        after_part = bool(out) and out[-1] == "part"
        last = position == len(words) - 1
        word = written
        if written in ROMAN and (written not in AMBIGUOUS_ROMAN or after_part or last):
            word = ROMAN[written]
        elif after_part and written in WORDS:
            word = WORDS[written]
        if after_part and _NUMBER.fullmatch(word):
            out.pop()  # "part 2" -> "2"
        out.append(word)
    return out


def normalise(text: str) -> str:
    return " ".join(tokens(text))


def numbers(words: Sequence[str]) -> frozenset[str]:
    return frozenset(w for w in words if _NUMBER.fullmatch(w))


def content(words: Sequence[str]) -> frozenset[str]:
    """The words that carry a name's meaning: not stop words, not numbers."""
    return frozenset(w for w in words if w not in STOPWORDS and not _NUMBER.fullmatch(w))


@dataclass(frozen=True)
class Found:
    """The courses a mention names (indexes into the titles given to :class:`Names`), how it
    was recognised, and, when it names several that are not one series, that it is ambiguous."""

    courses: tuple[int, ...]
    how: str
    ambiguous: bool = False


class Names:
    """Every name of every course, for matching prerequisite mentions against."""

    def __init__(self, titles: Sequence[str]) -> None:
        self.titles = tuple(titles)
        self._exact: dict[str, dict[str, list[int]]] = {}
        for index, title in enumerate(titles):
            for kind, name in _names(title):
                courses = self._exact.setdefault(name, {}).setdefault(kind, [])
                if index not in courses:
                    courses.append(index)
        self._words = {name: tokens(name) for name in self._exact}

    def exact(self, text: str) -> Found | None:
        """The courses a mention names exactly (by any of their names), or None."""
        kinds = self._exact.get(normalise(text))
        if not kinds:
            return None
        for kind in (FULL, PART, HEAD, SERIES):
            if kind in kinds:
                courses = tuple(kinds[kind])
                return Found(courses, kind, len(courses) > 1 and kind not in MANY)
        return None  # pragma: no cover - every name has a kind

    def similar(self, text: str) -> Found | None:
        """The courses a mention names by token-set similarity, or None."""
        from rapidfuzz import fuzz

        words = tokens(text)
        said = " ".join(words)
        if len([w for w in words if w not in STOPWORDS]) < 2:
            return None
        best: tuple[float, list[tuple[str, str]]] = (0.0, [])
        numbered = bool(numbers(words))
        for name, all_kinds in self._exact.items():
            # A series name has lost its numbers: a numbered mention compares with the rest.
            kinds = [k for k in all_kinds if not (numbered and k == SERIES)]
            named = {c for kind in kinds for c in all_kinds[kind]}
            if not named:
                continue
            score = _similarity(words, self._words[name], len(named))
            if score < 80 or fuzz.token_set_ratio(said, name) < 70:
                continue
            if score > best[0]:
                best = (score, [])
            if score == best[0]:
                best[1].extend((name, kind) for kind in kinds)
        if not best[1]:
            return None
        courses: list[int] = []
        for name, kind in best[1]:
            courses += [c for c in self._exact[name][kind] if c not in courses]
        one_series = len({name for name, _ in best[1]}) == 1 and all(k in MANY for _, k in best[1])
        return Found(tuple(courses), "similar", len(courses) > 1 and not one_series)


def _names(title: str) -> list[tuple[str, str]]:
    """The names a course goes by, each with its kind."""
    found = [(FULL, normalise(title))]
    bare = re.sub(r"\([^)]*\)", " ", title)
    if bare != title:
        found.append((PART, normalise(bare)))
        for inside in re.findall(r"\(([^)]*)\)", title):
            if re.fullmatch(r"[A-Z0-9][A-Za-z0-9.+#-]*", inside.strip()) and (
                any(c.isdigit() for c in inside) or sum(c.isupper() for c in inside) >= 2
            ):
                found.append((PART, normalise(inside)))  # "(CS50)": an abbreviation
    parts = _TITLE_PARTS.split(bare, maxsplit=1)
    if len(parts) == 2:  # "Calculus 1A: Differentiation", "How to Code - Simple Data"
        found += [(HEAD, normalise(parts[0])), (PART, normalise(parts[1]))]
    for _, name in list(found):
        words = name.split()
        if numbers(words) and content(words):
            found.append((SERIES, " ".join(w for w in words if not _NUMBER.fullmatch(w))))
    return [(kind, name) for kind, name in found if content(name.split())]


def _same(word: str, other: str) -> bool:
    """Two words alike: equal, or long and one slip (or a plural) apart."""
    if word == other:
        return True
    if min(len(word), len(other)) < 5 or _NUMBER.fullmatch(word) or _NUMBER.fullmatch(other):
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(word, other, score_cutoff=1) <= 1  # one edit, or two letters swapped


def _similarity(mention: Sequence[str], name: Sequence[str], named: int) -> float:
    """0 (no match) to 105: how much of the mention is the name, and of the name the mention;
    ``named`` is how many courses the name names."""
    wanted, have = numbers(mention), numbers(name)
    said = {w for w in mention if w not in STOPWORDS}
    words = {w for w in name if w not in STOPWORDS}
    if wanted and have and wanted != have:
        return 0.0
    if wanted and not have:
        if wanted != {"1"} or named > 1:
            return 0.0  # a number picks one course: an unnumbered one only as its first part
        said -= wanted
    if not said or not words:
        return 0.0
    shared = sum(1 for word in said if any(_same(word, other) for other in words))
    of_mention, of_name = shared / len(said), shared / len(words)
    if of_mention < 0.75 or of_name < 0.5:
        return 0.0
    bonus = 5.0 if wanted and wanted == have else 0.0
    return 100.0 * (of_mention + of_name) / 2 + bonus
