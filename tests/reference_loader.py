"""A second, deliberately plain implementation of smteam's strict YAML loading, to check the
fast one against.

It builds a tree of nodes with their marks by recursive descent over the same parser events,
then applies each rule where it reads most directly. It is slow and uses the stack for
nesting, which is fine for tests. Where the two disagree on any input (the value, a problem,
its line, its wording), the fast loader is wrong or this is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from smteam.errors import Problem, format_path
from smteam.reading.scalars import Ambiguous, Rejected, resolve_plain
from smteam.reading.wording import describe
from smteam.reading.yamlfile import (
    MAX_DEPTH,
    Backend,
    Loaded,
    Path,
    _event_source,
    _pick_backend,
    _syntax_problem,
    decode_text,
)

_BOM = b"\xef\xbb\xbf"
_CORE_TAG = "tag:yaml.org,2002:"


@dataclass
class Node:
    """A node with where it starts: ``value`` is plain for scalars; ``items`` for sequences
    (nodes); ``pairs`` for mappings (key node, value node)."""

    kind: str
    line: int
    column: int
    value: object = None
    items: list[Node] = field(default_factory=list)
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    anchor: str | None = None
    tag: str | None = None
    alias: str | None = None


class _TooDeep(Exception):
    pass


class _Reader:
    """Reads one node (and everything in it) from the events, recursively."""

    def __init__(self, get_event: Callable[[], Any], peek: Callable[[], Any]) -> None:
        self.get_event = get_event
        self.peek = peek

    def node(self, depth: int) -> Node:
        event = self.get_event()
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        if isinstance(event, AliasEvent):
            return Node("alias", line, column, alias=event.anchor)
        if isinstance(event, ScalarEvent):
            if event.tag is None and not event.style:
                value: object = resolve_plain(event.value)
            else:
                value = event.value  # quoted, block, or tagged (a tag rejects it anyway)
            return Node("scalar", line, column, value, anchor=event.anchor, tag=event.tag)
        if depth >= MAX_DEPTH:
            raise _TooDeep(line, column)
        node = Node(
            "mapping" if isinstance(event, MappingStartEvent) else "sequence",
            line,
            column,
            anchor=event.anchor,
            tag=event.tag,
        )
        while not isinstance(self.peek(), (MappingEndEvent, SequenceEndEvent)):
            if node.kind == "sequence":
                node.items.append(self.node(depth + 1))
            else:
                key = self.node(depth + 1)
                node.pairs.append((key, self.node(depth + 1)))
        self.get_event()  # the end of the collection
        return node


def _events(
    data: bytes, text: str, backend: Backend | None
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """get_event and peek over the parser's events."""
    events = _event_source(data, text, _pick_backend(backend))
    ahead: list[Any] = []

    def get_event() -> Any:
        return ahead.pop(0) if ahead else events()

    def peek() -> Any:
        if not ahead:
            ahead.append(events())
        return ahead[0]

    return get_event, peek


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag


class _Rules:
    """Turns a node tree into plain values and the problems the rules find, in the order of
    the file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def _report(self, node: Node, message: str, path: Path) -> None:
        self.problems.append(
            Problem(self.source, message, node.line, node.column, format_path(path))
        )

    def value(self, node: Node, path: Path) -> object:
        if node.kind == "alias":
            self._report(
                node, f"aliases (*{node.alias}) are not allowed; write the value out in full", path
            )
            return Rejected("alias")
        if node.anchor is not None:
            self._report(
                node, f"anchors (&{node.anchor}) are not allowed; write the value out in full", path
            )
        if node.tag is not None:
            self._report(
                node,
                f"explicit tags are not allowed (found {_tag_text(node.tag)}); write a plain value",
                path,
            )
        if node.kind == "scalar":
            return Rejected("tag") if node.tag is not None else node.value
        if node.kind == "sequence":
            built: object = [self.value(item, (*path, i)) for i, item in enumerate(node.items)]
        else:
            built = self._mapping(node, path)
        return Rejected("tag") if node.tag is not None else built

    def _mapping(self, node: Node, path: Path) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.pairs:
            key = self.value(key_node, path)
            if key.__class__ in (str, int):
                if key in mapping:
                    self._report(
                        key_node,
                        f"duplicate key {key!r}; each key may appear only once "
                        f"(first at line {first_line[key]})",
                        path,
                    )
                    self.value(value_node, path)
                    continue
                first_line[key] = key_node.line
                mapping[key] = self.value(value_node, (*path, key))
                continue
            if isinstance(key, Ambiguous) and key.text == "<<":
                self._report(
                    key_node, "merge keys (<<) are not allowed; write the keys out in full", path
                )
            elif not isinstance(key, Rejected):
                self._report(
                    key_node, f"a key must be text, found {describe(key, None, 'text')}", path
                )
            self.value(value_node, path)
        return mapping


def reference_load(data: bytes, source: str, *, backend: Backend | None = None) -> Loaded:
    """What :func:`smteam.reading.yamlfile.load_yaml` must answer for ``data``.

    For a document nested too deeply, only the depth problem is given: the fast loader also
    reports what it met on the way down, which this one, reading the tree first, does not.
    """
    text, problem = decode_text(data, source)
    if problem is not None:
        return Loaded(None, (problem,), False)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    get_event, peek = _events(data, text, backend)
    rules = _Rules(source)
    try:
        get_event()  # StreamStart
        if isinstance(peek(), StreamEndEvent):
            return Loaded(None, (Problem(source, "the file holds only comments, no data"),), False)
        get_event()  # DocumentStart
        try:
            tree = _Reader(get_event, peek).node(0)
        except _TooDeep as deep:
            message = f"the data nests more than {MAX_DEPTH} levels deep"
            return Loaded(None, (Problem(source, message, *deep.args),), False)
        value = rules.value(tree, ())
        get_event()  # DocumentEnd
        after = get_event()
        if isinstance(after, DocumentStartEvent):
            mark = after.start_mark
            assert mark is not None  # the parser marks every event it makes
            rules.problems.append(
                Problem(
                    source,
                    "a second YAML document starts here; keep everything in one document",
                    mark.line + 1,
                    mark.column + 1,
                )
            )
    except yaml.YAMLError as exc:
        return Loaded(None, (_syntax_problem(source, exc),), False)
    return Loaded(value, tuple(rules.problems), True)


def node_paths(data: bytes, *, backend: Backend | None = None) -> dict[Path, tuple[int, int]]:
    """Every node's path and start (line, column), as the loader's paths name them; for a
    key given twice, the first."""
    text, problem = decode_text(data, "")
    if problem is not None:
        return {}
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    get_event, peek = _events(data, text, backend)
    try:
        get_event()
        if isinstance(peek(), StreamEndEvent):
            return {}
        get_event()
        tree = _Reader(get_event, peek).node(0)
    except (yaml.YAMLError, _TooDeep):
        return {}
    found: dict[Path, tuple[int, int]] = {}
    rules = _Rules("")

    def walk(node: Node, path: Path) -> None:
        found.setdefault(path, (node.line, node.column))
        if node.kind == "sequence":
            for i, item in enumerate(node.items):
                walk(item, (*path, i))
        elif node.kind == "mapping":
            for key_node, value_node in node.pairs:
                if key_node.kind != "scalar" or key_node.tag is not None:
                    continue
                key = rules.value(key_node, path)
                if key.__class__ in (str, int):
                    walk(value_node, (*path, key))

    walk(tree, ())
    return found
