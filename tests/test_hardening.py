"""Hostile and odd input (issue 9 §4): each test failed before its fix.

Input no person writes is refused with exit 2 and one message naming the file, the line where
known and a hint; never a traceback, never a hang (tests that could hang fail by an alarm).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from nosframe.io import LoadError, load_document, loads
from nosframe.io.limits import MAX_KEY_PARTS, MAX_NESTING


@contextlib.contextmanager
def within(seconds: float):
    """Fail (instead of hanging the test run) when the body takes longer than ``seconds``."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows
        yield
        return

    def ring(signum, frame):
        raise AssertionError(f"took more than {seconds} s (hangs)")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def unusable(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in {result.stderr!r}"
    return result.stderr


# -- 1. nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "[" * 1000 + "]" * 1000,
    "{ a = " * 1000 + "1" + " }" * 1000,
    "[" * 300 + "]" * 300,  # loaded before, then save raised RecursionError
], ids=["arrays-1000", "inline-tables-1000", "arrays-300"])
def test_deep_nesting_is_refused_with_its_line(cli_run, write, value):
    path = write("deep.toml", '[framework]\nid = "x"\n\n[[roles]]\nid = "r"\npurpose = '
                 + value + "\n")
    message = unusable(cli_run("check", path), f"{path}:6:",
                       f"nested more than {MAX_NESTING} deep", "hint:", "docs/format.md")
    assert len(message.splitlines()) == 2


def test_nesting_within_the_limit_is_left_to_the_format(write):
    value = "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)  # inside { }: MAX_NESTING
    path = write("ok.toml", f'[framework]\nid = "x"\n\n[[overrides]]\naction = "set"\n'
                 f'target = "role:r"\nfields = {{ responsibilities = {value} }}\n')
    assert load_document(path).framework.overrides[0].fields


def test_brackets_in_strings_comments_and_headers_are_no_nesting():
    deep = "[" * 100
    text = (f'[framework]\nid = "x"  # {deep}\ndescription = """{deep}\n{deep}"""\n'
            f"title = '{deep}'\n\n[[roles]]\nid = \"r\"\npurpose = \"{deep}\\\"{deep}\"\n")
    assert loads(text).framework.roles[0].purpose == deep + '"' + deep


def test_a_forgotten_bracket_is_a_syntax_error_not_nesting(cli_run, write):
    # every [[roles]] header after an array left open looks nested to a scan of the text
    path = write("open.toml", '[framework]\nid = "x"\nextends = ["a"\n\n'
                 + '[[roles]]\nid = "r"\n\n' * 40)
    unusable(cli_run("check", path), "TOML syntax error", "Unclosed array")


def test_deeply_nested_json_import_is_refused(cli_run, tmp_path):
    source = tmp_path / "deep.json"
    source.write_text(json.dumps({"format": "nosframe-json", "framework": {
        "framework": {"id": "x"}, "roles": [{"id": "r"}]}})
        .replace('"r"}', '"r", "purpose": ' + "[" * 1000 + "]" * 1000 + "}"))
    out = tmp_path / "out.toml"
    unusable(cli_run("import", source, "--from", "json", "-o", out), f"{source}:1:",
             f"nested more than {MAX_NESTING} deep")
    assert not out.exists()


# -- 2. dotted keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["key", "header", "inline"])
def test_a_dotted_key_of_50000_parts_is_refused_quickly(cli_run, write, where):
    key = ".".join(["a"] * 50_000)
    body = {"key": f"{key} = 1\n", "header": f"[{key}]\n",
            "inline": f"x = {{ {key} = 1 }}\n"}[where]
    path = write("dotted.toml", '[framework]\nid = "x"\n' + body)
    with within(10):  # tomllib took a minute
        result = cli_run("check", path)
    unusable(result, f"{path}:3:", f"dotted key of more than {MAX_KEY_PARTS} parts", "hint:")


def test_dotted_keys_within_the_limit_and_floats_load():
    key = ".".join(["a"] * MAX_KEY_PARTS)
    text = ('[framework]\nid = "x"\n\n[[overrides]]\naction = "set"\ntarget = "role:r"\n'
            f'fields = {{ {key} = 1.5, "b.c.d".e = 2.5 }}\n')
    fields = loads(text).framework.overrides[0].fields
    assert fields["b.c.d"] == {"e": 2.5} and "a" in fields


# -- 3. non-regular files ---------------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_as_the_framework_is_refused(cli_run, tmp_path):
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    with within(10):
        result = cli_run("check", fifo)
    unusable(result, f"{fifo}: is a named pipe (FIFO), not a regular file", "hint:")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_as_the_framework_is_refused(cli_run):
    # Reading /dev/zero never ends and fills memory (no alarm interrupts it): first in a child
    # process with a memory limit, so a regression fails this test instead of the machine.
    import resource
    import subprocess

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    code = ("from nosframe.io import LoadError, load_document\n"
            "try:\n    load_document('/dev/zero')\nexcept LoadError as exc:\n    print(exc)\n")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=30, preexec_fn=limit_memory)
    assert "/dev/zero: is a character device, not a regular file" in child.stdout, child.stderr
    with within(10):
        result = cli_run("check", "/dev/zero")
    unusable(result, "/dev/zero: is a character device, not a regular file")


@needs_fifo
def test_a_fifo_in_extends_is_refused(cli_run, write, tmp_path):
    os.mkfifo(tmp_path / "parent.toml")
    path = write("child.toml", '[framework]\nid = "c"\nextends = ["parent.toml"]\n')
    with within(10):
        result = cli_run("check", path)
    unusable(result, "parent.toml: is a named pipe (FIFO), not a regular file",
             "extended from")


@needs_fifo
def test_a_fifo_as_the_file_to_import_is_refused(cli_run, tmp_path):
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    out = tmp_path / "out.toml"
    with within(10):
        result = cli_run("import", fifo, "--from", "json", "-o", out)
    unusable(result, "is a named pipe (FIFO), not a regular file")
    assert not out.exists()


@needs_fifo
def test_the_json_importer_refuses_a_fifo_itself(tmp_path):
    from nosframe.formats.json_format import import_json

    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    with within(10), pytest.raises(LoadError, match="not a regular file"):
        import_json(fifo)


# -- 5. importers validate what they write ------------------------------------------------------


def test_import_of_two_roles_with_one_id_writes_nothing(cli_run, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"format": "nosframe-json", "version": 1, "framework": {
        "framework": {"id": "x"}, "roles": [{"id": "a"}, {"id": "a"}]}}))
    out = tmp_path / "out.toml"
    message = unusable(cli_run("import", source, "--from", "json", "-o", out),
                       f"error: {source}:", "duplicate role 'a'", "roles[1]",
                       "nothing was written")
    assert "line" not in message.splitlines()[0]  # no line of a file that was never written
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


# -- 4. behaviour level keys ------------------------------------------------------------------

LEVELS = '[framework]\nid = "x"\n\n[[behaviours]]\nid = "a"\n\n[[behaviours]]\nid = "b"\n\n' \
         '[[behaviours]]\nid = "c"\nlevels = {{ {levels} }}\n'


@pytest.mark.parametrize("key", ["01", " 1", "\u0661", "+1", "1_0", "1 "])
def test_a_level_key_not_written_as_a_number_is_refused(cli_run, write, key):
    path = write("levels.toml", LEVELS.format(levels=f'"{key}" = ["x"]'))
    unusable(cli_run("check", path), f"{path}:12: behaviours[2].levels: level {key!r}",
                       "ASCII digits")


def test_level_keys_that_would_become_one_level_are_refused_not_merged(cli_run, write):
    levels = '"1" = ["one"], "01" = ["zero-one"], " 1" = ["space-one"], "\u0661" = ["arabic"]'
    path = write("levels.toml", LEVELS.format(levels=levels))
    unusable(cli_run("check", path), "behaviours[2].levels", "level '01'",
             "the same level as '1'", 'write "1"')


def test_canonical_level_keys_load():
    text = LEVELS.format(levels='"2" = ["b"], "1" = ["a"], 10 = ["j"]')
    assert loads(text).framework.behaviours[2].levels == {1: ("a",), 2: ("b",), 10: ("j",)}


# -- 16. a role's level as a number; no [[levels]] ------------------------------------------------


def test_a_roles_level_may_be_a_whole_number(write):
    path = write("r.toml", '[framework]\nid = "x"\n\n[[roles]]\nid = "r"\nlevel = 2\n')
    assert load_document(path).framework.roles[0].level == "2"
    with pytest.raises(LoadError, match="expected a string"):
        loads('[framework]\nid = "x"\n\n[[roles]]\nid = "r"\nlevel = 2.5\n')
    with pytest.raises(LoadError, match="expected a string"):
        loads('[framework]\nid = "x"\n\n[[roles]]\nid = "r"\nlevel = true\n')


def test_a_set_override_may_give_a_roles_level_as_a_number(plugins, write):
    from nosframe.compose import load

    base = write("base.toml", '[framework]\nid = "base"\n\n[[roles]]\nid = "r"\nlevel = "A"\n')
    child = write("child.toml", '[framework]\nid = "child"\nextends = ["base.toml"]\n\n'
                  '[[overrides]]\naction = "set"\ntarget = "role:r"\nfields = { level = 3 }\n')
    assert base.exists()
    composed = load(child, plugins)
    assert composed.framework.roles[0].level == "3"
    assert not [p for p in composed.problems if p.code == "NF122"]


NO_LEVELS = """
[framework]
id = "x"

[[behaviours]]
id = "b"
levels = { "1" = ["listens"], "2" = ["coaches"] }

[[roles]]
id = "r"
level = 1
behaviours = { b = 2 }

[[roles]]
id = "s"
behaviours = { b = 3 }
"""


def test_without_levels_the_behaviours_indicator_levels_are_the_scale(cli_run, write):
    path = write("no-levels.toml", NO_LEVELS)
    result = cli_run("check", path, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    nf112 = [f for f in findings if f["code"] == "NF112"]
    assert [f["message"] for f in nf112] == [
        "role 's' requires 'b' at level 3, which the scale does not have"]
    assert "levels in the scale: 1, 2" in nf112[0]["hint"]
    nf119 = [f for f in findings if f["code"] == "NF119"]
    assert len(nf119) == 1 and nf119[0]["severity"] == "info"
    assert "(1, 2)" in nf119[0]["message"] and "[[levels]]" in nf119[0]["hint"]


def test_with_levels_defined_nf119_is_not_reported(cli_run, write):
    path = write("levels.toml", NO_LEVELS.replace('id = "x"\n', 'id = "x"\n\n[[levels]]\n'
                                                  'number = 1\n\n[[levels]]\nnumber = 2\n', 1))
    findings = json.loads(cli_run("check", path, "--format", "json").stdout)["findings"]
    assert not [f for f in findings if f["code"] == "NF119"]
    assert [f["code"] for f in findings if f["code"] == "NF112"] == ["NF112"]


# -- 7. export never replaces its input, nor an existing file without --force ---------------------


def test_export_refuses_to_replace_the_framework(cli_run, write):
    path = write("m.toml", '[framework]\nid = "m"\n')
    before = path.read_bytes()
    for extra in ((), ("--force",)):
        result = cli_run("export", path, "--to", "markdown", "-o", path, *extra)
        unusable(result, f"{path}: is the framework being exported", "hint:")
        assert path.read_bytes() == before


def test_export_refuses_to_replace_a_file_the_framework_extends(cli_run, write, tmp_path):
    parent = write("parent.toml", '[framework]\nid = "p"\n')
    child = write("child.toml", '[framework]\nid = "c"\nextends = ["parent.toml"]\n')
    before = parent.read_bytes()
    result = cli_run("export", child, "--to", "json", "-o", tmp_path / "." / "parent.toml",
                     "--force")
    unusable(result, "is a file", "extends")
    assert parent.read_bytes() == before


def test_export_overwrites_an_existing_file_only_with_force(cli_run, write, tmp_path):
    path = write("m.toml", '[framework]\nid = "m"\ntitle = "M"\n')
    out = tmp_path / "m.md"
    out.write_text("keep me")
    unusable(cli_run("export", path, "--to", "markdown", "-o", out),
             f"{out}: already exists", "--force")
    assert out.read_text() == "keep me"
    assert cli_run("export", path, "--to", "markdown", "-o", out, "--force").exit_code == 0
    assert out.read_text().startswith("# M")


# -- 15. a preset whose file is missing names the preset and the plugin ---------------------------


class _GhostPresets:
    from nosframe.hookspecs import hookimpl

    @hookimpl
    def nosframe_presets(self, register):
        from nosframe.registry import Preset

        register(Preset(id="ghost", title="Ghost", path=Path("/nonexistent/ghost.toml")))


def test_a_missing_preset_file_names_the_preset_and_its_plugin(write):
    from nosframe.compose import load
    from nosframe.plugins import load_plugins

    plugins = load_plugins(entry_points=False, extra=[("ghost-plugin", _GhostPresets())])
    path = write("f.toml", '[framework]\nid = "f"\nextends = ["ghost"]\n')
    with pytest.raises(LoadError) as caught:
        load(path, plugins)
    text = str(caught.value)
    assert "preset 'ghost'" in text and "plugin 'ghost-plugin'" in text
    assert "file not found" in text and "/nonexistent/ghost.toml" in text
    assert "extended from" in text and "f.toml:3" in text


# -- 14. nosframe plugins lists the formats -------------------------------------------------------


def test_plugins_lists_the_export_and_import_formats(cli_run):
    text = cli_run("plugins").stdout
    assert "export formats (export --to NAME):" in text
    assert "import formats (import --from NAME):" in text
    exports = text.split("export formats")[1].split("import formats")[0]
    assert "json" in exports and "markdown" in exports
    data = json.loads(cli_run("plugins", "--json").stdout)
    assert {e["name"] for e in data["exporters"]} >= {"json", "markdown"}
    assert {i["name"] for i in data["importers"]} >= {"json", "case"}


# -- 12. Markdown export -------------------------------------------------------------------------

MARKDOWN = """
[framework]
id = "md"
title = "MD Framework"

[[levels]]
number = 1
name = "Practitioner"

[[values]]
id = "courage"
name = "Courage"

[[behaviours]]
id = "listens"
name = "Listens | hears"
values = ["courage"]
levels = { "1" = ["Asks what matters.", "Checks understanding."] }

[[standards]]
code = "SFJAA1"
title = "Promote equality"
performance = [{ id = "P1", text = "Treat people fairly" }]

[[roles]]
id = "pc"
title = "Police constable"
purpose = "Keeps the peace"
standards = ["SFJAA1"]
behaviours = { listens = 1 }

[[mappings]]
standard = "SFJAA1"
criteria = ["P1"]
behaviour = "listens"
note = "Fair treatment starts with listening."
"""


def test_markdown_export_nests_its_headings_and_exports_everything(cli_run, write):
    path = write("md.toml", MARKDOWN)
    result = cli_run("export", path, "--to", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# MD Framework", "## Levels", "## Values", "## Behaviours", "### Listens | hears",
        "## Standards", "### SFJAA1 Promote equality", "## Roles", "### Police constable",
        "#### Purpose", "#### Standards (NOS) this role must meet", "#### Behaviours",
        "## Mappings", "## Coverage"]
    # each indicator as written, never joined into "matters.; Checks"
    assert ".;" not in text
    assert "- Level 1 (Practitioner):\n  - Asks what matters.\n  - Checks understanding." in text
    # mappings, by name, with their notes
    assert "- **SFJAA1** Promote equality: P1 evidence behaviour **Listens | hears**" in text
    assert "Fair treatment starts with listening." in text
    assert "mapping notes" not in " ".join(result.stderr.split())
    # coverage by names (a pipe in a name escaped), not ids
    assert "| role | Listens \\| hears |" in text
    assert "| Police constable | 1 ok |" in text and "| pc |" not in text


# -- 13. nosframe show fits the terminal ----------------------------------------------------------


def test_fit_cuts_at_a_word_with_an_ellipsis():
    from nosframe.cli import fit

    assert fit("Promote equality and value diversity", 40) == "Promote equality and value diversity"
    assert fit("Promote equality and value diversity", 20) == "Promote equality…"
    assert fit("Supercalifragilistic", 10) == "Supercali…"  # one long word: cut inside it
    assert fit("Plan, implement and manage", 17) == "Plan, implement…"
    assert len(fit("a " * 100, 30)) <= 30


@pytest.mark.parametrize("columns", [80, 120])
def test_show_fits_the_terminal_and_cuts_titles_at_words(cli_run, write, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    long = ("Plan, implement and manage the sharing of knowledge and good practice to inform "
            "innovation and improve service delivery")
    path = write("show.toml", f'[framework]\nid = "s"\ntitle = "S"\n\n[[standards]]\n'
                 f'code = "SFJHI1"\ntitle = "{long}"\n\n[[roles]]\n'
                 f'id = "a-role-with-a-rather-long-identifier-indeed"\ntitle = "{long}"\n')
    result = cli_run("show", path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # a file's path is printed whole (it is copied, never cut), however deep the temp folder
    cut_lines = [line for line in lines if line.strip() != str(path)]
    assert all(len(line) <= columns for line in cut_lines), \
        [line for line in cut_lines if len(line) > columns]
    row = next(line for line in lines if "SFJHI1" in line)
    assert "…" in row and "show.toml:5" in row
    title = row.split("SFJHI1", 1)[1].split("…")[0].strip()
    assert long.startswith(title) and long[len(title)] in " ,"  # cut at a word


def test_an_error_about_no_file_prints_no_placeholder_location(cli_run, tmp_path):
    existing = tmp_path / "x.toml"
    existing.write_text('[framework]\nid = "x"\n')
    result = cli_run("new", str(existing), "--preset", "test-base", "--org", "X")
    assert result.exit_code == 2
    assert "<memory>" not in result.output
    assert f"error: {existing}: already exists" in result.output


def test_a_file_with_several_bad_keys_names_each_place(cli_run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[framework]\nid = "x"\ntitel = "X"\n\n[[roles]]\nid = "r"\ntitel = "R"\n')
    result = cli_run("check", str(bad))
    assert result.exit_code == 2
    assert "(and 1 more problem: roles[0]: unknown key 'titel')" in result.output


def test_show_into_a_pipe_cuts_nothing(cli_run, write, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # CliRunner's output is not a terminal
    long = ("Plan, implement and manage the sharing of knowledge and good practice to inform "
            "innovation and improve service delivery")
    path = write("show.toml", f'[framework]\nid = "s"\ntitle = "S"\n\n[[standards]]\n'
                 f'code = "SFJHI1"\ntitle = "{long}"\n')
    result = cli_run("show", path)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "SFJHI1" in line)
    assert long in row and "…" not in row


def test_import_takes_the_format_from_an_unambiguous_suffix(cli_run, write, tmp_path):
    source = write("s.toml", '[framework]\nid = "s"\ntitle = "S"\n\n[[roles]]\nid = "r"\n')
    book = tmp_path / "book.xlsx"
    exported = cli_run("export", str(source), "--to", "xlsx", "-o", str(book))
    assert exported.exit_code == 0, exported.output
    result = cli_run("import", str(book), "-o", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back.toml").exists()
    # a .json file could be nosframe JSON or CASE: it asks
    data = tmp_path / "x.json"
    data.write_text("{}")
    result = cli_run("import", str(data), "-o", str(tmp_path / "y.toml"))
    assert result.exit_code == 2 and "give --from FORMAT (case or json read .json files)" \
        in result.output


def test_every_error_prints_its_hint_on_a_line_of_its_own(cli_run, tmp_path):
    out = tmp_path / "out.toml"
    out.write_text("x")
    # an error the CLI raises itself, and one the engine raises, read the same
    cli_errors = cli_run("template", "json", "-o", str(out)).stderr.splitlines()
    engine_errors = cli_run("check", str(tmp_path / "nope.toml")).stderr.splitlines()
    for lines in (cli_errors, engine_errors):
        assert lines[0].startswith("error: ") and "hint:" not in lines[0], lines
        assert lines[1].startswith("  hint: "), lines


def test_saving_a_value_nested_deeper_than_a_reader_takes_is_refused(tmp_path):
    """A model built in Python can nest any depth: saving one gives a clear error naming the
    element, never a RecursionError, and writes nothing."""
    from nosframe.io import NosframeError, save
    from nosframe.model import Framework, FrameworkInfo, Override, OverrideAction

    value: object = 1
    for _ in range(300):
        value = [value]
    fw = Framework(FrameworkInfo("x"), overrides=(
        Override(OverrideAction.SET, "role:a", fields={"purpose": value}),))
    target = tmp_path / "deep.toml"
    with pytest.raises(NosframeError) as caught:
        save(fw, target)
    assert "nested more than 32 deep" in caught.value.message
    assert caught.value.location.path == "overrides[0]"
    assert not target.exists()


def test_markdown_export_lists_a_repeated_standard_once(cli_run, write):
    """A role listing a standard twice, or as both mandatory and optional (NF152), is exported
    with it once, mandatory winning, as the job description does."""
    path = write("rep.toml", """
        [framework]
        id = "rep"

        [[standards]]
        code = "SFJ AA1"
        title = "Promote equality"

        [[roles]]
        id = "r"
        title = "R"
        standards = ["SFJ AA1", "sfjaa1"]
        optional_standards = ["SFJAA1"]
    """)
    text = cli_run("export", path, "--to", "markdown", "-o", "-").stdout
    assert text.count("Promote equality") == 2  # the standard's own entry, and the role's
    assert "Optional standards" not in text
