"""Issue 3's "done when", through the command line with the installed first-party plugins:
`nosframe presets` lists every preset of the three sector plugins with counts, and a framework
started from each of them with `nosframe new` checks without errors.

Like test_frameworks.py these use the installed plugins on purpose (./dev installs every plugin
under plugins/); a missing one fails loudly.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nosframe.cli import cli
from nosframe.plugins import load_plugins

#: plugin (entry point name) -> the presets it ships
SECTOR_PRESETS = {
    "community-justice": {"justice-common", "community-justice"},
    "probation": {"civil-service-behaviours", "probation"},
    "policing": {"policing-nos", "policing", "policing-cvf-2016", "policing-scotland",
                 "policing-northern-ireland"},
}
ALL = sorted(set().union(*SECTOR_PRESETS.values()))


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module", autouse=True)
def installed():
    missing = sorted(set(ALL) - set(load_plugins().presets()))
    if missing:
        pytest.fail(f"sector preset(s) {missing} not installed: run ./dev test, which installs "
                    "every plugin under plugins/")


def test_presets_lists_all_three_plugins_with_counts():
    result = _invoke("presets", "--json")
    assert result.exit_code == 0, result.output
    listed = {p["id"]: p for p in json.loads(result.stdout)["presets"]}
    for plugin, ids in SECTOR_PRESETS.items():
        for pid in ids:
            assert listed[pid]["plugin"] == plugin, pid
            assert sum(listed[pid]["counts"].values()) > 0, pid
    assert listed["probation"]["counts"]["levels"] == 4
    assert listed["probation"]["counts"]["behaviours"] == 9
    assert listed["policing"]["counts"]["values"] == 3
    assert listed["policing"]["counts"]["roles"] == 7
    text = _invoke("presets").stdout
    for pid in ALL:
        line = next(line for line in text.splitlines() if line.split()[0] == pid)
        assert "standards" in line or "behaviours" in line, line


@pytest.mark.parametrize("pid", ALL)
def test_new_from_preset_then_check_exits_0(tmp_path, pid):
    target = tmp_path / "x.toml"
    result = _invoke("new", target, "--preset", pid, "--org", "Test")
    assert result.exit_code == 0, result.output
    checked = _invoke("check", target, "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["summary"]["error"] == 0
