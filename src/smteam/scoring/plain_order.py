"""The order of a very big full ranking of plain candidates, worked out with numpy.

:func:`smteam.scoring.ranking.tied_placings` puts each standing's candidates in order by
name, a Python sort of a few thousand strings per standing; for a million candidates that
is a second, most of it spent reaching strings strewn over memory. When every name is
printable ASCII with single spaces between words, a name's sort key
(:func:`smteam.text.name_key`) is the name in lower case, so the whole order is one numpy
sort of the names' bytes, eight at a time as one number, under the standings' order.
"""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING, Any, Final

from smteam.scoring.ranking import Placings, one_small_denominator

if TYPE_CHECKING:
    from smteam.scoring.streamed import PlainRows

ORDER_FROM: Final = 1 << 16
"""Candidates from which a full ranking is put in order with numpy: any full output of this
many takes a second or more, which importing numpy (a tenth of one) barely adds to, and a
CSV export imports it anyway."""


def packed_placings(rows: PlainRows, *, eligible_only: bool) -> Placings | None:
    """What :func:`tied_placings` gives for every candidate of ``rows`` (whose names differ
    in :func:`smteam.text.person_key`, so in sort key too), put in order with numpy; None
    when a name is not printable ASCII with single spaces between words, or the standings
    are not whole numerators over one small denominator (then it is the other's to do)."""
    import numpy

    distinct = rows.distinct
    names = rows.ascii_names()
    if names is None or not one_small_denominator(distinct):
        return None
    joined, as_bytes = names
    if not single_spaced(joined):
        return None
    # The standings in the order shown, as tied_placings has them: the eligible first, then
    # the best score first, standings met first first among equal scores (a stable sort).
    kept = sorted(range(len(distinct)), key=lambda d: (not distinct[d][3], -distinct[d][0]))
    if eligible_only:
        kept = [d for d in kept if distinct[d][3]]
    place = numpy.full(len(distinct), len(kept), dtype=numpy.int64)  # left out: last
    place[kept] = numpy.arange(len(kept))
    at = place[numpy.asarray(memoryview(rows.standings))]
    order = numpy.lexsort([*reversed(_lowered_words(numpy, as_bytes)), at])
    counts = numpy.bincount(at, minlength=len(kept) + 1)[: len(kept)].tolist()
    ranks: list[int | None] = []
    for standing, count in zip(kept, counts, strict=True):
        ranks += repeat(len(ranks) + 1 if distinct[standing][3] else None, count)
    shown: Any = order[: len(ranks)]  # numpy: a sequence to PlainEntries, not to its stubs
    return Placings(shown, ranks)


def single_spaced(joined: str) -> bool:
    """Whether names joined by line breaks each have single spaces between words and none
    before or after: then an ASCII name's sort key is the name in lower case."""
    if "  " in joined or " \n" in joined or "\n " in joined:
        return False
    return not (joined.startswith(" ") or joined.endswith(" "))


def _lowered_words(numpy: Any, names: Any) -> list[Any]:
    """Each name (ASCII bytes) in lower case, as numbers of eight bytes each, the first
    bytes first: comparing them in turn compares the names as Python compares the texts
    (numpy pads a short name with zero bytes, below every character)."""
    width = names.itemsize
    letters = numpy.zeros((len(names), -(-width // 8) * 8), dtype=numpy.uint8)
    letters[:, :width] = names.view(numpy.uint8).reshape(len(names), width)
    upper = (letters >= ord("A")) & (letters <= ord("Z"))
    numpy.add(letters, ord("a") - ord("A"), out=letters, where=upper)
    words = letters.view(">u8").astype(numpy.uint64)
    return [words[:, j] for j in range(words.shape[1])]
