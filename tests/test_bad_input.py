"""Every kind of unusable input gives exit code 2 and one clear message: file, line where known,
document path, and a hint. Never a traceback, never a half-written file."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_ROLE = """
[framework]
id = "t"

[[roles]]
id = "a"
title = "A"

[[roles]]
id = "b"
title = "B"
{extra}
"""


def check_unusable(cli_run, path, *fragments):
    result = cli_run("check", path)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert "Traceback" not in result.output + message
    assert message.startswith("error: "), message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert result.stdout == ""
    return message


def test_missing_file(cli_run, tmp_path):
    check_unusable(cli_run, tmp_path / "nope.toml", "nope.toml", "file not found", "hint:")


def test_folder_instead_of_file(cli_run, tmp_path):
    check_unusable(cli_run, tmp_path, "is a folder", "hint:")


def test_a_file_of_another_form_is_told_how_to_become_a_framework(cli_run, write, tmp_path):
    """`nosframe check` on a workbook, a JSON export or a person record: what it is, and the
    command that reads it."""
    message = check_unusable(cli_run, write("team.json", '{"framework": {}}'), "TOML syntax")
    assert "hint: team.json is not a framework file (TOML, .toml); to make one from it: " \
        "nosframe import team.json -o NEW.toml" in message
    workbook = tmp_path / "roles.xlsx"
    workbook.write_bytes(b"PK\x03\x04\x00\x00binary")
    message = check_unusable(cli_run, workbook, "file is binary")
    assert "nosframe import roles.xlsx -o NEW.toml" in message
    assert "a NOS list export goes into the library: nosframe library import roles.xlsx" \
        in message
    record = write("p.toml", '[person]\nid = "NP-1"\n')
    message = check_unusable(cli_run, record, "no [framework] table")
    assert "hint: this is a person record: open it with `nosframe person RECORD FRAMEWORK`" \
        in message
    # a framework given where a person's record goes: the order of the arguments
    framework = write("f.toml", '[framework]\nid = "f"\n')
    result = cli_run("audit", framework, record)
    assert result.exit_code == 2
    assert "the person's record comes first: nosframe plan|audit|match|person RECORD " \
        "FRAMEWORK" in result.stderr


def test_toml_syntax_error(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\ntitle = "unterminated\n')
    check_unusable(cli_run, path, f"{path}:3", "TOML syntax error", "hint:")


def test_wrong_type(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra="purpose = 3"))  # (level = 3 is a grade)
    check_unusable(cli_run, path, f"{path}:11", "roles[1].purpose", "expected a string", "hint:")


def test_wrong_type_in_list(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra='standards = ["A1", 7]'))
    check_unusable(cli_run, path, "roles[1].standards[1]", "expected a string", ":11")


def test_bool_is_not_coerced_from_string(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra='behaviours = { listens = "2" }'))
    check_unusable(cli_run, path, "roles[1].behaviours", "expected a whole number")


def test_string_where_a_list_is_expected_is_not_split_into_characters(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra='standards = "SFJEA2"'))
    check_unusable(cli_run, path, f"{path}:11", "roles[1].standards", "expected a list",
                   "got str 'SFJEA2'", "hint: write a list in square brackets")


def test_extends_written_as_a_string(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\nextends = "test-base"\n')
    check_unusable(cli_run, path, f"{path}:3", "framework.extends", "expected a list", "hint:")


def test_table_where_a_list_is_expected(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra="standards = { SFJEA2 = 1 }"))
    check_unusable(cli_run, path, f"{path}:11", "roles[1].standards", "expected a list",
                   "hint:")


def test_list_where_a_table_is_expected(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra='behaviours = ["listens"]'))
    check_unusable(cli_run, path, f"{path}:11", "roles[1].behaviours", "expected a table",
                   "hint: write a table")


def test_element_that_is_not_a_table(cli_run, write):
    path = write("f.toml", 'roles = ["a"]\n\n[framework]\nid = "t"\n')
    check_unusable(cli_run, path, f"{path}:1", "roles[0]", "expected a table, got str 'a'",
                   "hint:")


def test_missing_required_field(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\n\n[[roles]]\ntitle = "No id"\n')
    check_unusable(cli_run, path, f"{path}:4", "roles[0]", "required key 'id' missing", "hint:")


def test_missing_framework_table(cli_run, write):
    path = write("f.toml", '[[roles]]\nid = "x"\n')
    check_unusable(cli_run, path, "no [framework] table", "hint:")


def test_unknown_key_did_you_mean(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra='tittle = "typo"'))
    check_unusable(cli_run, path, f"{path}:11", "roles[1]", "unknown key 'tittle'",
                   "did you mean 'title'")


def test_unknown_array_of_tables_names_its_line(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\n\n[[role]]\nid = "a"\n')
    check_unusable(cli_run, path, f"{path}:4", "unknown key 'role'", "did you mean 'roles'")


def test_unknown_key_in_nested_table(cli_run, write):
    path = write("f.toml", """
        [framework]
        id = "t"

        [[standards]]
        code = "X1"
        performance = [{ id = "P1", txt = "typo" }]
    """)
    check_unusable(cli_run, path, "standards[0].performance[0]", "unknown key 'txt'",
                   "did you mean 'text'")


def test_duplicate_id(cli_run, write):
    path = write("f.toml", GOOD_ROLE.format(extra="").replace('id = "b"', 'id = "a"'))
    check_unusable(cli_run, path, f"{path}:8", "roles[1]", "duplicate role 'a'",
                   "first defined at line 4", "hint:")


def test_duplicate_code_spelled_differently(cli_run, write):
    path = write("f.toml", """
        [framework]
        id = "t"

        [[standards]]
        code = "SFJ EA2"

        [[standards]]
        code = "SFJEA2"
    """)
    check_unusable(cli_run, path, "standards[1]", "duplicate standard 'SFJEA2'")


def test_bad_date(cli_run, write):
    path = write("f.toml", """
        [framework]
        id = "t"

        [[standards]]
        code = "X1"
        indicative_review_date = "2024-13-45"
    """)
    check_unusable(cli_run, path, f"{path}:6", "standards[0].indicative_review_date",
                   "not a valid date", "2026-03-31")


def test_bad_toml_date_literal(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\n\n[[standards]]\ncode = "X"\n'
                 'indicative_review_date = 2024-13-45\n')
    check_unusable(cli_run, path, f"{path}:6", "TOML syntax error")


def test_bad_enum_value(cli_run, write):
    path = write("f.toml", '[framework]\nid = "t"\nstatus = "published"\n')
    check_unusable(cli_run, path, f"{path}:3", "framework.status",
                   "'published' is not a valid status", "hint: use one of 'draft'", "'approved'")


@pytest.mark.parametrize(("key", "allowed"), [
    ("validity", "'current', 'legacy'"), ("category", "'core', 'generic', 'job-specific'"),
])
def test_bad_enum_value_in_a_standard(cli_run, write, key, allowed):
    path = write("f.toml", f'[framework]\nid = "t"\n\n[[standards]]\ncode = "X1"\n{key} = "old"\n')
    check_unusable(cli_run, path, f"{path}:6", f"standards[0].{key}",
                   f"'old' is not a valid {key}", f"hint: use one of {allowed}")


def test_extends_escaping_folder(cli_run, write, tmp_path):
    write("outside.toml", '[framework]\nid = "outside"\n')
    path = write("inner/f.toml", '[framework]\nid = "t"\nextends = ["../outside.toml"]\n')
    check_unusable(cli_run, path, f"{path}:3", "framework.extends[0]",
                   "outside the framework's folder", "hint:")


def test_extends_absolute_path_escaping(cli_run, write, tmp_path):
    other = write("elsewhere/o.toml", '[framework]\nid = "o"\n')
    path = write("inner/f.toml", f'[framework]\nid = "t"\nextends = ["{other}"]\n')
    check_unusable(cli_run, path, "outside the framework's folder")


def test_extends_loop(cli_run, write):
    write("a.toml", '[framework]\nid = "a"\nextends = ["b.toml"]\n')
    path = write("b.toml", '[framework]\nid = "b"\nextends = ["a.toml"]\n')
    message = check_unusable(cli_run, path, "extends makes a cycle", "hint:")
    assert "a.toml" in message and "b.toml" in message


def test_extends_loop_from_a_relative_path(cli_run, write, tmp_path, monkeypatch):
    """The file named on the command line is the same layer when the loop comes back to it."""
    write("a.toml", '[framework]\nid = "a"\nextends = ["b.toml"]\n')
    write("b.toml", '[framework]\nid = "b"\nextends = ["a.toml"]\n')
    monkeypatch.chdir(tmp_path)
    message = check_unusable(cli_run, "b.toml", "extends makes a cycle", "hint:")
    chain = message.split("cycle: ", 1)[1].splitlines()[0].split(" -> ")
    assert [Path(p).name for p in chain] == ["b.toml", "a.toml", "b.toml"]


def test_extends_itself(cli_run, write):
    path = write("a.toml", '[framework]\nid = "a"\nextends = ["a.toml"]\n')
    check_unusable(cli_run, path, "extends makes a cycle")


def test_unknown_preset(cli_run, write):
    path = write("a.toml", '[framework]\nid = "a"\nextends = ["test-bse"]\n')
    check_unusable(cli_run, path, f"{path}:3", "unknown preset 'test-bse'",
                   "did you mean 'test-base'")


def test_error_in_extended_file_names_that_file(cli_run, write):
    write("base.toml", '[framework]\nid = "base"\nbogus = 1\n')
    path = write("a.toml", '[framework]\nid = "a"\nextends = ["base.toml"]\n')
    check_unusable(cli_run, path, "base.toml:3", "unknown key 'bogus'", "extended from")


def test_binary_file(cli_run, tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    check_unusable(cli_run, path, "binary", "hint:")


def test_not_utf8(cli_run, tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes(b'[framework]\nid = "caf\xe9"\n')
    check_unusable(cli_run, path, f"{path}:2", "not UTF-8", "hint:")


def test_fifty_megabyte_file(cli_run, tmp_path):
    path = tmp_path / "big.toml"
    with path.open("wb") as handle:
        handle.write(b'[framework]\nid = "big"\n')
        handle.truncate(50 * 1024 * 1024)
    check_unusable(cli_run, path, "50 MB", "hint:")


@pytest.mark.parametrize("command", [
    ["show"], ["export", "--to", "json", "-o", "-"],
])
def test_other_commands_also_exit_2(cli_run, write, command):
    path = write("f.toml", GOOD_ROLE.format(extra='tittle = "typo"'))
    result = cli_run(command[0], path, *command[1:])
    assert result.exit_code == 2
    assert "unknown key 'tittle'" in result.stderr


def test_failed_import_writes_nothing(cli_run, tmp_path):
    bad = tmp_path / "in.json"
    bad.write_text("{not json")
    out = tmp_path / "out.toml"
    result = cli_run("import", bad, "--from", "json", "-o", out)
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr and "in.json:1" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_import_of_a_missing_file(cli_run, tmp_path):
    out = tmp_path / "out.toml"
    result = cli_run("import", tmp_path / "nope.json", "--from", "json", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'nope.json'}: file not found\n")
    assert "hint: check the path" in result.stderr and "--from json reads" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    assert not out.exists()


def test_check_json_says_an_unusable_file_in_json(cli_run, write):
    """`nosframe check F --format json` in a script: stdout is JSON even when the file cannot
    be read (the error, located), exit 2, the message on stderr as always."""
    import json

    path = write("f.toml", GOOD_ROLE.format(extra="purpose = 3"))
    result = cli_run("check", path, "--format", "json")
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    data = json.loads(result.stdout)
    assert data["findings"] == []
    error = data["error"]
    assert (error["file"], error["line"], error["path"]) == (str(path), 11, "roles[1].purpose")
    assert "expected a string" in error["message"] and error["hint"]


def test_a_document_given_to_check_is_not_told_to_be_imported(cli_run, write):
    message = check_unusable(cli_run, write("plan.md", "# Development plan\n\n- x\n"), "plan.md")
    assert "hint: plan.md is not a framework file: give the framework's .toml file" in message
    assert "nosframe import" not in message
