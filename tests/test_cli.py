"""The commands, as a user runs them: plain output, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.cli import run


def test_check_prints_the_counts_when_the_library_is_fine(make_library):
    result = run(make_library(), "check")
    assert result.returncode == 0
    assert result.stdout == (
        "✓ the library is fine: 1 module, 1 deck, 1 quote, 1 fact, 2 sources, 2 audiences\n"
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
        "code": "unknown-key", "message": "unknown field 'note'", "hint": "did you mean 'notes'?",
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
        "  used by the module 'vendepunktet' at slides/modules/vendepunktet.yaml:8:12",
        "  shown in the deck 'forelesning'",
    ]


def test_where_finds_assets_and_suggests_ids(make_library):
    root = make_library()
    assert "used by the module 'vendepunktet'" in run(root, "where", "images/prikk.png").stdout
    unknown = run(root, "where", "topor-vendepunkt")
    assert unknown.returncode == 1
    assert unknown.stderr == ("error: 'topor-vendepunkt' is not an id or a picture in the library\n"
                              "  hint: did you mean 'topor-vendepunktet'?\n")


@pytest.mark.lang("nb")
def test_where_finds_a_picture_spelled_the_windows_way(make_library):
    root = make_library()
    for spelled in ("images\\prikk.png", "assets\\images\\prikk.png", "assets/images/prikk.png"):
        result = run(root, "where", spelled)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            "  brukes av modulen 'vendepunktet' i slides/modules/vendepunktet.yaml:15:12",
            "  vises i presentasjonen 'forelesning'",
        ]


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
    assert result.stderr.startswith("error: 'vendepunktet' is already used (slides/modules/vendepunktet.yaml:1)")


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
    assert result.stderr.startswith("error: no library found")


def test_a_usage_mistake_exits_2(make_library):
    result = run(make_library(), "list", "nonsense")
    assert result.returncode == 2


def test_every_yaml_file_in_the_repository_names_its_schema():
    repo = Path(__file__).resolve().parents[1]
    for path in [*repo.glob("slides/**/*.yaml"), *repo.glob("quotes/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.lang("nb")
def test_doctor_lists_layouts_and_approves_a_good_map(make_library):
    org = Path(__file__).resolve().parent / "fixtures" / "template-organisasjon-4x3" / "organisasjon.pptx"
    result = run(make_library(), "doctor", str(org))
    assert result.returncode == 0, result.stderr
    assert "  «Org Quote»" in result.stdout
    assert "  sitat           «Org Quote» (kart): tittel → idx 0; sitat → idx 61; opphav → idx 62" in result.stdout
    assert result.stdout.rstrip().endswith("kan brukes: alle lysbildetyper har en plass")


@pytest.mark.lang("nb")
def test_doctor_says_exactly_what_a_broken_map_lacks(make_library, tmp_path):
    import shutil

    org = Path(__file__).resolve().parent / "fixtures" / "template-organisasjon-4x3"
    shutil.copy(org / "organisasjon.pptx", tmp_path / "broken.pptx")
    shutil.copy(org / "broken.layouts.yaml", tmp_path / "broken.layouts.yaml")
    result = run(make_library(), "doctor", str(tmp_path / "broken.pptx"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "feil[" in line]
    assert [e.split("feil[")[1].split("]")[0] for e in errors] == ["placeholder-missing", "layout-missing"]
    assert "har ikke noe oppsett som heter 'Org Sitat'" in result.stderr
    assert "oppsettet 'Org Content' har ingen plassholder med idx 99 (for 'body')" in result.stderr


def test_build_after_no_change_says_so_without_loading_python_pptx(make_library):
    root = make_library()
    assert run(root, "build", "--format", "pptx").returncode == 0
    code = ("import sys, runpy; sys.argv=['erfaring','--root',sys.argv[1],'build','--format','pptx'];"
            "from builder.cli import main\ntry:\n main()\nexcept SystemExit: pass\n"
            "print('pptx' in sys.modules, 'pydantic' in sys.modules, 'yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["nothing to rebuild: every file is up to date", "False False False"]


HEAVY = ("pydantic", "pptx", "lxml", "yaml", "PIL", "weasyprint", "jinja2", "docx", "babel")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["build", "--help"], ["check", "--help"],
                                  ["watch", "--help"]], ids=lambda args: " ".join(args))
def test_version_and_help_import_nothing_heavy(args):
    code = ("import sys; sys.argv = ['erfaring', *sys.argv[1:]]\n"
            "from builder.cli import main\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            f"print('imported:', sorted(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "imported: []"


def test_every_command_has_help_and_the_readme_names_it():
    from builder.cli import cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert (command.help or "").strip(), f"`erfaring {name}` has no help text"
        assert f"erfaring {name}" in readme, f"the README does not mention `erfaring {name}`"


def _plain_run(root, *args, **env):
    """Run the command line as a user whose system says nothing about language (Windows, C locale)."""
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("ERFARING_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    clean.update(env)
    prefix = ["--root", str(root)] if root is not None else []
    result = subprocess.run([sys.executable, "-m", "builder", *prefix, *args], capture_output=True, text=True,
                            encoding="utf-8", env=clean, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_every_help_text_is_norwegian_by_default(make_library):
    from builder.cli import cli
    from support.language import english_words

    root = make_library()
    for command in ["", *cli.commands]:
        result = _plain_run(root, *([command] if command else []), "--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Bruk: erfaring"), result.stdout
        text = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("Bruk:"))
        words = [w for w in english_words(text) if w not in cli.commands]  # the command names themselves
        assert not words, (command, words)


def test_english_on_request_anywhere_on_the_line_or_from_the_system(make_library):
    root = make_library()
    assert _plain_run(root, "check").stdout.startswith("✓ biblioteket er i orden: 1 modul, 1 presentasjon")
    assert _plain_run(root, "check", "--lang", "en").stdout.startswith("✓ the library is fine: 1 module")
    assert _plain_run(root, "--lang=en", "check").stdout.startswith("✓ the library is fine")
    assert _plain_run(root, "check", ERFARING_LANG="en").stdout.startswith("✓ the library is fine")
    assert _plain_run(root, "check", LANG="en_GB.UTF-8").stdout.startswith("✓ the library is fine")
    assert _plain_run(root, "check", LANG="nb_NO.UTF-8").stdout.startswith("✓ biblioteket er i orden")
    wrong = _plain_run(root, "check", "--lang", "de")
    assert wrong.returncode == 1
    assert wrong.stderr == "feil: ukjent språk 'de'\n  tips: velg nb (norsk bokmål) eller en (engelsk)\n"


def test_json_keeps_the_code_and_speaks_the_language(make_library):
    root = make_library("bad-unknown-key")
    rows = [json.loads(line) for line in _plain_run(root, "check", "--json").stdout.splitlines()]
    assert [(r["code"], r["severity"], r["path"], r["line"], r["col"]) for r in rows] == [
        ("unknown-key", "error", "slides/modules/vendepunktet.yaml", 9, 5)]
    assert rows[0]["message"] == "ukjent felt 'note'"
    assert rows[0]["hint"] == "mente du 'notes'?"


def test_a_usage_mistake_is_answered_in_norwegian(make_library):
    result = _plain_run(make_library(), "buidl")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Feil: Ukjent kommando 'buidl'. Mente du 'build'?"


def test_a_named_deck_builds_while_another_file_is_broken(make_library):
    root = make_library("two-decks")
    module = root / "slides/modules/vendepunktet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: 10", "minutes: ti"), encoding="utf-8")
    named = _plain_run(root, "build", "ordkort", "--format", "pptx")
    assert named.returncode == 0, named.stderr
    assert named.stdout == "skrev out/ordkort/ordkort.pptx\n"
    assert named.stderr == "1 feil i filer som ikke trengs til dette – `erfaring check` viser alle\n"
    every = _plain_run(root, "build", "--format", "pptx", "--force")
    assert every.returncode == 1
    assert every.stdout == "skrev out/ordkort/ordkort.pptx\n"
    lines = every.stderr.splitlines()
    assert lines[0].startswith("slides/modules/vendepunktet.yaml:4:10: feil[wrong-type]: ")
    assert lines[-1] == "✗ 'forelesning' ble ikke bygget: 1 feil i filene den bruker"


def test_list_modules_shows_length_slides_and_consent(make_library):
    result = _plain_run(make_library(), "list", "modules")
    assert result.stdout == ("vendepunktet  Vendepunktet (10 min, 3 lysbilder, samtykke: public)  "
                             "[slides/modules/vendepunktet.yaml:1]\n")


def test_new_files_are_commented_in_norwegian_and_pass_check(make_library):
    root = make_library()
    assert _plain_run(root, "new", "module", "Håp og mestring").stdout == "laget slides/modules/hap-og-mestring.yaml\n"
    text = (root / "slides/modules/hap-og-mestring.yaml").read_text(encoding="utf-8")
    assert "# En modul er en del av undervisningen som kan brukes flere ganger" in text
    assert "  - Første punkt\n" in text  # content stays Norwegian in either language
    result = _plain_run(root, "check")
    assert result.returncode == 0, result.stderr
    english = _plain_run(root, "new", "deck", "Kurs", "--lang", "en")
    assert "# A deck is one occasion" in (root / "slides/decks/kurs.yaml").read_text(encoding="utf-8"), english.stderr


def test_changes_lists_and_carries_back_an_edit_made_in_powerpoint(make_library):
    from pptx import Presentation

    root = make_library()
    assert _plain_run(root, "build", "forelesning", "--format", "pptx").returncode == 0
    deck = root / "out/forelesning/forelesning.pptx"
    prs = Presentation(str(deck))
    for slide in prs.slides:
        title = slide.shapes.title
        if title is not None and title.text_frame.text == "Et bilde":
            title.text_frame.paragraphs[0].runs[0].text = "Et bilde av en prikk"
    prs.save(str(deck))
    listed = _plain_run(root, "changes", "forelesning")
    assert listed.returncode == 0, listed.stderr
    assert "lysbilde 5, tittel  (slides/modules/vendepunktet.yaml:14:12)" in listed.stdout
    applied = _plain_run(root, "changes", "forelesning", "--apply")
    assert applied.stdout.splitlines()[-2:] == [
        "endret 1 verdi i slides/modules/vendepunktet.yaml",
        "✓ ferdig: bygg på nytt med `erfaring build forelesning`; filen du redigerte, blir tatt vare på"]
    assert "title: Et bilde av en prikk" in (root / "slides/modules/vendepunktet.yaml").read_text(encoding="utf-8")
    untouched = _plain_run(root, "changes", "nope")
    assert untouched.returncode == 1
    assert untouched.stderr.startswith("feil: det finnes ingen presentasjon med id-en 'nope'")


# --- Front-end resilience and the last line of defence (issue 12, family 7) ---------------------------------

_BUGGY_BUILD = (
    "import sys\n"
    "import builder.render.pptx.deck as deck\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('boom: a bug in the renderer')\n"
    "deck.render_deck = broken\n"
    "from builder.cli import main\n"
    "sys.argv = ['erfaring', *sys.argv[1:]]\n"
    "main()\n")


def _run_buggy(root, *args, **env):
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("ERFARING_DEBUG",)}
    clean.update(env)
    return subprocess.run([sys.executable, "-c", _BUGGY_BUILD, "--root", str(root), *args], capture_output=True,
                          text=True, encoding="utf-8", env=clean, timeout=120)


@pytest.mark.lang("nb")
def test_a_bug_during_a_build_is_a_plain_message_with_the_details_in_a_file(make_library):
    root = make_library()
    assert run(root, "build", "--format", "pptx").returncode == 0
    deck = root / "out/forelesning/forelesning.pptx"
    before = deck.read_bytes()
    result = _run_buggy(root, "build", "--format", "pptx", "--force")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 70
    logs = list((root / "out/.erfaring").glob("feil-*.txt"))
    assert len(logs) == 1
    assert result.stderr.splitlines() == [
        "feil: `erfaring build` stoppet på grunn av en feil i verktøyet (ikke i filene dine) mens presentasjonen "
        "'forelesning' (slides/decks/forelesning.yaml) ble bygget",
        "  filene som var bygget fra før, er beholdt som de var",
        f"  meld fra om feilen til den som har ansvar for verktøyet, og send med out/.erfaring/{logs[0].name}, der "
        "detaljene står",
    ]
    details = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError: boom: a bug in the renderer" in details
    assert "deck: forelesning (slides/decks/forelesning.yaml)" in details
    assert deck.read_bytes() == before  # the old deck is whole


def test_debug_shows_the_traceback_instead(make_library):
    root = make_library()
    for result in (_run_buggy(root, "build", "--format", "pptx", "--debug"),
                   _run_buggy(root, "--debug", "build", "--format", "pptx"),
                   _run_buggy(root, "build", "--format", "pptx", ERFARING_DEBUG="1")):
        assert result.returncode == 1
        assert "Traceback" in result.stderr and "RuntimeError: boom: a bug in the renderer" in result.stderr
        assert "a bug in the tool" not in result.stderr
    assert not (root / "out/.erfaring").exists() or not list((root / "out/.erfaring").glob("crash-*.txt"))


def test_a_bug_outside_any_library_writes_the_details_to_the_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    from builder.pipeline import report_bug

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    try:
        raise ValueError("boom")
    except ValueError as exc:
        lines = report_bug(exc, "erfaring list", None)
    logs = list(tmp_path.glob("crash-*.txt"))
    assert len(logs) == 1 and "ValueError: boom" in logs[0].read_text(encoding="utf-8")
    assert lines == [
        "error: `erfaring list` stopped because of a bug in the tool (not a mistake in your files)",
        "  the files that were built before are kept as they were",
        f"  please report it to whoever looks after the tool, and send along {logs[0]}, where the details are written",
    ]


def _cp1252_run(root, *args):
    """Run as on Windows with the output sent to a file or a pipe: the console speaks cp1252, which has no ✓."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("ERFARING_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    env["PYTHONIOENCODING"] = "cp1252"
    result = subprocess.run([sys.executable, "-m", "builder", "--root", str(root), *args], capture_output=True,
                            env=env, timeout=120)
    out, err = result.stdout.decode("cp1252"), result.stderr.decode("cp1252")
    assert "Traceback" not in err, err
    return result.returncode, out, err


def test_a_windows_console_that_cannot_show_the_ticks_gets_plain_stand_ins(make_library):
    root = make_library()
    code, out, err = _cp1252_run(root, "check")
    assert code == 0
    assert out == "OK biblioteket er i orden: 1 modul, 1 presentasjon, 1 sitat, 1 faktum, 2 kilder, 2 målgrupper\n"
    code, out, err = _cp1252_run(root, "build", "--format", "pptx")
    assert code == 0 and out == "skrev out/forelesning/forelesning.pptx\n"
    broken = make_library("bad-unknown-key")
    code, out, err = _cp1252_run(broken, "build", "--format", "pptx")
    assert code == 1
    assert err.splitlines()[0] == "slides/modules/vendepunktet.yaml:9:5: feil[unknown-key]: ukjent felt 'note'"
    assert err.splitlines()[-1] == "X 1 feil; ingenting ble skrevet"


@pytest.mark.lang("nb")
def test_build_of_a_deck_whose_own_file_is_broken_shows_where(make_library):
    root = make_library()
    (root / "slides/decks/forelesning.yaml").write_text("id: forelesning\ntitle: [\n", encoding="utf-8")
    result = run(root, "build", "forelesning")
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("slides/decks/forelesning.yaml:") and "feil[yaml-syntax]" in first, result.stderr
    assert "ingen presentasjon med id-en" not in result.stderr
