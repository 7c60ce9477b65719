"""The problems panel shows the file's own findings, with one line for what it inherits and
what it acknowledges (issue 9 §3); h (and the palette) shows the rest; a acknowledges the
highlighted finding with a reason. The rules are tested headless (tests/editing/
test_acknowledge.py, tests/test_findings_origin.py): these check only that the keys reach them."""

from __future__ import annotations

from nosframe.io import load_document

SIZE = (120, 40)


def title(app) -> str:
    return str(app.main.problems.query_one("#problems-title").render())


async def test_own_findings_by_default_and_h_shows_the_inherited(make_app, force_file, settle,
                                                                 keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.main.problems
        assert [f.code for f in panel.shown] == ["NF118"]  # the file's own coverage gap
        assert "1 warning · 0 info  + ●3 inherited (h shows)" in title(app)
        status = str(app.main.status.render())
        assert "✖ 0" in status and "▲ 1" in status  # the file's own
        await keys(pilot, "ctrl+e", "h")
        assert sorted(f.code for f in panel.shown) == ["NF118", "NF130", "NF130", "NF131"]
        assert "(h hides)" in title(app)
        await keys(pilot, "h")
        assert [f.code for f in panel.shown] == ["NF118"]


async def test_the_palette_toggles_the_inherited(make_app, force_file, settle, keys):
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p", text="inherited problems")
        await keys(pilot, "enter")
        await settle(pilot)
        assert len(app.main.problems.shown) == 4


async def test_a_acknowledges_the_highlighted_finding_with_a_reason(make_app, force_file,
                                                                    settle, keys):
    from nosframe.tui.screens.dialogs import PromptScreen

    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+e", "a")
        assert isinstance(app.screen, PromptScreen)
        await keys(pilot, text="the custody course evidences it")
        await keys(pilot, "enter")
        await settle(pilot)
        [entry] = app.session.root.acknowledged
        assert (entry.code, entry.element, entry.reason) == (
            "NF118", "role:custody-officer", "the custody course evidences it")
        assert app.main.problems.shown == []
        assert "✓1 acknowledged" in title(app)
        assert "▲ 0" in str(app.main.status.render())
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        assert load_document(force_file).framework.acknowledged == (entry,)


def test_a_finding_at_an_override_names_the_field_it_sets():
    """A reference the file's set override makes is located there (defect 10): enter on it
    still goes to that field of the element."""
    from nosframe.model import Finding, Location, Severity
    from nosframe.tui.widgets.problems import field_of

    def at(path, element=("role", "constable")):
        return Finding("NF102", Severity.ERROR, "m", location=Location(path=path),
                       element=element)

    assert field_of(at("overrides[2].fields.standards[1]"), "roles[0]") == "standards"
    assert field_of(at("overrides[1].fields.behaviours.x"), "roles[0]") == "behaviours"
    assert field_of(at("overrides[0].title"), "roles[0]") == "title"
    assert field_of(at("overrides[0].title", ("behaviour", "b")), "behaviours[0]") == "name"
    assert field_of(at("roles[0].standards[1]"), "roles[0]") == "standards"


async def test_enter_on_a_finding_at_an_override_goes_to_its_field(make_app, force_file,
                                                                  settle, keys):
    with force_file.open("a", encoding="utf-8") as out:
        out.write('\n[[overrides]]\naction = "set"\ntarget = "role:constable"\n\n'
                  '[overrides.fields]\nstandards = ["TSTAA1", "NOPE9"]\n')
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.main.problems
        [unknown] = [f for f in panel.shown if f.code == "NF102"]
        assert unknown.location.path == "overrides[0].fields.standards[1]"
        await keys(pilot, "ctrl+e")
        for _ in range(panel.shown.index(unknown)):
            await pilot.press("down")
        await keys(pilot, "enter")
        await settle(pilot)
        assert app.main.editor.kind == "role" and app.main.editor.key == "constable"
        assert app.focused.id.startswith("field-standards"), app.focused.id
