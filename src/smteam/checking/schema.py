"""JSON Schemas (draft 2020-12) of smteam's files, made from the pydantic models, for editors
such as yaml-language-server to complete and check files as they are typed.

The schema says what the models accept; smteam checks more than a schema can (YAML 1.1
values, duplicate names, ratings against the rubric's traits and scale).
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import BaseModel

from smteam.checking.models import CandidatesFile, Rubric
from smteam.choices import SchemaKind

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def _drop_nulls(node: Any) -> Any:
    """smteam refuses an explicit null on an optional key (leave the key out instead), so the
    ``anyOf [..., null]`` and ``default: null`` pydantic writes for optional fields go."""
    if isinstance(node, list):
        return [_drop_nulls(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _drop_nulls(value) for key, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list):
        kept = [option for option in options if option != {"type": "null"}]
        if len(kept) != len(options):
            del node["anyOf"]
            if len(kept) == 1:
                node.update(kept[0])
            else:
                node["anyOf"] = kept
            if node.get("default", 0) is None:
                del node["default"]
    return node


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The schema of a candidates file or of a rubric."""
    model: type[BaseModel] = CandidatesFile if kind is SchemaKind.CANDIDATES else Rubric
    if kind is SchemaKind.PLAN:
        from smteam.checking.plan import TeamPlan

        model = TeamPlan
    schema = _drop_nulls(model.model_json_schema(mode="validation"))
    return {"$schema": DIALECT, **schema}
