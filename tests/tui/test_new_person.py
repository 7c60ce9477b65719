"""Starting a person's record: `nosframe person NEW.toml FRAMEWORK --role ROLE` opens the person
view on a record that is written when it is saved (0600: personal data)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from nosframe.editing.person import PersonSession
from nosframe.io.people import load_person

MINI = Path(__file__).parents[1] / "data" / "mini.toml"
DAY = dt.date(2026, 12, 3)


def test_the_person_command_starts_a_new_record_where_there_is_no_file(cli_run, tmp_path,
                                                                      monkeypatch):
    from nosframe.tui.person_app import PersonApp

    opened = []
    monkeypatch.setattr(PersonApp, "run", lambda self: opened.append(self))
    framework = tmp_path / "mini.toml"
    shutil.copy(MINI, framework)
    record = tmp_path / "np-0042.toml"
    result = cli_run("person", record, framework, "--role", "Police constable",
                     "--name", "A New Starter")
    assert result.exit_code == 0, result.output
    [app] = opened
    person = app.session.person
    assert (person.id, person.person.name, person.person.role) == (
        "np-0042", "A New Starter", "constable")  # the id from the file's name; role by title
    assert app.session.dirty and not record.exists()  # written when saved, not before
    assert "quit without saving" in result.stderr
    opened.clear()
    assert cli_run("person", record, framework, "--role", "sergeant", "--id", "NP-1"
                   ).exit_code == 0
    assert opened[0].session.person.id == "NP-1"

    # without a role: one message, listing the framework's roles
    result = cli_run("person", record, framework)
    assert result.exit_code == 2 and not opened[1:]
    assert "a new one needs its role (--role ROLE)" in result.stderr
    assert "hint: roles: constable, sergeant" in result.stderr
    result = cli_run("person", tmp_path / "nowhere" / "p.toml", framework, "--role", "constable")
    assert result.exit_code == 2 and "folder not found" in result.stderr
    # an existing record is opened, never started again
    record.write_text('[person]\nid = "NP-7"\nrole = "constable"\n', encoding="utf-8")
    result = cli_run("person", record, framework, "--id", "NP-8")
    assert result.exit_code == 2 and "this one exists" in result.stderr
    # a person record that is not there says how to start one (not how to start a framework)
    result = cli_run("plan", tmp_path / "missing.toml", framework, "--role", "sergeant")
    assert result.exit_code == 2 and "file not found" in result.stderr
    assert "`nosframe person NEW.toml FRAMEWORK --role ROLE` starts a new record" in result.stderr
    assert "starter framework" not in result.stderr


async def test_a_new_record_is_written_on_its_first_save_readable_by_its_owner(
        tmp_path, person_app, settle, keys):
    app, path = person_app(session=PersonSession.new(tmp_path / "new.toml", "NP-9", name="New",
                                                     role="constable"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not path.exists()
        await keys(pilot, "a")  # evidence of the first criterion
        await keys(pilot, "tab", text="Sgt U")
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+s")
        assert path.exists() and path.stat().st_mode & 0o777 == 0o600
        saved = load_person(path).person
        assert saved == app.session.person and saved.id == "NP-9"
        assert [(e.criterion, e.assessor) for e in saved.evidence] == [("P1", "Sgt U")]
