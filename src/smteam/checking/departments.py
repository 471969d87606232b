"""The seven departments a social media team draws from (article 001), and their common names.

Amber Naslund's cross-functional team takes a point person or two from each of: PR and
corporate communications, marketing, customer service, business development or sales, brand
management, product development, and the executive team. Candidates' ``department`` values are
checked against this list, case-insensitively and with the aliases below.
"""

from __future__ import annotations

import re
from typing import Final

DEPARTMENTS: Final[dict[str, tuple[str, ...]]] = {
    "PR and Corporate Communications": (
        "PR",
        "Public Relations",
        "Corporate Communications",
        "Corporate Comms",
        "Communications",
        "Comms",
        "PR and Communications",
        "PR & Corporate Communications",
    ),
    "Marketing": ("Mktg", "Digital Marketing"),
    "Customer Service": (
        "Customer Support",
        "Support",
        "Client Service",
        "Client Services",
        "Customer Care",
        "Customer and Client Service",
        "Customer and/or Client Service",
        "Customer Services",
    ),
    "Business Development / Sales": (
        "Sales",
        "Business Development",
        "BD",
        "BizDev",
        "Business Development or Sales",
        "Business Development and Sales",
    ),
    "Brand Management": ("Brand", "Brand Team"),
    "Product Development": ("Product", "Product Management", "R&D", "Research and Development"),
    "Executive Team": ("Executive", "Executives", "Leadership", "Leadership Team", "C-Suite"),
}


def _fold(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_LOOKUP: Final[dict[str, str]] = {
    _fold(alias): canonical
    for canonical, aliases in DEPARTMENTS.items()
    for alias in (canonical, *aliases)
}


def canonical_department(text: str) -> str | None:
    """The department's name in the vocabulary, or None when it is not one of the seven."""
    return _LOOKUP.get(_fold(text))


def known_department_names() -> list[str]:
    """Every name and alias the vocabulary accepts, for suggestions."""
    return [name for canonical, aliases in DEPARTMENTS.items() for name in (canonical, *aliases)]
