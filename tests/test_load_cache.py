"""The cache of composed frameworks (nosframe.compose.cache): a re-opened unchanged file gives
what reading it gives; anything changed, damaged or turned off is read as usual."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import nosframe
from nosframe.compose import cache, compose, load
from nosframe.io import load_document
from nosframe.plugins import load_plugins

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "frameworks" / "northshire-police.toml"


@pytest.fixture
def framework(tmp_path):
    """A framework extending a file beside it, copied to a temporary folder."""
    (tmp_path / "base.toml").write_text(
        '[framework]\nid = "base"\n\n[[behaviours]]\nid = "care"\nname = "Care"\n\n'
        '[[standards]]\ncode = "S1"\ntitle = "One"\nperformance = [{ id = "P1", text = "do" }]\n')
    path = tmp_path / "f.toml"
    path.write_text('[framework]\nid = "f"\nextends = ["base.toml"]\n\n[[roles]]\nid = "r"\n'
                    'title = "R"\nstandards = ["S1", "NOPE9"]\n\n[[mappings]]\nstandard = "S1"\n'
                    'criteria = ["P1"]\nbehaviour = "care"\n')
    return path


def same(a, b) -> None:
    assert a.framework == b.framework
    assert a.provenance == b.provenance
    assert a.problems == b.problems
    assert a.libraries == b.libraries
    assert [layer.origin for layer in a.layers] == [layer.origin for layer in b.layers]
    for mine, theirs in zip(a.layers, b.layers):
        assert mine.document.framework == theirs.document.framework
        assert mine.document.path == theirs.document.path
        assert mine.document.text == theirs.document.text


def test_a_reopened_file_comes_from_the_cache_and_equals_a_fresh_load(framework, plugins):
    first = load(framework, plugins)
    entry = cache.entry_path(framework)
    assert entry.is_file() and entry.parent == cache.cache_dir()
    assert cache.cache_dir() == Path(nosframe_home()) / "cache"
    again = load(framework, plugins)
    same(again, compose(load_document(framework), plugins))
    same(again, first)
    # findings point at lines, found on demand in the text read again
    findings = [f for f in nosframe.check(again, plugins) if f.element == ("role", "r")]
    assert findings and findings[0].location.line == 8
    assert str(findings[0].location) == f"{framework}:8: roles[0].standards[1]"
    # save() refuses the composed result from the cache as it does a fresh one
    with pytest.raises(TypeError, match="Composed.framework"):
        nosframe.save(again.framework, framework)


def nosframe_home() -> str:
    import os

    return os.environ["NOSFRAME_HOME"]


def test_the_cache_is_used_when_nothing_changed(framework, plugins, monkeypatch):
    load(framework, plugins)
    calls = []
    monkeypatch.setattr(cache, "compose", lambda *a, **k: calls.append(a))
    load(framework, plugins)
    assert calls == []  # the entry was read, nothing composed


@pytest.mark.parametrize("change", ["root", "extended"])
def test_a_changed_file_is_read_again(framework, plugins, change):
    load(framework, plugins)
    target = framework if change == "root" else framework.parent / "base.toml"
    text = target.read_text().replace('title = "R"', 'title = "Changed"').replace(
        'name = "Care"', 'name = "Changed"')
    target.write_text(text)
    again = load(framework, plugins)
    same(again, compose(load_document(framework), plugins))
    assert "Changed" in (again.framework.roles[0].title + again.framework.behaviours[0].name)


@pytest.mark.parametrize("damage", ["garbage", "cut", "flipped", "empty", "other shape"])
def test_a_damaged_entry_is_a_normal_load(framework, plugins, damage):
    load(framework, plugins)
    entry = cache.entry_path(framework)
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"not a cache entry at all")
    elif damage == "cut":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":  # one byte of the payload
        entry.write_bytes(data[:-40] + bytes([data[-40] ^ 0xFF]) + data[-39:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a valid pickle of something else, under a header that matches
        entry.write_bytes(pickle.dumps({"a": 1}))
    again = load(framework, plugins)
    same(again, compose(load_document(framework), plugins))
    assert entry.read_bytes()[:8] == data[:8]  # written again
    same(load(framework, plugins), again)


def test_an_entry_of_other_code_or_plugins_is_not_used(framework, plugins, monkeypatch):
    load(framework, plugins)
    used = []
    real = cache.compose
    monkeypatch.setattr(cache, "compose", lambda *a, **k: used.append(1) or real(*a, **k))
    monkeypatch.setattr(cache, "_code_stamp", lambda: "another nosframe")
    load(framework, plugins)
    assert used == [1]
    monkeypatch.undo()
    monkeypatch.setattr(cache, "compose", lambda *a, **k: used.append(2) or real(*a, **k))
    load(framework, load_plugins(entry_points=False))  # without the test presets
    assert used == [1, 2]


def test_a_library_without_a_stamp_turns_the_cache_off(framework, monkeypatch):
    from nosframe.registry import Library

    class Plain(Library):
        name = "plain"
        title = "Plain"

        def get(self, key):
            return None

    plugins = load_plugins(entry_points=False, extra=[("lib", _LibraryPlugin(Plain()))])
    load(framework, plugins)
    assert not cache.entry_path(framework).exists()


class _LibraryPlugin:
    def __init__(self, library):
        self.library = library

    @nosframe.hookimpl
    def nosframe_libraries(self, register):
        register(self.library)


def test_the_national_library_has_a_stamp_that_changes_when_imported_again(tmp_path):
    from nosframe.library.plugin import _stamp

    db = tmp_path / "library.sqlite"
    db.write_bytes(b"x")
    before = _stamp(db)
    db.unlink()
    db.write_bytes(b"xy")
    assert _stamp(db) != before


def test_the_cache_can_be_turned_off(framework, plugins, monkeypatch):
    for value in ("0", "off", "no", "false", "OFF"):
        monkeypatch.setenv("NOSFRAME_CACHE", value)
        same(load(framework, plugins), compose(load_document(framework), plugins))
        assert not cache.entry_path(framework).exists()
    monkeypatch.setenv("NOSFRAME_CACHE", "1")
    load(framework, plugins)
    assert cache.entry_path(framework).exists()


def test_the_cache_folder_follows_xdg_when_nosframe_home_is_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("NOSFRAME_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "nosframe"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.cache_dir() == Path.home() / ".cache" / "nosframe"


def test_an_unwritable_cache_is_only_slower(framework, plugins, monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("NOSFRAME_HOME", str(blocker))
    same(load(framework, plugins), compose(load_document(framework), plugins))


def test_errors_are_the_usual_ones(tmp_path, plugins):
    from nosframe.io import LoadError

    bad = tmp_path / "bad.toml"
    bad.write_text("[framework\n")
    with pytest.raises(LoadError) as cached:
        load(bad, plugins)
    with pytest.raises(LoadError) as plain:
        load_document(bad)
    assert str(cached.value) == str(plain.value)
    with pytest.raises(LoadError, match="file not found"):
        load(tmp_path / "missing.toml", plugins)


def test_the_examples_and_a_preset_reopen_the_same(tmp_path):
    plugins = load_plugins()  # the installed presets the examples extend
    for example in sorted((ROOT / "frameworks").glob("*.toml")):
        copy = tmp_path / example.name
        shutil.copy(example, copy)
        first = load(copy, plugins)
        again = load(copy, plugins)
        same(again, first)
        same(again, compose(load_document(copy), plugins))


def test_no_person_record_goes_into_the_cache(tmp_path):
    """Only framework files are cached: what is written is a Composed and the texts of the
    framework files it read, nothing of people."""
    copy = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, copy)
    load(copy, load_plugins())
    assert [p.name for p in cache.cache_dir().iterdir()] == [cache.entry_path(copy).name]


def test_an_editing_session_opens_from_the_cache_and_edits_as_a_fresh_one(tmp_path,
                                                                          monkeypatch):
    """`nosframe edit` (Session.open) reads an unchanged file from its entry: the same
    composition, document and findings; its edits and incremental checks give what a session of
    a fresh read gives, and its save keeps the file's layout (two lines of diff)."""
    import difflib

    from nosframe.editing import Retitle
    from nosframe.editing.session import Session

    plugins = load_plugins()  # the installed presets the example extends
    path = tmp_path / "northshire-police.toml"
    shutil.copy(EXAMPLE, path)
    before = path.read_text(encoding="utf-8")
    Session.open(path, plugins)  # writes the entry
    assert cache.entry_path(path).is_file()
    monkeypatch.setenv("NOSFRAME_CACHE", "0")
    fresh = Session.open(path, plugins)
    monkeypatch.setenv("NOSFRAME_CACHE", "1")
    real = cache.compose
    monkeypatch.setattr(cache, "compose", lambda *a, **k: pytest.fail("composed again"))
    cached = Session.open(path, plugins)
    monkeypatch.setattr(cache, "compose", real)
    assert cached.document.text == before
    assert cached.document.framework == fresh.document.framework == cached.root
    assert cached.composed.framework == fresh.composed.framework
    assert cached.composed.provenance == fresh.composed.provenance
    assert cached.findings() == fresh.findings()
    for session in (cached, fresh):
        session.prepare_for_edits()
        session.do(Retitle("role", "contact-handler", "Contact handler (999)"))
        session.ensure_composed()
    assert cached.composed.framework == fresh.composed.framework
    assert cached.findings_of(cached.composed, cached.generation) == \
        fresh.findings_of(fresh.composed, fresh.generation)
    cached.save()
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2 and changed[1].startswith("+") and "Contact handler (999)" in changed[1]


def test_the_installed_national_library_keeps_its_stamp_through_the_plugin_manager(
        monkeypatch, tmp_path):
    """The plugin manager wraps every library (GuardedLibrary): the wrapper must pass its
    cache_stamp on, or no framework is ever cached while the national library is installed
    (it was not: 2 s to open the 2,000-role file again instead of 0.25 s)."""
    from nosframe.library.store import default_db_path
    from nosframe.registry import Library

    db = default_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"x")  # registered when the file is there; opened only on first use
    plugins = load_plugins(entry_points=False)
    assert "uk-nos" in plugins.libraries()
    stamp = cache._plugins_stamp(plugins)
    assert stamp is not None
    db.write_bytes(b"xy")  # imported again: another stamp, so entries of before are not used
    assert cache._plugins_stamp(plugins) != stamp

    class Failing:
        @nosframe.hookimpl
        def nosframe_libraries(self, register):
            broken = Library("broken", "Broken", get=lambda key: None)
            broken.cache_stamp = lambda: 1 / 0
            register(broken)

    assert cache._plugins_stamp(load_plugins(entry_points=False,
                                             extra=[("failing", Failing())])) is None
