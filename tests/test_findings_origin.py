"""Issue 9 §3: findings say whether they are the file's own or only in what it inherits;
`nosframe check` shows the file's own (one line for the rest), exit codes count only those, and
a file can acknowledge a finding with a reason ([[acknowledged]]). Defect 10: a reference a
`set` override makes is located at the override, in the file."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from nosframe.checks import run_checks
from nosframe.compose import load
from nosframe.io import LoadError, dumps, load_document, loads
from nosframe.model import FindingOrigin, Severity

BASE = "[framework]\nid = \"f\"\nextends = [\"test-base\"]\n"


def findings(path, plugins):
    return run_checks(load(path, plugins), plugins)


def by_code(found, code):
    return [f for f in found if f.code == code]


# -- own or inherited, decided from provenance --------------------------------------------------


def test_a_preset_finding_is_inherited_and_the_files_own_is_own(write, plugins):
    path = write("f.toml", BASE + '\n[[roles]]\nid = "mine"\nstandards = ["NOPE1"]\n')
    found = findings(path, plugins)
    [unused] = by_code(found, "NF130")  # TST02 of the preset: no role uses it
    assert unused.element == ("standard", "TST02")
    assert unused.origin is FindingOrigin.INHERITED and not unused.own
    [unknown] = by_code(found, "NF102")
    assert unknown.origin is FindingOrigin.OWN and unknown.open


def test_an_element_the_file_overrides_is_its_own(write, plugins):
    path = write("f.toml", BASE + '\n[[overrides]]\naction = "retitle"\n'
                 'target = "standard:TST02"\ntitle = "Our standard two"\n')
    [unused] = by_code(findings(path, plugins), "NF130")
    assert unused.own


def test_a_reference_a_set_override_makes_is_own_and_located_at_the_override(write, plugins):
    """Defect 10: the unknown standard was written by the file's override of the preset's role,
    so the finding points there (it pointed at the preset's line of roles[0].standards)."""
    path = write("f.toml", BASE + '\n[[overrides]]\naction = "set"\ntarget = "role:worker"\n'
                 'reason = "custody work"\n\n[overrides.fields]\n'
                 'standards = ["TST01", "NOPE9"]\n')
    [unknown] = by_code(findings(path, plugins), "NF102")
    assert unknown.own
    assert unknown.location.file == str(path)
    assert unknown.location.line == 11  # standards = [...] under [overrides.fields]
    assert unknown.location.path == "overrides[0].fields.standards[1]"


def test_a_retitle_is_located_at_the_override(write, plugins):
    path = write("f.toml", BASE + '\n[[overrides]]\naction = "retitle"\n'
                 'target = "role:worker"\ntitle = "Senior worker"\n')
    composed = load(path, plugins)
    where = composed.locate("role", "worker", "title")
    assert (where.file, where.line, where.path) == (str(path), 8, "overrides[0].title")
    # a field the override did not set stays where the preset defines it
    assert composed.locate("role", "worker", "standards[0]").file.endswith("base.toml")


def test_a_library_standard_the_files_role_names_is_own(write, tui_plugins):
    path = write("f.toml", '[framework]\nid = "f"\nextends = ["tui-base"]\n\n[[roles]]\n'
                 'id = "archivist"\nstandards = ["LIBZZ9"]\n\n[[mappings]]\n'
                 'standard = "LIBZZ9"\ncriteria = ["P9"]\nbehaviour = "collaborative"\n')
    found = findings(path, tui_plugins)
    missing = [f for f in found if f.element == ("mapping", "LIBZZ9->behaviour:collaborative")]
    assert missing and all(f.own for f in missing)
    from nosframe.checks.attribution import Attribution

    assert Attribution(load(path, tui_plugins)).element_is_own("standard", "LIBZZ9") is True


def test_presets_that_conflict_only_in_the_file_are_its_own(plugins, tmp_path):
    """Two presets defining level 1 meet only because the file extends both: the NF123 is the
    file's to fix (choose one, or override); the same conflict inside a preset is not."""
    from nosframe.compose.composer import Layer, Origin, compose_layers
    from nosframe.io import loads as parse

    base = parse('[framework]\nid = "a"\n\n[[levels]]\nnumber = 1\nname = "One"\n',
                 tmp_path / "a.toml")
    other = parse('[framework]\nid = "b"\n\n[[levels]]\nnumber = 1\nname = "Uno"\n',
                  tmp_path / "b.toml")
    child = parse('[framework]\nid = "c"\nextends = ["a"]\n\n[[levels]]\nnumber = 1\n'
                  'name = "Eins"\n', tmp_path / "c.toml")
    root = parse('[framework]\nid = "r"\nextends = ["a", "b"]\n', tmp_path / "r.toml")
    combined = compose_layers([Layer(Origin("preset", "a"), base),
                               Layer(Origin("preset", "b"), other),
                               Layer(Origin("file", str(tmp_path / "r.toml")), root)])
    [conflict] = by_code(run_checks(combined, plugins), "NF123")
    assert conflict.own
    root2 = parse('[framework]\nid = "r"\nextends = ["c"]\n', tmp_path / "r2.toml")
    inside = compose_layers([Layer(Origin("preset", "a"), base),
                             Layer(Origin("preset", "c"), child),
                             Layer(Origin("file", str(tmp_path / "r2.toml")), root2)])
    [conflict] = by_code(run_checks(inside, plugins), "NF123")
    assert not conflict.own


def test_a_layer_combining_two_presets_settles_their_conflict_for_what_extends_it(
        plugins, tmp_path):
    """A preset extending a and b that defines level 1 itself with a replace override settles
    a and b's conflict: no NF123 in it, nor in a file extending it; its level is used. A
    preset redefining what it extends itself is not a combination: a later layer's replace
    does not hide that preset's own problem."""
    from nosframe.compose.composer import Layer, Origin, compose_layers
    from nosframe.io import loads as parse

    a = parse('[framework]\nid = "a"\n\n[[levels]]\nnumber = 1\nname = "One"\n',
              tmp_path / "a.toml")
    b = parse('[framework]\nid = "b"\n\n[[levels]]\nnumber = 1\nname = "Uno"\n',
              tmp_path / "b.toml")
    both = parse('[framework]\nid = "ab"\nextends = ["a", "b"]\n\n[[levels]]\nnumber = 1\n'
                 'name = "Joint"\n\n[[overrides]]\naction = "replace"\ntarget = "level:1"\n',
                 tmp_path / "ab.toml")
    root = parse('[framework]\nid = "r"\nextends = ["ab"]\n', tmp_path / "r.toml")
    composed = compose_layers([Layer(Origin("preset", "a"), a), Layer(Origin("preset", "b"), b),
                               Layer(Origin("preset", "ab"), both),
                               Layer(Origin("file", str(tmp_path / "r.toml")), root)])
    assert not by_code(run_checks(composed, plugins), "NF123")
    assert [level.name for level in composed.framework.levels] == ["Joint"]
    prov = composed.provenance_of("level", "1")
    assert prov.origin.name == "ab"
    assert [what for what, _ in prov.overrides] == [
        "preset b redefines the one of preset a; preset ab settles it with its own and a "
        "replace override", "replaced by preset ab"]

    child = parse('[framework]\nid = "c"\nextends = ["a"]\n\n[[levels]]\nnumber = 1\n'
                  'name = "Eins"\n', tmp_path / "c.toml")
    mine = parse('[framework]\nid = "r"\nextends = ["c"]\n\n[[levels]]\nnumber = 1\n'
                 'name = "Mine"\n\n[[overrides]]\naction = "replace"\ntarget = "level:1"\n',
                 tmp_path / "r2.toml")
    inside = compose_layers([Layer(Origin("preset", "a"), a), Layer(Origin("preset", "c"), child),
                             Layer(Origin("file", str(tmp_path / "r2.toml")), mine)])
    [conflict] = by_code(run_checks(inside, plugins), "NF123")
    assert conflict.location.file == str(tmp_path / "c.toml")
    assert conflict.hint.startswith('add [[overrides]] action = "replace", target = "level:1"')
    # the preset's own problem, even where the file replaces that level: the file can neither
    # fix it nor acknowledge an error, so it does not fail the file's check
    assert conflict.origin is FindingOrigin.INHERITED and not conflict.open


# -- nosframe check ------------------------------------------------------------------------------


def test_check_shows_the_files_own_and_one_line_for_the_inherited(cli_run, write):
    path = write("f.toml", BASE + '\n[[roles]]\nid = "mine"\n')
    result = cli_run("check", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "NF114" in result.stdout and "NF130" not in result.stdout
    assert lines[-2:] == ["0 errors, 1 warning, 0 info",
                          "+ 1 info in what it inherits (--inherited shows them)"]
    shown = cli_run("check", path, "--inherited")
    assert "info NF130 (inherited): standard TST02" in shown.stdout
    assert shown.stdout.splitlines()[-1] == "+ 1 info in what it inherits (marked above)"
    assert cli_run("check", path, "--all").stdout == shown.stdout


def test_check_exit_code_counts_only_the_files_own_errors(cli_run, write, tmp_path):
    broken = write("parent.toml", '[framework]\nid = "p"\n\n[[roles]]\nid = "r"\n'
                   'standards = ["NOPE1"]\n')
    child = write("child.toml", '[framework]\nid = "c"\nextends = ["parent.toml"]\n')
    result = cli_run("check", child)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "0 errors, 0 warnings, 0 info",
        "+ 1 error in what it inherits (--inherited shows them)"]
    assert cli_run("check", broken).exit_code == 1
    own = write("own.toml", '[framework]\nid = "c"\nextends = ["parent.toml"]\n\n[[roles]]\n'
                'id = "mine"\nstandards = ["NOPE2"]\n')
    assert cli_run("check", own).exit_code == 1


def test_check_json_gives_every_finding_with_its_origin(cli_run, write):
    path = write("f.toml", BASE + '\n[[roles]]\nid = "mine"\n')
    data = json.loads(cli_run("check", path, "--format", "json").stdout)
    origins = {(f["code"], f["origin"]) for f in data["findings"]}
    assert origins == {("NF114", "own"), ("NF130", "inherited")}
    assert data["all"]["total"] == 2
    # the summary counts what the exit code and the text's first line count: the file's own
    assert data["summary"] == data["by_origin"]["own"] == {"error": 0, "warning": 1, "info": 0,
                                                           "total": 1}
    assert data["by_origin"]["own"]["warning"] == 1
    assert data["by_origin"]["inherited"]["info"] == 1
    assert data["by_origin"]["acknowledged"]["total"] == 0


def test_a_new_framework_shows_no_problems_of_its_own(cli_run, tmp_path):
    target = tmp_path / "x.toml"
    assert cli_run("new", target, "--preset", "test-base", "--org", "X").exit_code == 0
    result = cli_run("check", target)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "0 errors, 0 warnings, 0 info"


# -- acknowledging ----------------------------------------------------------------------------

ACK = '''
[[acknowledged]]
code = "NF130"
element = "standard:tst 02"
reason = "kept for the custody suite next year"
by = "Jo Bloggs"
date = 2026-12-01
'''


def test_an_acknowledged_finding_stops_showing_and_is_counted(cli_run, write, plugins):
    path = write("f.toml", BASE + ACK)
    [unused] = by_code(findings(path, plugins), "NF130")
    assert unused.acknowledged is not None and not unused.open
    assert unused.acknowledged.reason == "kept for the custody suite next year"
    result = cli_run("check", path)
    assert "NF130" not in result.stdout
    assert result.stdout.splitlines() == ["0 errors, 0 warnings, 0 info",
                                          "1 acknowledged (--inherited shows them)"]
    shown = cli_run("check", path, "--inherited").stdout
    assert "info NF130 (acknowledged): standard TST02" in shown
    assert "  acknowledged: kept for the custody suite next year (by Jo Bloggs, 2026-12-01)" \
        in shown
    data = json.loads(cli_run("check", path, "--format", "json").stdout)
    [entry] = data["findings"]
    assert entry["acknowledged"] == {"reason": "kept for the custody suite next year",
                                     "by": "Jo Bloggs", "date": "2026-12-01"}
    assert data["by_origin"]["acknowledged"]["info"] == 1


def test_an_acknowledgement_matching_nothing_is_a_stale_info_finding(cli_run, write):
    path = write("f.toml", BASE + ACK.replace("NF130", "NF115"))
    result = cli_run("check", path)
    assert result.exit_code == 0
    assert re.search(r"f\.toml:\d+: acknowledged\[0\]: info NF126: acknowledgement of NF115 "
                     r"about standard:TST02 matches no finding \(stale\)", result.stdout)
    assert "0 errors, 0 warnings, 1 info" in result.stdout


def test_one_entry_acknowledges_a_code_for_every_element_of_a_kind(cli_run, write):
    """``element = "standard:*"``: the review dates of every NOS a framework takes from the
    library in one entry; stale like any other when nothing matches."""
    path = write("f.toml", BASE + ACK.replace('"standard:tst 02"', '"standard:*"'))
    result = cli_run("check", path)
    assert result.exit_code == 0 and "NF130" not in result.stdout
    assert "1 acknowledged (--inherited shows them)" in result.stdout
    stale = write("g.toml", BASE + ACK.replace('"standard:tst 02"', '"role:*"'))
    result = cli_run("check", stale)
    assert re.search(r"acknowledged\[0\]: info NF126: acknowledgement of NF130 about role:\* "
                     r"matches no finding \(stale\)", result.stdout)


def test_an_error_cannot_be_acknowledged(cli_run, write):
    path = write("f.toml", BASE + '\n[[roles]]\nid = "mine"\nstandards = ["NOPE1"]\n\n'
                 '[[acknowledged]]\ncode = "NF102"\nelement = "role:mine"\nreason = "later"\n')
    result = cli_run("check", path)
    assert result.exit_code == 1
    assert "error NF102" in result.stdout
    assert "errors cannot be acknowledged" in result.stdout


def test_an_acknowledgement_naming_no_element_kind_is_reported(write, plugins):
    path = write("f.toml", BASE + ACK.replace("standard:tst 02", "TST02"))
    [stale] = by_code(findings(path, plugins), "NF126")
    assert "not kind:id" in stale.message and stale.location.path == "acknowledged[0].element"


def test_acknowledgements_load_and_save(write):
    path = write("f.toml", BASE + ACK)
    framework = load_document(path).framework
    [ack] = framework.acknowledged
    assert (ack.code, ack.element, ack.by, ack.date.isoformat()) == \
        ("NF130", "standard:tst 02", "Jo Bloggs", "2026-12-01")
    text = dumps(framework)
    assert "[[acknowledged]]" in text
    assert loads(text).framework == framework


def test_an_acknowledgement_needs_a_reason(write):
    path = write("f.toml", BASE + '\n[[acknowledged]]\ncode = "NF130"\n'
                 'element = "standard:TST02"\n')
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert "reason" in str(caught.value)


# -- done when: the real presets and examples -------------------------------------------------


def _installed(*presets):
    from nosframe.plugins import load_plugins

    missing = set(presets) - set(load_plugins().presets())
    if missing:
        pytest.fail(f"preset(s) {sorted(missing)} not installed: run ./dev test")


def test_a_new_policing_framework_shows_no_problems_of_its_own(tmp_path):
    """Issue 9's done-when, through the command line with the installed policing plugin."""
    from nosframe.cli import cli

    _installed("policing")
    target = tmp_path / "x.toml"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", str(target), "--preset", "policing", "--org", "X"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(cli, ["check", str(target)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "0 errors, 0 warnings, 0 info"
    assert re.fullmatch(r"\+ \d+ warnings, \d+ info in what it inherits "
                        r"\(--inherited shows them\)", lines[1]), lines
    assert len(lines) == 2
    data = json.loads(runner.invoke(cli, ["check", str(target), "--format", "json"]).stdout)
    assert data["findings"] and all(f["origin"] == "inherited" for f in data["findings"])


@pytest.mark.parametrize("name", ["northshire-police", "eastmoor-justice-partnership",
                                  "westvale-probation"])
def test_each_example_shows_only_its_own(name):
    from pathlib import Path

    from nosframe.cli import cli

    _installed("policing", "probation", "community-justice")
    path = Path(__file__).parents[1] / "frameworks" / f"{name}.toml"
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["check", str(path), "--format", "json"]).stdout)
    own = [f for f in data["findings"] if f["origin"] == "own" and not f["acknowledged"]]
    inherited = [f for f in data["findings"] if f["origin"] == "inherited"]
    assert inherited, "the presets' own findings are still reported (with --inherited)"
    text = runner.invoke(cli, ["check", str(path)]).stdout
    listed = [line for line in text.splitlines() if re.search(r": (error|warning|info) NF", line)]
    assert len(listed) == len(own)
    assert "(inherited)" not in text
    assert all(f["location"]["file"] != str(path) for f in inherited)


def test_new_warns_about_what_check_fails_on_only(cli_run, monkeypatch, tmp_path):
    """A preset's own error is the preset's (check exits 0 on the new file, and new does not
    say it fails); presets that conflict only in the new file are its own (the existing
    test_cli test of conflicting presets)."""
    from nosframe.hookspecs import hookimpl
    from nosframe.registry import Preset

    broken = tmp_path / "broken.toml"
    broken.write_text('[framework]\nid = "broken"\n\n[[roles]]\nid = "r"\n'
                      'standards = ["NOPE1"]\n', encoding="utf-8")

    class BrokenPreset:
        @hookimpl
        def nosframe_presets(self, register):
            register(Preset(id="test-broken", title="Broken", path=broken))

    import nosframe.plugins as plugins_module

    real = plugins_module.load_plugins
    monkeypatch.setattr(plugins_module, "load_plugins",
                        lambda **kw: real(**kw, extra=[("broken", BrokenPreset())]))
    target = tmp_path / "x.toml"
    made = cli_run("new", target, "--preset", "test-broken", "--org", "X")
    assert made.exit_code == 0, made.output
    assert "does not pass" not in made.stderr and "next: nosframe check" in made.stderr
    checked = cli_run("check", target)
    assert checked.exit_code == 0
    assert "+ 1 error in what it inherits" in checked.stdout


def test_a_plugins_finding_with_an_odd_element_is_attributed_not_a_crash(write):
    """A check may get the element wrong (a list, a 3-tuple): such a finding is about no
    element, and the run goes on."""
    from nosframe.hookspecs import hookimpl
    from nosframe.model import Finding
    from nosframe.plugins import load_plugins
    from nosframe.registry import Check

    def odd(ctx):
        yield Finding("EX901", Severity.WARNING, "a list", element=["role", "x"])
        yield Finding("EX901", Severity.WARNING, "three", element=("role", "x", "y"))

    class Odd:
        @hookimpl
        def nosframe_checks(self, register):
            register(Check("odd", odd, {"EX901": "odd elements"}))

    plugins = load_plugins(entry_points=False, extra=[("odd", Odd())])
    path = write("f.toml", '[framework]\nid = "f"\n\n[[acknowledged]]\ncode = "EX901"\n'
                 'reason = "odd"\n')
    made = [f for f in findings(path, plugins) if f.code == "EX901"]
    assert len(made) == 2 and all(f.own for f in made)
    assert all(f.acknowledged for f in made)  # as findings about no element


def test_acknowledgements_match_codes_in_any_case_and_say_what_is_wrong(cli_run, write):
    """`nf130` is NF130; an entry whose code no check makes is told so (not "the problem is
    gone"); a misspelt kind gets a "did you mean"."""
    lower = write("l.toml", BASE + ACK.replace('"NF130"', '"nf130"'))
    result = cli_run("check", lower)
    assert "NF126" not in result.stdout and "1 acknowledged" in result.stdout
    unknown = write("u.toml", BASE + ACK.replace('"NF130"', '"NF999"'))
    result = cli_run("check", unknown)
    assert re.search(r"info NF126: acknowledgement of NF999 about standard:TST02 matches no "
                     r"finding: no check makes NF999", result.stdout)
    assert "the problem is gone" not in result.stdout
    typo = write("t.toml", BASE + ACK.replace('"standard:tst 02"', '"standrd:*"'))
    result = cli_run("check", typo)
    assert "names 'standrd:*', not kind:id" in result.stdout
    assert "hint: did you mean 'standard'?" in result.stdout
