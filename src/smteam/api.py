"""The steps behind each command, from file names to results: read, resolve the rubric, check,
score. Problems come back as :class:`~smteam.errors.SmteamError`; nothing here prints.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from smteam.checking.departments import DEPARTMENTS
from smteam.checking.documents import (
    CandidatesDocument,
    CandidateSet,
    Format,
    check_candidates_document,
    format_of,
    kind_of,
    looks_like_candidates,
    open_candidates,
    read_rubric,
    what_it_is,
)
from smteam.checking.models import Candidate, CandidatesFile, Review, Rubric
from smteam.choices import Aggregate, MissingPolicy
from smteam.errors import InputError, Problem, RubricError, UsageError
from smteam.reading.sources import (
    DEFAULT_MAX_BYTES,
    DEFAULT_RUBRIC,
    NO_SUCH_FILE,
    STDIN,
    Source,
    _too_big,
    builtin_rubric_names,
    expand_inputs,
    find_rubric,
    looks_like_path,
    read_source,
)
from smteam.reading.wording import did_you_mean
from smteam.reading.yamlfile import Progress, collector_paused
from smteam.scoring.ranking import Ranking, rank_candidates
from smteam.scoring.scores import ScoringPlan, plan_scoring
from smteam.text import person_key

if TYPE_CHECKING:  # loaded by the commands that use them, not by ``rank``
    from smteam.checking.plan import Plan
    from smteam.formats.html import Report
    from smteam.reading.jsonfile import PlainJson
    from smteam.reading.yamlplain import PlainYaml
    from smteam.scoring.calibration import Calibration
    from smteam.scoring.comparison import Comparison
    from smteam.scoring.coverage import CoverageReport
    from smteam.scoring.explain import Explanation
    from smteam.scoring.reliability import Reliability
    from smteam.scoring.stability import StabilitySettings
    from smteam.scoring.streamed import PlainReading
    from smteam.scoring.teamreport import TeamReport, TeamSettings


@dataclass(frozen=True, slots=True)
class RankOptions:
    """What ``smteam rank`` and ``smteam validate`` were asked, as typed values."""

    rubric: str | None = None
    missing: MissingPolicy = MissingPolicy.ERROR
    strict: bool = False
    top: int | None = None
    eligible_only: bool = False
    aggregate: Aggregate = Aggregate.MEAN
    disagreement: int = 2
    blind: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    """The most bytes read from any one input."""
    stability: StabilitySettings | None = None
    """With ``rank --stability``: how to sample the weights."""
    input_format: Format = "yaml"
    """What standard input (``-``) holds: it has no extension to tell."""

    def plan(self, rubric: Rubric) -> ScoringPlan:
        return plan_scoring(
            rubric,
            missing=self.missing,
            aggregate=self.aggregate,
            disagreement=self.disagreement,
        )


def load_rubric(ref: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Rubric:
    """A rubric by built-in name or path; raises :class:`RubricError`."""
    source = find_rubric(ref, max_bytes=max_bytes)
    return read_rubric(source.data, source.name)


def rubric_from_command_line(ref: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Rubric:
    """A rubric named on the command line: an unknown built-in name is a usage error."""
    try:
        return load_rubric(ref, max_bytes=max_bytes)
    except RubricError as exc:
        if looks_like_path(ref):
            raise  # a file that cannot be read or is invalid: invalid input, not usage
        raise UsageError(exc.problems[0].message) from None


def builtin_rubrics() -> list[Rubric]:
    """Every built-in rubric, by name."""
    return [load_rubric(name) for name in builtin_rubric_names()]


@cache
def _builtin_trait_ids() -> frozenset[str]:
    return frozenset(t for rubric in builtin_rubrics() for t in rubric.trait_ids)


class _BuiltinTraitIds:
    """The trait ids of every built-in rubric, read only if a rating needs them."""

    def __contains__(self, trait_id: object) -> bool:
        return trait_id in _builtin_trait_ids()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_builtin_trait_ids()))

    def __len__(self) -> int:
        return len(_builtin_trait_ids())


BUILTIN_TRAIT_IDS: Final = _BuiltinTraitIds()


class _RubricReader:
    """Reads each rubric of a run once, however many files name it."""

    def __init__(self) -> None:
        self._read: dict[str, Rubric | RubricError] = {}

    def read(self, source: Source) -> Rubric:
        key = str(source.path) if source.path is not None else source.name
        if key not in self._read:
            try:
                self._read[key] = read_rubric(source.data, source.name)
            except RubricError as exc:
                self._read[key] = exc
        result = self._read[key]
        if isinstance(result, RubricError):
            raise result
        return result


@dataclass(frozen=True, slots=True)
class _Opened:
    source: Source
    document: CandidatesDocument


@dataclass(frozen=True, slots=True)
class _SetAside:
    """A rubric or a team plan met among a folder's files: not ranked; a rubric may be the one
    the candidates are rated on (see ``_folder_rubric``)."""

    kind: str
    """``rubric`` or ``plan``."""
    source: Source


ProgressFor = Callable[[str, int], Progress | None]
"""Asked before each file is read (its name and size in bytes): how to report the progress
of reading it, or None not to."""


def _open(
    name: str | Inline,
    progress_for: ProgressFor | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    in_folder: bool = False,
    stdin_format: Format = "yaml",
    read: Source | None = None,
) -> _Opened | _SetAside:
    """A candidates file opened; a rubric or a team plan found ``in_folder`` is set aside (a
    folder is read by kind), and given by name it is a problem that says how to use it.
    ``read`` is the one input when it has been read already (a pipe cannot be read twice)."""
    if isinstance(name, Inline):
        source, fmt = name.source(max_bytes), name.format
    else:
        source = read if read is not None else read_source(name, max_bytes=max_bytes)
        fmt = stdin_format if name == STDIN else format_of(name)
    progress = progress_for(source.name, len(source.data)) if progress_for else None
    document = open_candidates(source.data, source.name, fmt, progress=progress)
    value = document.loaded.value
    if kind_of(value) == "rubric":
        if in_folder:
            return _SetAside("rubric", source)
        message = f"this is a rubric, not a candidates file; use it with --rubric {source.name}"
        raise InputError([Problem(source.name, message)])
    if _is_plan(value):
        if in_folder:
            return _SetAside("plan", source)
        message = f"this is a team plan, not a candidates file; use it with --plan {source.name}"
        raise InputError([Problem(source.name, message)])
    if not looks_like_candidates(value):  # one problem, quoting nothing of what it holds
        message = f"expected {CandidatesFile.shape}, found {what_it_is(value)}"
        raise InputError([document.problem_at((), message)])
    return _Opened(source, document)


def _rubric_source(opened: _Opened, max_bytes: int) -> Source:
    """The rubric a candidates file names (or the default); a name that cannot be found is a
    problem at the file's ``rubric:`` line."""
    document, source = opened.document, opened.source
    ref = document.rubric_ref or DEFAULT_RUBRIC
    try:
        return find_rubric(
            ref, relative_to=source.path.parent if source.path else None, max_bytes=max_bytes
        )
    except RubricError as exc:
        if document.rubric_ref is None:
            raise
        # A file not found: say which path was tried. It is taken from the file's folder (from
        # the current folder for standard input), which may not be where the user looked.
        tried = [
            f"{p.message}: {p.source}" if p.message == NO_SUCH_FILE else p.message
            for p in exc.problems
        ]
        raise RubricError(
            [document.problem_at(("rubric",), message) for message in tried]
        ) from None


def _one_rubric(
    opened: Sequence[_Opened], options: RankOptions, rubrics: _RubricReader
) -> tuple[Rubric | None, Path | None, list[Problem]]:
    """The rubric every file is checked against, the file it came from (if any), or the
    problems that stop that: it cannot be found or read, or the files name different ones."""
    if options.rubric is not None:
        if not looks_like_path(options.rubric):
            return rubric_from_command_line(options.rubric, max_bytes=options.max_bytes), None, []
        try:
            source = find_rubric(options.rubric, max_bytes=options.max_bytes)
            return rubrics.read(source), source.path, []
        except RubricError as exc:
            return None, None, list(exc.problems)
    if not opened:
        return None, None, []
    problems: list[Problem] = []
    chosen: tuple[Source, _Opened] | None = None
    for item in opened:
        try:
            source = _rubric_source(item, options.max_bytes)
        except RubricError as exc:
            problems.extend(exc.problems)
            continue
        if chosen is None:
            chosen = (source, item)
        elif (source.path or source.name) != (chosen[0].path or chosen[0].name):
            first = chosen[1].document.rubric_ref or DEFAULT_RUBRIC
            problems.append(
                item.document.problem_at(
                    ("rubric",) if item.document.rubric_ref else (),
                    f"this file is rated on rubric '{item.document.rubric_ref or DEFAULT_RUBRIC}'"
                    f" but {chosen[1].source.name} on '{first}'; files ranked together need one "
                    "rubric: give it with --rubric",
                )
            )
    if chosen is None or problems:
        return None, None, problems
    try:
        return rubrics.read(chosen[0]), chosen[0].path, []
    except RubricError as exc:
        return None, None, list(exc.problems)


def _named_rubric_files(opened: Sequence[_Opened]) -> list[Path]:
    """The rubric file each file names, read or not (``--rubric`` may have overridden it)."""
    named = []
    for item in opened:
        ref = item.document.rubric_ref
        if ref is not None and looks_like_path(ref):
            path = Path(ref)
            if item.source.path is not None and not path.is_absolute():
                path = item.source.path.parent / path
            named.append(path)
    return named


def _check(
    document: CandidatesDocument, rubric: Rubric | None, options: RankOptions
) -> CandidateSet:
    return check_candidates_document(
        document,
        rubric,
        other_traits=BUILTIN_TRAIT_IDS,
        missing=options.missing,
        strict_departments=options.strict,
    )


def _duplicates_across(sets: Sequence[CandidateSet]) -> list[Problem]:
    """A person listed in two files: the later one is the problem, naming the first."""
    if len(sets) < 2:
        return []  # within one file, the file's own checks have found them
    first: dict[str, tuple[CandidateSet, int]] = {}
    problems = []
    for candidate_set in sets:
        for index, candidate in enumerate(candidate_set.candidates):
            key = person_key(candidate.name)
            if key not in first:
                first[key] = (candidate_set, index)
                continue
            other, other_index = first[key]
            where = other.document.where(("candidates", other_index, "name"))
            where = other.source + (f" at {where}" if where is not None else "")
            problems.append(
                candidate_set.document.problem_at(
                    ("candidates", index, "name"),
                    f"duplicate candidate {candidate.name!r}, also in {where}; each person may "
                    "appear once across the files ranked together",
                )
            )
    return problems


@dataclass(frozen=True, slots=True)
class RankResult:
    """The ranking (the candidates asked to be shown, and where everyone stands), the warnings
    met on the way, and every file that was read (so that no output is written over one)."""

    ranking: Ranking
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]
    candidates: tuple[Candidate, ...]
    """Every candidate as ranked (anonymous under --blind)."""
    plan: ScoringPlan
    stdin_read: bool = False
    """Whether standard input was one of the inputs (``-``)."""
    rubric_found: str | None = None
    """The rubric file taken from a folder of inputs, when neither a file nor ``--rubric``
    named one."""


def blind(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates as a calibration session sees them: names replaced by C01, C02, ... in
    the order of the files, departments, raters, notes and recommendations hidden, ratings as
    they were."""
    width = max(2, len(str(len(candidates))))
    hidden = []
    for number, candidate in enumerate(candidates, start=1):
        reviews = None
        if candidate.reviews:
            reviews = [
                Review.model_construct(
                    rater=f"R{index}",
                    ratings=review.ratings,
                    notes={},
                    recommendation=None,  # a tally can lead the session: the bias blind removes
                )
                for index, review in enumerate(candidate.reviews, start=1)
            ]
        hidden.append(
            Candidate.model_construct(
                name=f"C{number:0{width}d}",
                department="",
                ratings=candidate.ratings,
                reviews=reviews,
                notes={},
            )
        )
    return hidden


def rank_inputs(
    names: Sequence[str],
    options: RankOptions,
    *,
    progress_for: ProgressFor | None = None,
    shown_only: bool = False,
) -> RankResult:
    """Read, check, score and rank the candidates of every input together.

    Raises :class:`InputError` with every problem of every file when any is invalid. With
    ``shown_only`` (``smteam rank``, which reads the ranking only), the result's
    ``candidates`` may hold only those shown, or none for a full ranking: one big
    spreadsheet is then ranked as it is read, without holding its candidates' models.
    """
    with collector_paused():
        if shown_only:
            streamed = _rank_streamed(names, options, progress_for)
            if isinstance(streamed, RankResult):
                return streamed
            if streamed is not None:  # read already (a pipe can be read only once)
                # Its progress bar was asked for once already, unless it was a pipe.
                asked = progress_for if streamed.path is None else None
                return _rank_inputs(names, options, asked, streamed)
        return _rank_inputs(names, options, progress_for)


def _rank_streamed(
    names: Sequence[str], options: RankOptions, progress_for: ProgressFor | None
) -> RankResult | Source | None:
    """``rank`` of one spreadsheet, JSON Lines, JSON or YAML file of the plainest kind, ranked
    as its rows are read (see :mod:`smteam.scoring.streamed`, :mod:`smteam.reading.yamlplain`
    and :class:`smteam.reading.jsonfile.PlainJson`).
    Anything else, a problem included, is left to the full reading, which words every
    problem: None, or the file's source when it was read."""
    found = _plain_file(names, options, progress_for)
    if not isinstance(found, _PlainFile):
        return found
    import csv

    from smteam.scoring.streamed import rank_plain_rows

    plan = options.plan(found.rubric)
    try:
        rows = found.rows(plan)
        ranked = (
            None
            if rows is None
            else rank_plain_rows(*rows, plan, top=options.top, eligible_only=options.eligible_only)
        )
    except (csv.Error, UnicodeDecodeError):
        return found.source
    if ranked is None:
        return found.source
    ranking, shown = ranked
    return RankResult(
        ranking=ranking,
        warnings=(),
        inputs=found.inputs,
        candidates=tuple(shown),
        plan=plan,
    )


@dataclass(frozen=True, slots=True)
class _PlainFile:
    """One candidates file that may be of the plainest kind, read, with the rubric it is
    ranked on and every file that was read for it."""

    source: Source
    file_format: str
    rubric: Rubric
    inputs: tuple[Path, ...]
    yaml: PlainYaml | None = None
    json: PlainJson | None = None

    def rows(self, plan: ScoringPlan) -> PlainReading | None:
        """Its candidates as plain rows (see :mod:`smteam.scoring.streamed`); None when a
        sheet's header is not of that kind. Reading them may raise ``csv.Error`` or
        ``UnicodeDecodeError``."""
        from smteam.reading.csvfile import stream_rows
        from smteam.reading.jsonfile import stream_json_lines
        from smteam.scoring.streamed import plain_object_rows, plain_sheet_rows, plain_yaml_rows

        if self.file_format == "csv":
            rows = stream_rows(self.source.data)
            header = next(rows, [])
            return plain_sheet_rows(header, rows, plan)
        if self.yaml is not None:
            return plain_yaml_rows(self.yaml.candidates(), plan)
        if self.json is not None:
            return plain_object_rows(self.json.candidates(), plan)
        return plain_object_rows(stream_json_lines(self.source.data), plan)


def _plain_file(
    names: Sequence[str], options: RankOptions, progress_for: ProgressFor | None
) -> _PlainFile | Source | None:
    """The one input, read, when it is a spreadsheet, JSON Lines, JSON or YAML file that may
    be of the plainest kind and its rubric is found without a problem. Anything else is left to
    the full reading: None, or the file's source when it was read (a pipe can be read only
    once)."""
    file_format = format_of(names[0]) if names else None
    if (
        len(names) != 1
        or options.stability is not None
        or options.blind
        or names[0] == STDIN
        or file_format not in ("csv", "json", "jsonl", "yaml")
        or list(expand_inputs([names[0]])) != [names[0]]
    ):
        return None
    try:
        source = read_source(names[0], max_bytes=options.max_bytes)
    except InputError:
        return None
    if source.path is None:  # a pipe: read once, so it is the full reading's
        return source
    named: list[Path] = []  # the rubric file a document names, as the full reading lists it
    as_yaml: PlainYaml | None = None
    as_json: PlainJson | None = None
    plain: PlainYaml | PlainJson | None = None
    if file_format in ("yaml", "json"):
        from smteam.reading.jsonfile import plain_json
        from smteam.reading.yamlfile import decode_text
        from smteam.reading.yamlplain import plain_yaml

        text, problem = decode_text(source.data, source.name, file_format.upper())
        if problem is None and file_format == "yaml":
            plain = as_yaml = plain_yaml(text)
        elif problem is None:
            plain = as_json = plain_json(text)
        if plain is None:
            return source
        if plain.rubric is not None and looks_like_path(plain.rubric):
            path = Path(plain.rubric)
            named.append(path if path.is_absolute() else source.path.parent / path)
    if progress_for is not None:
        progress_for(source.name, len(source.data))
    try:
        rubric, rubric_path = _streamed_rubric(source, options, plain.rubric if plain else None)
    except (InputError, UsageError):
        return source
    inputs = (source.path, *([rubric_path] if rubric_path is not None else []), *named)
    return _PlainFile(source, file_format, rubric, inputs, as_yaml, as_json)


def _streamed_rubric(
    source: Source, options: RankOptions, named: str | None = None
) -> tuple[Rubric, Path | None]:
    """The rubric a file is ranked on, found as ``_one_rubric`` finds it: ``--rubric``, else
    the rubric the file names (``named``, from its folder; a sheet names none), else the
    default. Raises what it meets."""
    if options.rubric is not None and not looks_like_path(options.rubric):
        return rubric_from_command_line(options.rubric, max_bytes=options.max_bytes), None
    if options.rubric is not None:
        found = find_rubric(options.rubric, max_bytes=options.max_bytes)
    else:
        folder = source.path.parent if source.path is not None else None
        found = find_rubric(
            named or DEFAULT_RUBRIC, relative_to=folder, max_bytes=options.max_bytes
        )
    return read_rubric(found.data, found.name), found.path


@dataclass(frozen=True, slots=True)
class _Checked:
    """What ranking needs of the files once they are read and checked: the candidates, the
    rubric, the warnings, and which files were read."""

    candidates: list[Candidate]
    rubric: Rubric
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]
    rubric_found: str | None = None
    """The rubric file taken from a folder of inputs, when neither a file nor ``--rubric``
    named one (the command says so)."""


def _read_and_check(
    names: Sequence[str | Inline],
    options: RankOptions,
    progress_for: ProgressFor | None,
    given: Rubric | None = None,
    *,
    read: Source | None = None,
) -> _Checked:
    """Every input read and checked against one rubric; raises :class:`InputError` with every
    problem of every file. Only models leave: the files' bytes and plain values (a hundred
    megabytes or more for a big file) are freed on return, before scoring builds as much."""
    problems: list[Problem] = []
    opened: list[_Opened] = []
    set_aside: list[_SetAside] = []
    for name, in_folder in _expanded(names):
        try:
            item = _open(
                name,
                progress_for,
                max_bytes=options.max_bytes,
                in_folder=in_folder,
                stdin_format=options.input_format,
                read=read,
            )
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(item, _SetAside):
            set_aside.append(item)
        else:
            opened.append(item)
    if not opened and not problems and set_aside:
        names_aside = ", ".join(item.source.name for item in set_aside)
        message = f"no candidates file to rank among the folder's files ({names_aside})"
        raise InputError([Problem(set_aside[0].source.name, message)])
    found: Source | None = None
    rubric: Rubric | None
    rubric_path: Path | None
    rubric_problems: list[Problem]
    if given is not None:
        rubric, rubric_path, rubric_problems = given, None, []
    else:
        found, rubric_problems = _folder_rubric(opened, set_aside, options)
        if found is not None:
            try:
                rubric, rubric_path = _RubricReader().read(found), found.path
            except RubricError as exc:
                rubric, rubric_path, rubric_problems = None, None, list(exc.problems)
        elif rubric_problems:
            rubric, rubric_path = None, None
        else:
            rubric, rubric_path, rubric_problems = _one_rubric(opened, options, _RubricReader())
    problems.extend(rubric_problems)
    sets: list[CandidateSet] = []
    for item in opened:
        try:
            sets.append(_check(item.document, rubric, options))
        except InputError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicates_across(sets))
    if rubric is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    inputs = [item.source.path for item in opened if item.source.path is not None]
    # A folder's rubrics and plans were read too: no output may be written over them either.
    inputs.extend(item.source.path for item in set_aside if item.source.path is not None)
    if rubric_path is not None:
        inputs.append(rubric_path)
    inputs.extend(_named_rubric_files(opened))
    return _Checked(
        candidates=[c for candidate_set in sets for c in candidate_set.candidates],
        rubric=rubric,
        warnings=tuple(w for candidate_set in sets for w in candidate_set.warnings),
        inputs=tuple(inputs),
        rubric_found=found.name if found is not None else None,
    )


def _folder_rubric(
    opened: Sequence[_Opened], set_aside: Sequence[_SetAside], options: RankOptions
) -> tuple[Source | None, list[Problem]]:
    """The rubric file of a folder of inputs, used when neither ``--rubric`` nor any file names
    a rubric; two or more there, and nothing says which, is a problem."""
    found = [item.source for item in set_aside if item.kind == "rubric"]
    if not found or options.rubric is not None:
        return None, []
    if any(item.document.rubric_ref is not None for item in opened):
        return None, []
    if len(found) > 1:
        listed = ", ".join(source.name for source in found)
        message = (
            f"the folder holds {len(found)} rubrics ({listed}) and no file names one: "
            "give it with --rubric"
        )
        return None, [Problem(found[0].name, message)]
    return found[0], []


def _expanded(names: Sequence[str | Inline]) -> Iterator[tuple[str | Inline, bool]]:
    """Every file to read, a folder standing for its files (each marked as found in a folder);
    text given inline as it is."""
    for name in names:
        if isinstance(name, Inline):
            yield name, False
        else:
            for file_name in expand_inputs([name]):
                yield file_name, file_name != name


def _rank_inputs(
    names: Sequence[str | Inline],
    options: RankOptions,
    progress_for: ProgressFor | None,
    read: Source | None = None,
) -> RankResult:
    checked = _read_and_check(names, options, progress_for, read=read)
    candidates = blind(checked.candidates) if options.blind else checked.candidates
    plan = options.plan(checked.rubric)
    ranking = rank_candidates(
        candidates, plan, top=options.top, eligible_only=options.eligible_only
    )
    if options.stability is not None:
        from dataclasses import replace

        from smteam.scoring.stability import stability

        found = stability(candidates, plan, options.stability)
        ranking = replace(ranking, stability=found)
    return RankResult(
        ranking=ranking,
        warnings=checked.warnings,
        inputs=checked.inputs,
        candidates=tuple(candidates),
        plan=plan,
        stdin_read=STDIN in names,
        rubric_found=checked.rubric_found,
    )


def explain_candidate(names: Sequence[str], who: str, options: RankOptions) -> Explanation:
    """Explain one candidate's place among everyone in ``names``; ``who`` is a name (or an
    anonymous id under --blind), matched ignoring case and spacing, with a did-you-mean."""
    result = rank_inputs(names, options)
    return _explain_one(result.candidates, who, result.ranking, result.plan)


def _explain_one(
    candidates: Sequence[Candidate], who: str, ranking: Ranking, plan: ScoringPlan
) -> Explanation:
    from smteam.scoring.explain import explain as explain_place

    exact = [c for c in candidates if c.name == who]
    folded = [c for c in candidates if person_key(c.name) == person_key(who)]
    found = exact or folded
    if not found:
        hint = did_you_mean(who, [c.name for c in candidates])
        raise UsageError(f"no candidate named {who!r}{hint}")
    return explain_place(found[0], ranking, plan)


def calibrate_inputs(names: Sequence[str], options: RankOptions) -> Calibration:
    """Every rater's calibration numbers across the candidates in ``names``."""
    from smteam.scoring.calibration import calibrate as calibrate_raters

    result = rank_inputs(names, options)
    return calibrate_raters(result.candidates, result.plan.rubric)


def reliability_inputs(names: Sequence[str], options: RankOptions) -> Reliability:
    """The raters' reliability per trait and overall across the candidates in ``names``."""
    from smteam.scoring.reliability import reliability

    result = rank_inputs(names, options)
    return reliability(result.candidates, result.plan.rubric)


@dataclass(frozen=True, slots=True)
class CompareResult:
    """The rankings side by side, the warnings met on the way, and every file that was read."""

    comparison: Comparison
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]
    stdin_read: bool = False


def compare_inputs(
    names: Sequence[str], rubrics: Sequence[str], options: RankOptions
) -> CompareResult:
    """Rank the candidates in ``names`` on each of ``rubrics`` (everyone, in full) and set the
    rankings side by side; every problem with every rubric at once."""
    from dataclasses import replace

    from smteam.scoring.comparison import compare

    results: list[RankResult] = []
    problems: list[Problem] = []
    once: list[str | Inline] = []
    for name in names:
        try:
            once.append(_read_once(name, options))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    with collector_paused():
        for rubric in rubrics:
            try:
                full = replace(options, rubric=rubric, top=None)
                results.append(_rank_inputs(once, full, None))
            except InputError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise InputError(problems)
    names_seen: dict[str, str] = {}
    for ref, result in zip(rubrics, results, strict=True):
        name = result.ranking.rubric.name
        if name in names_seen:
            raise UsageError(
                f"--rubric {ref} is rubric '{name}', as --rubric {names_seen[name]} is: "
                "compare needs different rubrics"
            )
        names_seen[name] = ref
    warnings = tuple(dict.fromkeys(w for r in results for w in r.warnings))
    inputs = tuple(dict.fromkeys(path for r in results for path in r.inputs))
    return CompareResult(
        compare([r.ranking for r in results]),
        warnings,
        inputs,
        stdin_read=STDIN in names,
    )


def _read_once(name: str, options: RankOptions) -> str | Inline:
    """``name``, or what it holds when it can be read only once (standard input, a pipe), so
    that every rubric of a comparison ranks the same candidates."""
    if name != STDIN:
        try:
            if not stat.S_ISFIFO(os.stat(name).st_mode):
                return name
        except (OSError, ValueError):
            return name  # reading it says what is wrong
    source = read_source(name, max_bytes=options.max_bytes)
    fmt = options.input_format if name == STDIN else format_of(name)
    return Inline(source.data, fmt, source.name)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What ``smteam validate`` found in one file."""

    name: str
    summary: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def validate_inputs(names: Sequence[str], options: RankOptions) -> Iterator[Verdict]:
    """A verdict for every input file (folders stand for their files), each checked as
    ``rank`` would check it: a candidates file against its rubric (in a folder whose files name
    none, the folder's one rubric file), a rubric on its own, and a person listed in two
    files is a problem of the later one, as it is for ``rank``."""
    rubrics = _RubricReader()
    verdicts: list[Verdict] = []
    sets: list[CandidateSet] = []
    where: list[int] = []  # the verdict each candidate set belongs to
    for name in names:
        try:
            expanded = list(expand_inputs([name]))
        except InputError as exc:
            verdicts.append(Verdict(name, "", exc.problems))
            continue
        opened = [_read_for_validate(file_name, options) for file_name in expanded]
        folder_rubric: str | Problem | None = None
        if expanded != [name]:  # a folder: its rubric file serves files that name none
            folder_rubric = _only_rubric_file(opened, options)
        for file_name, read in zip(expanded, opened, strict=True):
            verdict, candidate_set = _validate_file(
                file_name, read, options, rubrics, folder_rubric
            )
            if candidate_set is not None:
                sets.append(candidate_set)
                where.append(len(verdicts))
            verdicts.append(verdict)
    for problem in _duplicates_across(sets):
        index = where[next(i for i, s in enumerate(sets) if s.source == problem.source)]
        verdict = verdicts[index]
        verdicts[index] = Verdict(verdict.name, verdict.summary, (*verdict.problems, problem))
    yield from verdicts


_Read = _Opened | InputError


def _read_for_validate(name: str, options: RankOptions) -> _Read:
    try:
        source = read_source(name, max_bytes=options.max_bytes)
        fmt = options.input_format if name == STDIN else format_of(name)
        return _Opened(source, open_candidates(source.data, source.name, fmt))
    except InputError as exc:
        return exc


def _only_rubric_file(opened: Sequence[_Read], options: RankOptions) -> str | Problem | None:
    """As ``_folder_rubric`` decides for ``rank``: the path of a folder's one rubric file when
    neither ``--rubric`` nor any of its candidates files names one, or the problem of two."""
    read = [item for item in opened if isinstance(item, _Opened)]
    candidates = [item for item in read if looks_like_candidates(item.document.loaded.value)]
    asides = [
        _SetAside("rubric", item.source)
        for item in read
        if kind_of(item.document.loaded.value) == "rubric"
    ]
    found, problems = _folder_rubric(candidates, asides, options)
    if problems:
        return problems[0]
    return str(found.path) if found is not None and found.path is not None else None


def _validate_file(
    name: str,
    read: _Read,
    options: RankOptions,
    rubrics: _RubricReader,
    folder_rubric: str | Problem | None = None,
) -> tuple[Verdict, CandidateSet | None]:
    if isinstance(read, InputError):
        return Verdict(name, "", read.problems), None
    source, document = read.source, read.document
    try:
        value = document.loaded.value
        if kind_of(value) == "rubric":
            own = rubrics.read(source)
            summary = f"rubric {own.name}, {len(own.traits)} traits"
            return Verdict(source.name, summary, ()), None
        if _is_plan(document.loaded.value):  # neither candidates nor traits: see looks_like_plan
            plan, _ = _read_plan(name, options.max_bytes)
            return Verdict(source.name, _plan_summary(plan), ()), None
        if not looks_like_candidates(value):  # one problem, quoting nothing of what it holds
            found = "neither key" if isinstance(value, dict) else what_it_is(value)
            neither = document.problem_at(
                (),
                "expected a candidates file (with a 'candidates' key) or a rubric (with a "
                f"'traits' key), found {found}",
            )
            return Verdict(source.name, "", (neither,)), None
        if isinstance(folder_rubric, Problem):
            return Verdict(source.name, "", (folder_rubric,)), None
        if folder_rubric is not None:
            from dataclasses import replace

            options = replace(options, rubric=folder_rubric)
        rubric, _, rubric_problems = _one_rubric([read], options, rubrics)
        try:
            candidates = _check(document, rubric, options)
        except InputError as exc:
            return Verdict(source.name, "", (*rubric_problems, *exc.problems)), None
    except InputError as exc:
        return Verdict(name, "", exc.problems), None
    count = len(candidates.candidates)
    summary = f"{count} candidate{'s' if count != 1 else ''}"
    return Verdict(source.name, summary, candidates.warnings), candidates


@dataclass(frozen=True, slots=True)
class TeamOptions:
    """What ``smteam team`` was asked beyond the ``rank`` input options; None where the
    plan file (or the default) decides."""

    plan: str | None = None
    per_department: int | None = None
    cover: str | None = None
    cover_level: int | None = None
    cover_people: int | None = None
    robust: bool = False
    bench: int | None = None
    alternatives: int = 0


@dataclass(frozen=True, slots=True)
class TeamResult:
    """The team report, the warnings met on the way, and every file that was read."""

    report: TeamReport
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]


class _RubricFinder:
    """Finds rubrics by built-in name or by path relative to a folder, and remembers which
    files it read (no output is written over one)."""

    def __init__(self, folder: Path | None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.paths: list[Path] = []

    def __call__(self, ref: str) -> Rubric:
        source = find_rubric(ref, relative_to=self.folder, max_bytes=self.max_bytes)
        if source.path is not None:
            self.paths.append(source.path)
        return read_rubric(source.data, source.name)


def _read_plan(name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Plan, list[Path]]:
    from smteam.checking.plan import read_plan

    source = read_source(name, max_bytes=max_bytes)
    folder = source.path.parent if source.path is not None else None
    finder = _RubricFinder(folder, max_bytes)
    plan = read_plan(source.data, source.name, finder)
    return plan, [*([source.path] if source.path is not None else []), *finder.paths]


def _is_plan(value: object) -> bool:
    if not isinstance(value, dict) or "candidates" in value or "traits" in value:
        return False  # decided without loading the plan's models, as most runs may
    from smteam.checking.plan import looks_like_plan

    return looks_like_plan(value)


def _plan_summary(plan: Plan) -> str:
    """``team plan, 8 seats`` for ``smteam validate``: a lead and the departments' seats."""
    each = plan.plan.per_department
    seats = sum(plan.seats.get(d, each) for d in DEPARTMENTS) + (plan.lead is not None)
    return f"team plan, {seats} seat{'s' if seats != 1 else ''}"


def _cover_from_command_line(ref: str, max_bytes: int) -> tuple[Rubric, list[Path]]:
    if not looks_like_path(ref):
        return rubric_from_command_line(ref), []
    finder = _RubricFinder(None, max_bytes)
    return finder(ref), finder.paths


def team_inputs(
    names: Sequence[str],
    options: RankOptions,
    team: TeamOptions,
    *,
    progress_for: ProgressFor | None = None,
) -> TeamResult:
    """Read and check the candidates (and the plan file), then build the best team.

    One file of the plainest kind (see :func:`_plain_file`) is read as ``rank`` streams it,
    with no model per candidate; anything else is read in full.

    Raises :class:`InputError` with every problem of every file when any is invalid, and
    :class:`UsageError` for a cover level off the cover rubric's scale.
    """
    from smteam.scoring.teamreport import build_team, candidate_pool

    problems: list[Problem] = []
    plan: Plan | None = None
    inputs: list[Path] = []
    if team.plan is not None:
        try:
            plan, read = _read_plan(team.plan, options.max_bytes)
            inputs += read
        except InputError as exc:
            problems.extend(exc.problems)
    cover_rubric: Rubric | None = None
    if team.cover is not None:
        try:
            cover_rubric, read = _cover_from_command_line(team.cover, options.max_bytes)
            inputs += read
        except RubricError as exc:
            problems.extend(exc.problems)
    once = _asked_once(progress_for) if progress_for is not None else None
    with collector_paused():
        streamed = None if problems else _plain_file(names, options, once)
        if isinstance(streamed, _PlainFile):
            made = _team_streamed(streamed, options, team, plan, cover_rubric)
            if made is not None:
                return TeamResult(made, (), (*streamed.inputs, *inputs))
            streamed = streamed.source
        asked = progress_for if streamed is None else once  # the one file's bar, if shown
        try:
            checked = _read_and_check(names, options, asked, read=streamed)
        except InputError as exc:
            raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError([*problems, *checked.warnings])
    settings = _team_settings(options, team, plan, cover_rubric, checked.rubric)
    report = build_team(candidate_pool(checked.candidates, settings), settings)
    return TeamResult(report, checked.warnings, (*checked.inputs, *inputs))


def _asked_once(progress_for: ProgressFor) -> ProgressFor:
    """``progress_for`` asked once, its answer given again to any later question: one file
    read in full after its plain reading gave up goes on in the bar that reading started."""
    answers: list[Progress | None] = []

    def ask(name: str, size: int) -> Progress | None:
        if not answers:
            answers.append(progress_for(name, size))
        return answers[0]

    return ask


def _team_streamed(
    found: _PlainFile,
    options: RankOptions,
    team: TeamOptions,
    plan: Plan | None,
    cover_rubric: Rubric | None,
) -> TeamReport | None:
    """The team of one file that may be of the plainest kind, built from its rows as they are
    read; None (the full reading's turn, which words every problem) at the first row of
    another kind, and where the settings are a usage error: the full reading reports its
    own problems before that."""
    import csv

    from smteam.scoring.teamplain import plain_team_pool
    from smteam.scoring.teamreport import build_team

    try:
        settings = _team_settings(options, team, plan, cover_rubric, found.rubric)
    except UsageError:
        return None
    try:
        rows = found.rows(settings.plan)
        pool = None if rows is None else plain_team_pool(rows[0], settings)
    except (csv.Error, UnicodeDecodeError):
        return None
    if pool is None:
        return None
    return build_team(pool, settings)


def _team_settings(
    options: RankOptions,
    team: TeamOptions,
    plan: Plan | None,
    cover_rubric: Rubric | None,
    rubric: Rubric,
) -> TeamSettings:
    """The seats, coverage, bench and next-best teams asked for on the command line, else by
    the plan file, else by default, for candidates rated on ``rubric``. Raises
    :class:`UsageError` for settings that cannot make a team."""
    from smteam.scoring.teamreport import DEFAULT_COVER_RUBRIC, CoverSettings, TeamSettings

    file_plan = plan.plan if plan is not None else None
    file_cover = file_plan.cover if file_plan is not None else None
    constrained = team.cover is not None or file_cover is not None
    if cover_rubric is None:
        if plan is not None and plan.cover is not None:
            cover_rubric = plan.cover
        else:
            cover_rubric = load_rubric(DEFAULT_COVER_RUBRIC)
    level = _first(team.cover_level, file_cover.level if file_cover else None, 4)
    scale = cover_rubric.scale
    if not scale.min <= level <= scale.max:
        raise UsageError(
            f"--cover-level {level}: expected a rating from {scale.min} to {scale.max}, the "
            f"scale of {cover_rubric.name}"
        )
    skills = cover_rubric.trait_ids
    if file_cover is not None and file_cover.skills and team.cover is None:
        skills = tuple(file_cover.skills)
    people = _first(team.cover_people, file_cover.people if file_cover else None, 2)
    cover = CoverSettings(
        plan=options.plan(cover_rubric),
        skills=skills,
        level=level,
        people=people if constrained else 0,
        robust=team.robust or (file_cover is not None and file_cover.robust),
    )
    each = _first(team.per_department, file_plan.per_department if file_plan else None, 1)
    named = plan.seats if plan is not None else {}
    departments = tuple(
        (department, named.get(department, each))
        for department in DEPARTMENTS
        if named.get(department, each) > 0
    )
    lead = plan.lead if plan is not None else None
    if not departments and lead is None:
        raise UsageError(
            "no seats to fill: every department is left out and there is no lead seat; "
            "give --per-department or seats in the plan"
        )
    if cover.robust and not constrained:
        raise UsageError("--robust needs a coverage to keep: give --cover or a plan's cover")
    return TeamSettings(
        plan=options.plan(rubric),
        departments=departments,
        cover=cover,
        lead=options.plan(lead) if lead is not None else None,
        lead_label=file_plan.lead.label if file_plan and file_plan.lead else "Lead",
        bench=_first(team.bench, file_plan.bench if file_plan else None, 1),
        alternatives=team.alternatives,
    )


def _first(*values: int | None) -> int:
    """The first value given: the command line, then the plan file, then the default."""
    return next(value for value in values if value is not None)


@dataclass(frozen=True, slots=True)
class CoverageResult:
    """The coverage report, the warnings met on the way, and every file that was read."""

    report: CoverageReport
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]


def coverage_inputs(
    names: Sequence[str],
    options: RankOptions,
    level: int,
    *,
    progress_for: ProgressFor | None = None,
) -> CoverageResult:
    """Read and check the candidates against the skills rubric, then count who holds each
    skill. Raises :class:`UsageError` for a level off the rubric's scale."""
    from smteam.scoring.coverage import skill_coverage

    with collector_paused():
        checked = _read_and_check(names, options, progress_for)
    scale = checked.rubric.scale
    if not scale.min <= level <= scale.max:
        raise UsageError(
            f"--level {level}: expected a rating from {scale.min} to {scale.max}, the scale of "
            f"{checked.rubric.name}"
        )
    report = skill_coverage(checked.candidates, options.plan(checked.rubric), level)
    return CoverageResult(report, checked.warnings, checked.inputs)


# The library: what ``import smteam`` offers a script or a notebook. The functions above are
# the command line's steps, from file names; these take paths, folders or text, and models.


@dataclass(frozen=True, slots=True)
class Inline:
    """Candidates given as text or bytes rather than a file, in a declared format.

    ``name`` is what problems call it, in place of a file name."""

    data: str | bytes
    format: Format
    name: str = "<text>"

    def source(self, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
        data = self.data.encode("utf-8") if isinstance(self.data, str) else self.data
        if len(data) > max_bytes:
            raise InputError([_too_big(self.name, max_bytes)])
        return Source(self.name, data, None)


InputLike = str | os.PathLike[str] | Inline
"""A path to a candidates file, a folder of them, ``-`` for stdin, or :class:`Inline` text."""
RubricLike = str | os.PathLike[str] | Rubric
"""A built-in rubric's name, a path to a rubric file, or a rubric already loaded."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidates read and checked against one rubric: what :func:`load_candidates` gives.

    Iterate over it for the :class:`~smteam.checking.models.Candidate` models. It remembers
    where they came from, so that :func:`rank` can read them again on another rubric."""

    candidates: tuple[Candidate, ...]
    rubric: Rubric
    warnings: tuple[Problem, ...]
    """Problems that do not stop a ranking (an unknown department, ...)."""
    missing: MissingPolicy
    sources: tuple[str | Inline, ...]
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)


def _as_input(source: InputLike) -> str | Inline:
    return source if isinstance(source, Inline) else os.fspath(source)


def load_candidates(
    *sources: InputLike,
    rubric: RubricLike | None = None,
    missing: MissingPolicy | str = MissingPolicy.ERROR,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Candidates:
    """Read and check the candidates of every source together, against ``rubric`` (by default
    the one the files name, else ``social-media-lead``), exactly as ``smteam rank`` does.

    Raises :class:`~smteam.errors.InputError` (a :class:`~smteam.errors.SmteamError`) with
    every problem of every source, each with its file, line, column and field."""
    if not sources:
        raise UsageError("no candidates to load: give at least one path, folder or Inline text")
    names = tuple(_as_input(source) for source in sources)
    given = rubric if isinstance(rubric, Rubric) else None
    options = RankOptions(
        rubric=None if rubric is None or isinstance(rubric, Rubric) else os.fspath(rubric),
        missing=MissingPolicy(missing),
        strict=strict,
        max_bytes=max_bytes,
    )
    with collector_paused():
        checked = _read_and_check(names, options, None, given)
    return Candidates(
        candidates=tuple(checked.candidates),
        rubric=checked.rubric,
        warnings=checked.warnings,
        missing=options.missing,
        sources=names,
        strict=strict,
        max_bytes=max_bytes,
    )


def _on(
    candidates: Candidates, rubric: RubricLike | None, missing: MissingPolicy | str | None
) -> Candidates:
    """The candidates checked on ``rubric`` with ``missing``: as they are when those are the
    ones they were loaded with, else read again from their sources."""
    policy = candidates.missing if missing is None else MissingPolicy(missing)
    if isinstance(rubric, str | os.PathLike):
        rubric = load_rubric(os.fspath(rubric), max_bytes=candidates.max_bytes)
    if (rubric is None or rubric == candidates.rubric) and policy is candidates.missing:
        return candidates
    return load_candidates(
        *candidates.sources,
        rubric=rubric or candidates.rubric,
        missing=policy,
        strict=candidates.strict,
        max_bytes=candidates.max_bytes,
    )


def _scored(
    candidates: Candidates,
    rubric: RubricLike | None,
    missing: MissingPolicy | str | None,
    aggregate: Aggregate | str,
    disagreement: int,
    hide: bool,
) -> tuple[list[Candidate], ScoringPlan]:
    checked = _on(candidates, rubric, missing)
    plan = plan_scoring(
        checked.rubric,
        missing=checked.missing,
        aggregate=Aggregate(aggregate),
        disagreement=disagreement,
    )
    people = list(checked.candidates)
    return (blind(people) if hide else people), plan


def rank(
    candidates: Candidates,
    rubric: RubricLike | None = None,
    *,
    missing: MissingPolicy | str | None = None,
    aggregate: Aggregate | str = Aggregate.MEAN,
    disagreement: int = 2,
    top: int | None = None,
    eligible_only: bool = False,
    blind: bool = False,
) -> Ranking:
    """Score and rank the candidates, best first, as ``smteam rank`` does with the same
    options. ``rubric`` and ``missing`` default to those the candidates were loaded with.

    The result's ``to_dict()`` is what ``--format json`` prints; ``rows()`` suits
    ``pandas.DataFrame(...)``."""
    people, plan = _scored(candidates, rubric, missing, aggregate, disagreement, blind)
    return rank_candidates(people, plan, top=top, eligible_only=eligible_only)


def explain(
    candidates: Candidates,
    name: str,
    rubric: RubricLike | None = None,
    *,
    missing: MissingPolicy | str | None = None,
    aggregate: Aggregate | str = Aggregate.MEAN,
    disagreement: int = 2,
    blind: bool = False,
) -> Explanation:
    """Why ``name`` ranks where they do among the candidates, as ``smteam explain`` says it;
    the name is matched ignoring case and spacing. Raises :class:`~smteam.errors.UsageError`
    for a name that is not there."""
    people, plan = _scored(candidates, rubric, missing, aggregate, disagreement, blind)
    return _explain_one(people, name, rank_candidates(people, plan), plan)


def calibrate(
    candidates: Candidates,
    rubric: RubricLike | None = None,
    *,
    missing: MissingPolicy | str | None = None,
) -> Calibration:
    """Every rater's numbers across a panel's scorecards, as ``smteam raters`` shows them."""
    from smteam.scoring.calibration import calibrate as calibrate_raters

    checked = _on(candidates, rubric, missing)
    return calibrate_raters(checked.candidates, checked.rubric)


def stability_settings(
    stability: bool,
    samples: int | None,
    spread: float | None,
    seed: int | None,
    rating_noise: bool,
    fail_unstable: float | None,
    top: int | None,
) -> StabilitySettings | None:
    """The sampling ``rank --stability`` asked for, with the documented defaults; a sampling
    option given without ``stability`` is a usage error."""
    if not stability:
        given = [
            name
            for name, value in (
                ("--samples", samples),
                ("--spread", spread),
                ("--seed", seed),
                ("--rating-noise", rating_noise or None),
                ("--fail-unstable", fail_unstable),
            )
            if value is not None
        ]
        if given:
            raise UsageError(f"{given[0]} needs --stability")
        return None
    from smteam.scoring.stability import (  # only when asked: plain rank never loads it
        DEFAULT_SAMPLES,
        DEFAULT_SPREAD,
        DEFAULT_TOP,
        StabilitySettings,
    )

    return StabilitySettings(
        samples=DEFAULT_SAMPLES if samples is None else samples,
        spread=DEFAULT_SPREAD if spread is None else spread,
        seed=0 if seed is None else seed,
        top=DEFAULT_TOP if top is None else top,
        rating_noise=rating_noise,
    )


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The report to write as HTML, the warnings met on the way, every file that was read
    (no output is written over one), and why the bar is not met (None when it is)."""

    report: Report
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]
    stdin_read: bool = False
    shortfall: str | None = None


def _data_date(paths: Sequence[Path], stdin_read: bool) -> str | None:
    """The day the newest input was last changed (UTC): the date of the data, never the
    clock's, so that the same files give the same page. None when standard input was read."""
    import datetime

    if stdin_read or not paths:
        return None
    newest = max(path.stat().st_mtime for path in paths)
    return datetime.datetime.fromtimestamp(newest, datetime.UTC).date().isoformat()


def report_inputs(
    names: Sequence[str],
    options: RankOptions,
    *,
    team: TeamOptions | None = None,
    fail_under: float | None = None,
    min_eligible: int | None = None,
    progress_for: ProgressFor | None = None,
) -> ReportResult:
    """Rank the candidates as ``rank_inputs`` does and gather what ``smteam report`` shows:
    the details, the panel's calibration, and the team when ``team`` is given."""
    from smteam.formats.html import Report
    from smteam.scoring.calibration import calibrate as calibrate_raters
    from smteam.scoring.ranking import bar_shortfall

    if team is not None and options.blind:
        raise UsageError("--team names the team's members, which --blind hides: give one")
    result = rank_inputs(names, options, progress_for=progress_for)
    inputs = list(result.inputs)
    team_report = None
    if team is not None:
        made = team_inputs(names, options, team)
        team_report = made.report
        inputs += [path for path in made.inputs if path not in inputs]
    calibration = None
    if any(candidate.reviews for candidate in result.candidates):
        calibration = calibrate_raters(result.candidates, result.plan.rubric)
    bar = shortfall = None
    if fail_under is not None or min_eligible is not None:
        wanted = min_eligible or 1
        bar = f"at least {wanted} eligible candidate{'s' if wanted != 1 else ''}" + (
            "" if fail_under is None else f" scoring {fail_under:g} or more"
        )
        shortfall = bar_shortfall(result.ranking, fail_under=fail_under, min_eligible=wanted)
    report = Report(
        ranking=result.ranking,
        plan=result.plan,
        candidates=result.candidates,
        files=tuple(names),
        data_date=_data_date(result.inputs, result.stdin_read),
        calibration=calibration,
        team=team_report,
        bar=bar,
        shortfall=shortfall,
    )
    return ReportResult(report, result.warnings, tuple(inputs), result.stdin_read, shortfall)
