"""The commands, as a user runs them: plain output, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from support.cli import run


def test_check_prints_the_counts_when_the_library_is_fine(make_library):
    result = run(make_library(), "check")
    assert result.returncode == 0
    assert result.stdout == (
        "✓ library is fine: 1 modules, 1 decks, 1 quotes, 1 facts, 2 sources, 2 audiences\n"
    )


def test_check_reports_every_problem_and_exits_1(make_library):
    root = make_library("bad-dangling-quote")
    (root / "slides" / "facts.yaml").write_text("facts:\n  - id: x\n    valeu: 1\n", encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "error[" in line]
    assert len(lines) == 6  # an unknown key, four missing keys and the dangling quote
    assert any("unknown-quote" in line for line in lines)
    assert result.stderr.strip().splitlines()[-1].startswith("✗ ")


def test_check_json_prints_one_object_per_diagnostic(make_library):
    result = run(make_library("bad-unknown-key"), "check", "--json")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [{
        "path": "slides/modules/vendepunktet.yaml", "line": 9, "col": 5, "severity": "error",
        "code": "unknown-key", "message": "unknown key 'note'", "hint": "did you mean 'notes'?",
    }]


def test_strict_makes_warnings_fail(make_library):
    root = make_library()
    deck = root / "slides/decks/forelesning.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("minutes: 20", "minutes: 5"), encoding="utf-8")
    assert run(root, "check").returncode == 0
    assert run(root, "check", "--strict").returncode == 1


def test_list_shows_ids_with_titles_and_files(make_library):
    result = run(make_library(), "list", "quotes")
    assert result.returncode == 0
    assert result.stdout.startswith("topor-vendepunktet  Alain Topor: «Vendepunktet ser ut til")
    assert result.stdout.rstrip().endswith("[quotes/topor.yaml:2]")


def test_where_names_the_modules_and_decks_that_use_a_quote(make_library):
    result = run(make_library(), "where", "topor-vendepunktet")
    assert result.stdout.splitlines() == [
        "quote 'topor-vendepunktet' is defined in quotes/topor.yaml:2",
        "  used by module 'vendepunktet' at slides/modules/vendepunktet.yaml:8:12",
        "  shown in deck 'forelesning'",
    ]


def test_where_finds_assets_and_suggests_ids(make_library):
    root = make_library()
    assert "used by module 'vendepunktet'" in run(root, "where", "images/prikk.png").stdout
    assert "did you mean 'topor-vendepunktet'?" in run(root, "where", "topor-vendepunkt").stdout


def test_new_scaffolds_files_that_pass_check(make_library):
    root = make_library()
    for kind, name in (("module", "Håp og mestring"), ("deck", "Kurs for ansatte"), ("quote", "Et nytt sitat")):
        result = run(root, "new", kind, name)
        assert result.returncode == 0, result.stderr
    assert (root / "slides/modules/hap-og-mestring.yaml").is_file()
    assert (root / "slides/decks/kurs-for-ansatte.yaml").is_file()
    assert (root / "quotes/et-nytt-sitat.yaml").is_file()
    result = run(root, "check")
    assert result.returncode == 0, result.stderr


def test_new_refuses_to_overwrite(make_library):
    root = make_library()
    result = run(root, "new", "module", "vendepunktet")
    assert result.returncode == 1
    assert result.stderr.startswith("error: a module with id 'vendepunktet' already exists (slides/modules/vendepunktet.yaml:1)")


def test_schema_writes_json_schemas_that_describe_the_keys(make_library, tmp_path):
    result = run(make_library(), "schema", "--out", str(tmp_path / "schema"))
    assert result.returncode == 0
    module = json.loads((tmp_path / "schema" / "module.schema.json").read_text(encoding="utf-8"))
    assert module["additionalProperties"] is False
    assert {"id", "title", "slides"} <= set(module["properties"])


def test_the_committed_schemas_are_up_to_date(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    run(repo, "schema", "--out", str(tmp_path))
    for fresh in tmp_path.iterdir():
        assert fresh.read_text(encoding="utf-8") == (repo / "docs/schema" / fresh.name).read_text(encoding="utf-8"), (
            f"docs/schema/{fresh.name} is stale: run `erfaring schema`"
        )


def test_outside_a_library_it_says_so_plainly(tmp_path):
    result = subprocess.run([sys.executable, "-m", "builder", "check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no content library found")


def test_a_usage_mistake_exits_2(make_library):
    result = run(make_library(), "list", "nonsense")
    assert result.returncode == 2


def test_every_yaml_file_in_the_repository_names_its_schema():
    repo = Path(__file__).resolve().parents[1]
    for path in [*repo.glob("slides/**/*.yaml"), *repo.glob("quotes/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_doctor_lists_layouts_and_approves_a_good_map(make_library):
    org = Path(__file__).resolve().parent / "fixtures" / "template-organisasjon-4x3" / "organisasjon.pptx"
    result = run(make_library(), "doctor", str(org))
    assert result.returncode == 0, result.stderr
    assert "  «Org Quote»" in result.stdout
    assert "  sitat           «Org Quote» (kart): tittel → idx 0; sitat → idx 61; opphav → idx 62" in result.stdout
    assert result.stdout.rstrip().endswith("kan brukes: alle lysbildetyper har en plass")


def test_doctor_says_exactly_what_a_broken_map_lacks(make_library, tmp_path):
    import shutil

    org = Path(__file__).resolve().parent / "fixtures" / "template-organisasjon-4x3"
    shutil.copy(org / "organisasjon.pptx", tmp_path / "broken.pptx")
    shutil.copy(org / "broken.layouts.yaml", tmp_path / "broken.layouts.yaml")
    result = run(make_library(), "doctor", str(tmp_path / "broken.pptx"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert [e.split("error[")[1].split("]")[0] for e in errors] == ["placeholder-missing", "layout-missing"]
    assert "har ikke noe oppsett som heter 'Org Sitat'" in result.stderr
    assert "oppsettet 'Org Content' har ingen plassholder med idx 99 (for 'body')" in result.stderr


def test_build_after_no_change_says_so_without_loading_python_pptx(make_library):
    root = make_library()
    assert run(root, "build", "--format", "pptx").returncode == 0
    code = ("import sys, runpy; sys.argv=['erfaring','--root',sys.argv[1],'build','--format','pptx'];"
            "from builder.cli import main\ntry:\n main()\nexcept SystemExit: pass\n"
            "print('pptx' in sys.modules, 'pydantic' in sys.modules, 'yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["nothing to rebuild: every output is up to date", "False False False"]


def test_every_command_has_help_and_the_readme_names_it():
    from builder.cli import cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert (command.help or "").strip(), f"`erfaring {name}` has no help text"
        assert f"erfaring {name}" in readme, f"the README does not mention `erfaring {name}`"
