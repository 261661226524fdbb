"""The JSON Schema of a frame file, generated from the pydantic model :class:`~.model.Frame`.

The schema ships as ``betrokkenheid/frames/frame.schema.json`` so that an editor can check and
complete a frame file while you type it (e.g. with the YAML language server, put
``# yaml-language-server: $schema=<path>/frame.schema.json`` on the first line).

Loading a frame is validation against this schema and more: the schema is generated from the
same pydantic model that :func:`~betrokkenheid.frames.load_frame` validates with (same keys,
types, patterns, lengths and enums, no unknown keys), and the model adds the checks a JSON
Schema cannot express (unique ids, one label per scale step, one text per rubric level, an
activity's form must exist, two relations never join the same actors).

Regenerate the file after changing the model: ``python -m betrokkenheid._schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["SCHEMA_PATH", "frame_schema", "main"]

SCHEMA_PATH = Path(__file__).parent / "frames" / "frame.schema.json"
_USE = {
    "title": "Use",
    "description": "Borrow this section from another frame, by that frame's name.",
    "type": "object",
    "properties": {"use": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,39}$"}},
    "required": ["use"],
    "additionalProperties": False,
}


def frame_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a frame file.

    It is ``Frame.model_json_schema()`` with two changes: every exercise section may also be
    ``{use: other-frame}`` (a file borrows a section; :func:`~betrokkenheid.frames.load_frame`
    replaces it before validating), and descriptions keep only the prose of the docstrings.

    Examples
    --------
    >>> schema = frame_schema()
    >>> schema["required"]
    ['id', 'version', 'title', 'description', 'attribution', 'scale']
    >>> schema["properties"]["climate"]["anyOf"][1]
    {'$ref': '#/$defs/Use'}
    """
    from .model import SECTIONS, Frame

    schema = Frame.model_json_schema()
    for definition in [schema, *schema["$defs"].values()]:
        if "description" in definition:
            definition["description"] = definition["description"].split("\n\nExamples")[0]
    schema["description"] = (
        "A frame of the betrokkenheid workbook: the content a school team reflects with. "
        "Generated from betrokkenheid.model.Frame; loading a frame also checks what a schema "
        "cannot (unique ids, one label per scale step, one text per rubric level)."
    )
    schema["$defs"]["Use"] = _USE
    for section in SECTIONS:
        options = schema["properties"][section]["anyOf"]
        options.insert(1, {"$ref": "#/$defs/Use"})
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> int:
    """Write :data:`SCHEMA_PATH` anew from the model."""
    SCHEMA_PATH.write_text(_text(frame_schema()), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
