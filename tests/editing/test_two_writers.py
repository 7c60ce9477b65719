"""Two writers on one framework file never silently overwrite each other: the second to save is
told the file changed since it opened it (``ChangedOnDiskError``, naming the file), and may
merge (``save(merge=True)``, the semantic three-way merge), overwrite (``force=True``) or
reload. Two Session objects, and a Session beside ``nosframe import --into`` in another
process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nosframe.editing import ChangedOnDiskError, MergeConflictError, Retitle, Session
from nosframe.plugins import load_plugins

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def plugins():
    return load_plugins(entry_points=False)


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "mini.toml"
    shutil.copy(DATA / "mini.toml", target)
    return target


def titles(path: Path, plugins) -> dict[str, str]:
    return {r.id: r.title for r in Session.open(path, plugins).root.roles}


def test_the_second_save_is_refused_naming_the_file_and_merge_keeps_both(path, plugins):
    first, second = Session.open(path, plugins), Session.open(path, plugins)
    first.do(Retitle("role", "constable", "Constable (first)"), check=False)
    second.do(Retitle("role", "sergeant", "Sergeant (second)"), check=False)
    first.save()
    written = path.read_text()
    with pytest.raises(ChangedOnDiskError) as caught:
        second.save()
    assert str(path) in caught.value.message
    assert "changed on disk since it was opened" in caught.value.message
    assert "merge=True" in caught.value.hint and caught.value.location.file == str(path)
    assert path.read_text() == written and second.dirty  # nothing written, nothing lost
    second.save(merge=True)
    assert titles(path, plugins) == {"constable": "Constable (first)",
                                     "sergeant": "Sergeant (second)"}
    assert not second.dirty and second.element("role", "constable").title == "Constable (first)"
    assert second.undo() == "merge the changes made on disk"  # one step, as any edit
    # and now the first is the one behind
    first.do(Retitle("role", "constable", "Constable (again)"), check=False)
    with pytest.raises(ChangedOnDiskError):
        first.save()


def test_a_merge_keeps_the_layout_on_disk(path, plugins):
    mine = Session.open(path, plugins)
    mine.do(Retitle("role", "sergeant", "Sergeant (mine)"), check=False)
    theirs = path.read_text().replace('[[roles]]\nid = "constable"',
                                      '# a comment written elsewhere\n[[roles]]\nid = "constable"')
    path.write_text(theirs)
    mine.save(merge=True)
    text = path.read_text()
    assert "# a comment written elsewhere" in text and "Sergeant (mine)" in text


def test_the_same_field_changed_both_ways_is_a_conflict_and_nothing_is_written(path, plugins):
    first, second = Session.open(path, plugins), Session.open(path, plugins)
    first.do(Retitle("role", "constable", "Constable (first)"), check=False)
    second.do(Retitle("role", "constable", "Constable (second)"), check=False)
    first.save()
    written = path.read_text()
    with pytest.raises(MergeConflictError) as caught:
        second.save(merge=True)
    assert "role constable title" in caught.value.message and len(caught.value.conflicts) == 1
    assert "force=True" in caught.value.hint
    assert path.read_text() == written and second.dirty
    second.save(force=True)  # knowingly
    assert titles(path, plugins)["constable"] == "Constable (second)"


def test_a_file_removed_meanwhile_is_told_and_written_again_only_with_force(path, plugins):
    session = Session.open(path, plugins)
    session.do(Retitle("role", "constable", "Constable (kept)"), check=False)
    path.unlink()
    for merge in (False, True):
        with pytest.raises(ChangedOnDiskError, match="was deleted or moved since it was opened"):
            session.save(merge=merge)
    assert not path.exists()
    session.save(force=True)
    assert titles(path, plugins)["constable"] == "Constable (kept)"


def test_a_new_file_created_by_someone_else_first_is_not_overwritten(tmp_path, plugins):
    path = tmp_path / "new.toml"
    session = Session.new(path, plugins)
    shutil.copy(DATA / "mini.toml", path)
    with pytest.raises(ChangedOnDiskError, match="changed on disk since it was started"):
        session.save()
    assert path.read_bytes() == (DATA / "mini.toml").read_bytes()


def test_a_touch_alone_is_no_change(path, plugins):
    session = Session.open(path, plugins)
    session.do(Retitle("role", "constable", "Constable (touched)"), check=False)
    os.utime(path, (1, 1))
    session.save()
    assert titles(path, plugins)["constable"] == "Constable (touched)"


def test_a_session_and_a_cli_import_in_another_process(path, plugins, tmp_path):
    """``nosframe import --into`` saves while an editing session is open: the session is told
    and merges; the import's edit and the session's are both in the file."""
    session = Session.open(path, plugins)
    session.do(Retitle("role", "constable", "Constable (editor)"), check=False)
    import nosframe
    from nosframe.formats.json_format import export_json

    data = json.loads(export_json(nosframe.load(path, plugins)).content)
    for role in data["framework"]["roles"]:
        if role["id"] == "sergeant":
            role["title"] = "Sergeant (import)"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    command = [sys.executable, "-c",
               "import sys; from nosframe.cli import main; sys.exit(main())",
               "import", str(edited), "--from", "json", "--into", str(path), "--yes"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "NOSFRAME_LOAD_PLUGINS": ""})
    assert result.returncode == 0, result.stderr
    assert titles(path, plugins)["sergeant"] == "Sergeant (import)"
    with pytest.raises(ChangedOnDiskError, match=str(path)):
        session.save()
    session.save(merge=True)
    assert titles(path, plugins) == {"constable": "Constable (editor)",
                                     "sergeant": "Sergeant (import)"}
