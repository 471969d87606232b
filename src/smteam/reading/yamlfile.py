"""Bytes in, plain Python values out: a strict YAML loader built on the parser's event stream.

Values are built straight from parser events (libyaml's when present), which is several times
faster and lighter than ``yaml.safe_load`` building nodes first, and lets every check happen as
the events stream by: explicit tags, anchors, aliases, merge keys, duplicate keys, complex
keys, nesting depth and extra documents are reported, all of them, each with its line.

Line numbers cost nothing on the happy path: the values carry none. When validation finds a
problem, :func:`locate` walks the events once more and finds the lines of just the nodes it
was asked about.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from smteam.errors import Problem, format_path
from smteam.reading.scalars import Ambiguous, Rejected, resolve_plain
from smteam.reading.wording import describe

MAX_DEPTH: Final = 32
"""Deepest nesting accepted; smteam's own files need five levels."""

Backend = Literal["libyaml", "python"]
Path = tuple[str | int, ...]

HAS_LIBYAML: Final = bool(getattr(yaml, "__with_libyaml__", False))
_BOM: Final = b"\xef\xbb\xbf"
# The characters YAML allows in a stream (YAML 1.1 section 5.1); anything else is refused
# before parsing, with the same message whichever parser runs.
_NOT_PRINTABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_PRINTABLE_BYTES: Final = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
"""The ASCII characters that :data:`_NOT_PRINTABLE` lets through."""
_CACHE_LIMIT: Final = 20_000
_CORE_TAG: Final = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a document holds, and every problem the loader found in it.

    ``value`` is None when nothing usable was read (``ok`` is then False).
    """

    value: object
    problems: tuple[Problem, ...]
    ok: bool


@dataclass(frozen=True, slots=True)
class Place:
    """Where a node sits in the file (1-based) and, for a scalar, its text as written."""

    line: int
    column: int
    key_line: int | None
    key_column: int | None
    text: str | None
    plain: bool
    kind: Literal["scalar", "mapping", "sequence", "alias"]


class _PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python event parser, the fallback when libyaml is absent."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


def _pick_backend(backend: Backend | None) -> Backend:
    if backend is None:
        return "libyaml" if HAS_LIBYAML else "python"
    if backend == "libyaml" and not HAS_LIBYAML:
        raise ValueError("libyaml is not available in this PyYAML")
    return backend


def _event_source(data: bytes, text: str, backend: Backend) -> Callable[[], Any]:
    if backend == "libyaml":
        from yaml._yaml import CParser

        return CParser(data).get_event
    return _PythonParser(text).get_event


def _at(source: str, mark: Any, message: str, field: str = "") -> Problem:
    return Problem(source, message, line=mark.line + 1, column=mark.column + 1, field=field)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode_text(
    data: bytes, source: str, file_format: str | None = None
) -> tuple[str, Problem | None]:
    """The document as text, or the reason it is not UTF-8 text; ``file_format`` ("YAML")
    names the format in that reason (CSV and JSON readers call this too)."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(source, "the file is UTF-16 text; save it as UTF-8", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        byte = data[exc.start]
        what = "a binary file" if b"\x00" in data[:8192] else "UTF-8 text"
        message = (
            f"not UTF-8 text: byte 0x{byte:02x} cannot start or continue a character"
            + ("; this looks like a binary file" if what == "a binary file" else "")
            + "; save the file as UTF-8"
        )
        return "", Problem(source, message, line, col)
    # ASCII text (nearly always): deleting the bytes it may hold is a C loop, 0.05 s for a
    # 44 MB file where the pattern's search took 0.3 s; the search then only places a fault.
    if text.isascii() and not data.translate(None, _PRINTABLE_BYTES):
        bad = None
    else:
        bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        code = ord(bad.group())
        kind = "a NUL byte; this looks like a binary file" if code == 0 else "a control character"
        where = f"in {file_format} text" if file_format else "in this file"
        message = f"character U+{code:04X} is not allowed {where} ({kind})"
        return "", Problem(source, message, line, col)
    if not text.strip():
        return "", Problem(source, "the file is empty", None, None)
    return text, None


def _syntax_problem(source: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        message = f"YAML syntax error: {exc.problem}"
        if exc.context:
            context = exc.context
            if exc.context_mark is not None and exc.context_mark.line != exc.problem_mark.line:
                context += f" that starts at line {exc.context_mark.line + 1}"
            message += f" ({context})"
        return _at(source, exc.problem_mark, message)
    return Problem(source, f"YAML syntax error: {exc}")


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the garbage collector out while millions of young objects are built.

    Loaded values, models and results hold no reference cycles (reference counting frees
    them), so a cycle collection that walks them all only burns time: about half of
    ``yaml.load``'s time on a large file, and seconds more while a hundred thousand
    candidates are validated and scored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_NO_KEY: Final = object()
_DISCARD: Final = object()
_MISSING: Final = object()


class _Builder:
    """Turns one document's events into values, reporting every loader-level problem."""

    def __init__(
        self,
        source: str,
        get_event: Callable[[], Any],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.source = source
        self.get_event = get_event
        self.progress = progress
        self.progress_every = 2048
        self.problems: list[Problem] = []
        # The open containers around the current one, outermost first, each with the key it
        # waits to fill, whether it was tagged (it becomes Rejected) and where it began. The
        # current container and key are locals of build(), copied here before a problem is
        # reported, so that _path() can say where it is.
        self.outer: list[tuple[Any, Any, bool, Any]] = []
        self.top: Any = None
        self.key: Any = _NO_KEY
        # Each duplicate key's problem (by index) and path, to name the first one's line;
        # inside a value that is dropped (a duplicate's, or a key's), where no path leads,
        # the start and depth of the mapping it is in instead.
        self.duplicates: list[tuple[int, Path, tuple[int, int] | None]] = []

    def _path(self) -> Path:
        """Where the builder is now, as a path of keys and indexes."""
        parts: list[str | int] = []
        levels = [(container, key) for container, key, _, _ in self.outer[1:]]
        levels.append((self.top, self.key))
        for container, key in levels:
            if isinstance(container, list):
                parts.append(len(container))
            elif key is not _NO_KEY and key is not _DISCARD:
                parts.append(key)
        return tuple(parts)

    def _report(self, mark: Any, message: str) -> None:
        self.problems.append(_at(self.source, mark, message, format_path(self._path())))

    def _flag(self, event: Any) -> bool:
        """Report an anchor or tag on a node; True when the node must become Rejected."""
        if event.anchor is not None:
            self._report(
                event.start_mark,
                f"anchors (&{event.anchor}) are not allowed; write the value out in full",
            )
        if event.tag is not None:
            self._report(
                event.start_mark,
                f"explicit tags are not allowed (found {_tag_text(event.tag)}); "
                "write a plain value",
            )
            return True
        return False

    def _bad_key(self, key: object, mark: Any) -> None:
        if isinstance(key, Ambiguous) and key.text == "<<":
            message = "merge keys (<<) are not allowed; write the keys out in full"
        else:
            message = f"a key must be text, found {describe(key, None, 'text')}"
        self._report(mark, message)

    def build(self) -> object:
        """The document's value, or _MISSING after a problem that stops the reading.

        The hot loop of the whole program (millions of events for a big file): the open
        container and its pending key live in locals, and the stack holds only the outer ones.
        """
        outer = self.outer
        problems, source, get_event = self.problems, self.source, self.get_event
        progress, every = self.progress, self.progress_every
        cache: dict[str, object] = {}
        scalar_event, mapping_start, sequence_start = (
            ScalarEvent,
            MappingStartEvent,
            SequenceStartEvent,
        )
        no_key, discard, missing, list_class = _NO_KEY, _DISCARD, _MISSING, list
        top: Any = None  # the open container (None before the root)
        key: Any = no_key  # in a mapping: the key waiting for its value
        top_is_list = False
        tagged = False
        start_mark: Any = None
        collections = 0
        while True:
            event = get_event()
            cls = event.__class__
            if cls is scalar_event:
                mark = None
                if event.anchor is not None or event.tag is not None:
                    self.top, self.key = top, key
                    rejected = self._flag(event)
                    value: object = (
                        Rejected("tag")
                        if rejected
                        else event.value
                        if event.style
                        else resolve_plain(event.value)
                    )
                elif event.style:
                    value = event.value
                else:
                    text = event.value
                    value = cache.get(text, missing)
                    if value is missing:
                        value = resolve_plain(text)
                        if len(cache) < _CACHE_LIMIT:
                            cache[text] = value
            elif cls is mapping_start or cls is sequence_start:
                if len(outer) >= MAX_DEPTH:
                    message = f"the data nests more than {MAX_DEPTH} levels deep"
                    problems.append(_at(source, event.start_mark, message))
                    return _MISSING
                collections += 1
                if progress is not None and collections % every == 0:
                    progress(event.start_mark.index)
                is_tagged = False
                if event.anchor is not None or event.tag is not None:
                    self.top, self.key = top, key
                    is_tagged = self._flag(event)
                outer.append((top, key, tagged, start_mark))
                top_is_list = cls is sequence_start
                top = [] if top_is_list else {}
                key, tagged, start_mark = no_key, is_tagged, event.start_mark
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = Rejected("tag") if tagged else top
                mark = start_mark
                top, key, tagged, start_mark = outer.pop()
                top_is_list = top.__class__ is list_class
            elif cls is AliasEvent:
                self.top, self.key = top, key
                self._report(
                    event.start_mark,
                    f"aliases (*{event.anchor}) are not allowed; write the value out in full",
                )
                value = Rejected("alias")
            else:  # DocumentEnd, or anything the grammar does not put inside a document
                return _MISSING
            if top is None:
                return value
            if top_is_list:
                top.append(value)
            elif key is no_key:
                if value.__class__ is str or value.__class__ is int:
                    if value in top:
                        self.top, self.key = top, no_key
                        hidden = any(
                            k is discard or (k is no_key and c.__class__ is dict)
                            for c, k, _, _ in outer[1:]
                        )
                        mapping = (start_mark.index, len(outer)) if hidden else None
                        self.duplicates.append((len(problems), (*self._path(), value), mapping))
                        problems.append(_at(source, event.start_mark, f"duplicate key {value!r}"))
                        key = discard
                    else:
                        key = value
                else:
                    if not isinstance(value, Rejected):
                        self.top, self.key = top, no_key
                        self._bad_key(value, mark if mark is not None else event.start_mark)
                    key = discard
            else:
                if key is not discard:
                    top[key] = value
                key = no_key


Progress = Callable[[int, int], None]
"""Told how far a load has got: characters read so far, and in all."""


def load_yaml(
    data: bytes, source: str, *, backend: Backend | None = None, progress: Progress | None = None
) -> Loaded:
    """Read one YAML document strictly; see the module docstring for what is refused.

    ``progress``, if given, hears now and then how far the parser has got.
    """
    text, problem = decode_text(data, source, "YAML")
    if problem is not None:
        return Loaded(None, (problem,), False)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    total = len(text)
    builder = _Builder(
        source,
        _event_source(data, text, _pick_backend(backend)),
        None if progress is None else lambda done: progress(done, total),
    )
    get_event = builder.get_event
    try:
        with collector_paused():
            get_event()  # StreamStart
            start = get_event()
            if start.__class__ is StreamEndEvent:
                return Loaded(
                    None, (Problem(source, "the file holds only comments, no data"),), False
                )
            value = builder.build()
            if value is _MISSING:
                return Loaded(None, tuple(builder.problems), False)
            get_event()  # DocumentEnd
            after = get_event()
            if after.__class__ is DocumentStartEvent:
                builder.problems.append(
                    _at(
                        source,
                        after.start_mark,
                        "a second YAML document starts here; keep everything in one document",
                    )
                )
    except yaml.YAMLError as exc:
        # Only the syntax error: what was found before it may be an effect of it.
        return Loaded(None, (_syntax_problem(source, exc),), False)
    problems = builder.problems
    if builder.duplicates:
        paths = [path for _, path, mapping in builder.duplicates if mapping is None]
        places = locate(data, paths, backend=backend)
        for index, path, mapping in builder.duplicates:
            if mapping is None:
                first = places.get(path)
                line = None if first is None else first.key_line
            else:
                line = _first_key_line(data, text, _pick_backend(backend), mapping, path[-1])
            problem = problems[index]
            message = problem.message + "; each key may appear only once"
            if line is not None:
                message += f" (first at line {line})"
            problems[index] = replace(problem, message=message, field=format_path(path[:-1]))
    return Loaded(value, tuple(problems), True)


def _first_key_line(
    data: bytes, text: str, backend: Backend, mapping: tuple[int, int], key: object
) -> int | None:
    """The line of the first ``key`` of the mapping that starts at character ``mapping[0]``,
    ``mapping[1]`` collections deep: for a key written twice inside a value that is dropped,
    which no path reaches. A rare problem's cost: the events are read again from the start."""
    start, deep = mapping
    get_event = _event_source(data, text, backend)
    depth = 0  # collections open
    inside = 0  # the mapping's depth, once it is found
    awaiting_key = True
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is StreamEndEvent:
                return None
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                depth += 1
                if not inside and depth == deep and event.start_mark.index == start:
                    inside = depth
                continue  # a collection is one of the mapping's nodes once it ends
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                depth -= 1
                if inside and depth < inside:
                    return None  # the mapping ended without the key
            elif inside and depth == inside and awaiting_key and cls is ScalarEvent:
                found = event.value if event.style else resolve_plain(event.value)
                if found.__class__ is key.__class__ and found == key:
                    return int(event.start_mark.line) + 1
            if inside and depth == inside:  # one of the mapping's nodes: a key, then a value
                awaiting_key = not awaiting_key
    except yaml.YAMLError:
        return None


def locate(
    data: bytes, paths: Collection[Path], *, backend: Backend | None = None
) -> dict[Path, Place]:
    """Where the nodes at ``paths`` are, in the first document of ``data``.

    Paths use the loader's keys (text or int) and list indexes. A path missing from the
    answer was not found (it may point into a rejected or unreadable part). For a key that
    appears twice, the first one is found.
    """
    wanted = set(paths)
    text, problem = decode_text(data, "")
    if problem is not None or not wanted:
        return {}
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    walker = _Locator(wanted)
    try:
        walker.walk(_event_source(data, text, _pick_backend(backend)))
    except yaml.YAMLError:
        pass  # a syntax error has its own problem; keep what was found before it
    return walker.found


class _Frame:
    """An open container while locating: where it is and which child comes next."""

    __slots__ = ("awaiting_key", "is_key", "key", "key_mark", "mapping", "path")

    def __init__(self, mapping: bool, path: Path | None, is_key: bool) -> None:
        self.mapping = mapping
        self.path = path  # None inside a complex key: nothing there can be asked for
        self.is_key = is_key
        self.key: object = 0  # the key being read (mappings) or the next index (lists)
        self.key_mark: Any = None
        self.awaiting_key = mapping


class _Locator:
    def __init__(self, wanted: set[Path]) -> None:
        self.wanted = wanted
        self.found: dict[Path, Place] = {}
        self.frames: list[_Frame] = []

    def walk(self, get_event: Callable[[], Any]) -> None:
        get_event()  # StreamStart
        if get_event().__class__ is StreamEndEvent:
            return
        frames = self.frames
        while True:
            event = get_event()
            cls = event.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                self._node_done(frames.pop().is_key)
                if not frames:
                    return
                continue
            if cls not in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                return
            parent = frames[-1] if frames else None
            if parent is not None and parent.awaiting_key:
                self._key(parent, event)
                continue
            node_path = self._child_path(parent)
            if node_path is not None and node_path in self.wanted:
                self._record(node_path, event, parent)
                if len(self.found) == len(self.wanted):
                    return  # everything asked for is placed: the rest of a big file can wait
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                if len(frames) > MAX_DEPTH:
                    return
                frames.append(_Frame(cls is MappingStartEvent, node_path, is_key=False))
            else:
                self._node_done(is_key=False)
                if not frames:
                    return

    def _key(self, parent: _Frame, event: Any) -> None:
        parent.key_mark = event.start_mark
        parent.awaiting_key = False
        cls = event.__class__
        if cls is ScalarEvent:
            parent.key = event.value if event.style else resolve_plain(event.value)
        else:
            parent.key = _DISCARD
            if cls is not AliasEvent:
                self.frames.append(_Frame(cls is MappingStartEvent, None, is_key=True))

    def _child_path(self, parent: _Frame | None) -> Path | None:
        if parent is None:
            return ()
        if parent.path is None or parent.key is _DISCARD:
            return None
        return (*parent.path, parent.key)  # type: ignore[arg-type]

    def _record(self, node_path: Path, event: Any, parent: _Frame | None) -> None:
        if node_path in self.found:
            return
        cls = event.__class__
        kind: Literal["scalar", "mapping", "sequence", "alias"] = (
            "scalar"
            if cls is ScalarEvent
            else "mapping"
            if cls is MappingStartEvent
            else "sequence"
            if cls is SequenceStartEvent
            else "alias"
        )
        key_mark = parent.key_mark if parent is not None and parent.mapping else None
        self.found[node_path] = Place(
            line=event.start_mark.line + 1,
            column=event.start_mark.column + 1,
            key_line=key_mark.line + 1 if key_mark is not None else None,
            key_column=key_mark.column + 1 if key_mark is not None else None,
            text=event.value if cls is ScalarEvent else None,
            plain=cls is ScalarEvent and not event.style,
            kind=kind,
        )

    def _node_done(self, is_key: bool) -> None:
        """Move the innermost open container past the node that just ended."""
        if not self.frames:
            return
        frame = self.frames[-1]
        if is_key:
            return  # a complex key ended: its value comes next
        if frame.mapping:
            frame.awaiting_key = True
            frame.key_mark = None
        else:
            frame.key = frame.key + 1  # type: ignore[operator]
