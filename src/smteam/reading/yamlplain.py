"""The plainest candidates file in YAML, read a candidate at a time without a YAML parser.

A year of applicants exported to YAML is nearly always written one way: an optional
``rubric:`` line, ``candidates:``, then for each candidate ``- name:``, ``department:`` and
``ratings:`` with one ``trait: rating`` line each, block style, nothing else. Such a file is
read here with a few regular expressions, a candidate at a time (a YAML parser makes some
thirty Python objects per candidate before smteam sees one), into the texts the strict YAML
reader (:mod:`smteam.reading.yamlfile`) would read as scalars: a name or department is
passed on only when :func:`~smteam.reading.scalars.resolve_plain` reads it as that very
text, and the ratings' keys and numbers are left to the caller to read the same way.

Anything else is declined, never guessed at: a comment, a blank line, a quote, a tab, a
carriage return, another key or another order of keys, any indentation but one, a text with
a character YAML treats specially, a missing final line break, a ``rubric:`` reference the
full reading refuses (too long, or with an unusual space or an invisible character).
The file is then read by the YAML reader, which words every problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from smteam.reading.scalars import resolve_plain
from smteam.text import LINE_MAX, text_problem

_HEAD: Final = re.compile(r"(?:rubric: ([^\n]*)\n)?candidates:\n")
_CANDIDATE: Final = re.compile(
    r"(?P<indent> *)- name: (?P<name>[^\n]*)\n"
    r"(?P=indent)  department: (?P<department>[^\n]*)\n"
    r"(?P=indent)  ratings:\n"
    r"(?P<ratings>(?P=indent)  (?P<deeper> +)[a-z][a-z0-9-]*: [0-9]+\n"
    r"(?:(?P=indent)  (?P=deeper)[a-z][a-z0-9-]*: [0-9]+\n)*)"
)
_RATING: Final = re.compile(r" +([a-z][a-z0-9-]*): ([0-9]+)\n")
_TEXT: Final = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
"""Printable characters YAML reads as themselves in a plain scalar: no line break of YAML
1.1 (NEL, LS, PS), no byte order mark, no surrogate or control character."""
_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that make a plain scalar something else when they start it."""


PlainCandidate = tuple[str, str, tuple[str, ...], tuple[str, ...]]
"""A candidate's name and department, the keys of their ratings (each a text YAML reads as
itself) and the ratings as written, in the file's order."""


class PlainYaml:
    """The file's ``rubric:`` text (None without the line) and its candidates
    (:meth:`candidates`)."""

    def __init__(self, text: str, rubric: str | None, start: int) -> None:
        self.rubric = rubric
        self._text, self._start = text, start

    def candidates(self) -> Iterator[PlainCandidate | None]:
        """Each candidate, in order; None, and no more, at the first stretch of the file
        that is not of the plainest kind (the end included). The ratings are the caller's
        to read (with :func:`resolve_plain`, as the YAML reader does)."""
        text, at, indent = self._text, self._start, None
        end = len(text)
        known: tuple[str, ...] = ()  # the last keys found to be texts
        while at < end:
            found = _CANDIDATE.match(text, at)
            if found is None or (indent is not None and found["indent"] != indent):
                yield None
                return
            indent = found["indent"]
            name, department = _plain_text(found["name"]), _plain_text(found["department"])
            if name is None or department is None:
                yield None
                return
            keys, ratings = zip(*_RATING.findall(found["ratings"]), strict=True)
            if keys != known:
                if any(resolve_plain(key).__class__ is not str for key in keys):
                    yield None
                    return
                known = keys
            yield name, department, keys, ratings
            at = found.end()


def plain_yaml(text: str) -> PlainYaml | None:
    """The file as :class:`PlainYaml` when it starts as the plainest kind does (its
    candidates are checked as they are read); None when it does not."""
    head = _HEAD.match(text)
    if head is None or head.end() == len(text):
        return None
    rubric = head[1]
    if rubric is not None and (
        _plain_text(rubric) is None
        # the rule of a rubric reference (RubricRef in smteam.checking.models): the full
        # reading refuses one too long, or with an unusual space or an invisible character
        or text_problem(rubric, kind="rubric name or path", max_length=LINE_MAX) is not None
    ):
        return None
    return PlainYaml(text, rubric, head.end())


def _plain_text(text: str) -> str | None:
    """A plain scalar's text when YAML reads it as exactly that text, else None."""
    if (
        _TEXT.fullmatch(text) is None
        or text[0] in _INDICATORS
        or text[0] == " "
        or text[-1] == " "
        or text[-1] == ":"
        or ": " in text
        or "#" in text
    ):
        return None
    value = resolve_plain(text)
    return text if value.__class__ is str and value == text else None
