"""The JSON Schemas editors use accept what the tool accepts: no deck of ours is marked red in VS Code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "library-minimal"
DECKS = sorted((REPO / "slides" / "decks").glob("*.yaml")) + sorted((FIXTURE / "slides" / "decks").glob("*.yaml"))
MODULES = sorted((REPO / "slides" / "modules").glob("*.yaml")) + sorted((FIXTURE / "slides" / "modules").glob("*.yaml"))


class _EditorLoader(yaml.SafeLoader):
    """Read YAML as the editor's language server does (YAML 1.2): a date stays text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _validator(name: str):
    schema = json.loads((REPO / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _problems(name: str, path: Path) -> list[str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)
    return [f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(name).iter_errors(data)]


@pytest.mark.parametrize("path", DECKS, ids=lambda p: f"{p.parent.parent.parent.name}/{p.stem}")
def test_every_deck_matches_the_deck_schema(path):
    assert _problems("deck", path) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.parent.parent.name}/{p.stem}")
def test_every_module_matches_the_module_schema(path):
    assert _problems("module", path) == []


def test_a_deck_may_name_a_module_by_its_id_alone_or_as_a_field():
    validator = _validator("deck")
    deck = {"id": "d", "title": "T", "date": "2026-11-22", "audience": "a", "minutes": 20}
    for modules in (["stigmaord"], [{"module": "stigmaord"}], ["stigmaord", {"pause": 10, "title": "Pause"}]):
        assert list(validator.iter_errors({**deck, "modules": modules})) == [], modules
    for wrong in (["Stigma Ord"], [{"title": "bare en tittel"}], [{"module": "x", "note": "y"}]):
        assert list(validator.iter_errors({**deck, "modules": wrong})) != [], wrong


def test_the_occasion_fields_are_optional_described_and_the_handout_link_is_https():
    validator = _validator("deck")
    schema = json.loads((REPO / "docs" / "schema" / "deck.schema.json").read_text(encoding="utf-8"))
    fields = ("presenter", "role", "institution", "place", "contact", "help", "handout_url", "opening_notes",
              "closing_notes")
    for name in fields:
        assert schema["properties"][name]["description"], name
        assert name not in schema["required"], name
    deck = {"id": "d", "title": "T", "date": "2026-11-22", "audience": "a", "minutes": 20, "modules": ["m"]}
    full = {**deck, "presenter": "Kari Nordmann", "role": "erfaringskonsulent", "institution": "Helse Bergen",
            "contact": "kari@example.org", "help": ["Mental Helse: 116 123"], "opening_notes": "Velkommen.",
            "closing_notes": "Takk.", "handout_url": "https://example.org/hefte"}
    assert list(validator.iter_errors(deck)) == []
    assert list(validator.iter_errors(full)) == []
    assert list(validator.iter_errors({**deck, "handout_url": "http://example.org/hefte"})) != []


def test_the_tool_refuses_a_handout_link_that_is_not_https():
    from pydantic import ValidationError

    from builder.model import Deck

    deck = {"id": "d", "title": "T", "date": "2026-11-22", "audience": "a", "minutes": 20, "modules": ["m"]}
    assert Deck.model_validate({**deck, "handout_url": "https://example.org/hefte"}).handout_url
    with pytest.raises(ValidationError):
        Deck.model_validate({**deck, "handout_url": "http://example.org/hefte"})


def test_the_written_deck_schema_is_the_models():
    from builder.schema import schema_text

    assert (REPO / "docs" / "schema" / "deck.schema.json").read_text(encoding="utf-8") == schema_text("deck")
