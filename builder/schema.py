"""JSON Schema files for editors (VS Code's YAML extension reads the modeline in each file)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from builder import model
from builder.write import write_text

SCHEMAS: dict[str, type[BaseModel]] = {
    "module": model.Module,
    "deck": model.Deck,
    "quotes": model.QuoteFile,
    "sources": model.SourceFile,
    "facts": model.FactFile,
    "audiences": model.AudienceFile,
    "layouts": model.LayoutMapFile,
}


def schema_text(name: str) -> str:
    """Return the JSON Schema of one file kind as formatted JSON text."""
    schema = SCHEMAS[name].model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Erfaringsbanken {name}"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write `<name>.schema.json` for every file kind into `folder`."""
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        write_text(path, schema_text(name))
        written.append(path)
    return written


def modeline(name: str, depth: int) -> str:
    """Return the yaml-language-server comment for a file `depth` folders below the root."""
    return f"# yaml-language-server: $schema={'../' * depth}docs/schema/{name}.schema.json"
