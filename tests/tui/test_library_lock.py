"""The command palette's "Refresh library standards" reaches RefreshLibrary (the rule itself is
tested headless in tests/library/test_lock.py)."""

from __future__ import annotations

SIZE = (120, 40)


async def test_palette_refreshes_the_records_of_library_standards(make_app, force_file, settle,
                                                                  keys):
    # a file written before records existed: its role names the test library's LIBZY8
    text = force_file.read_text().replace('standards = ["TFX1"]', 'standards = ["TFX1", "LIBZY8"]')
    force_file.write_text(text)
    app = make_app(force_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.root.library_lock == ()
        await keys(pilot, "ctrl+p", text="refresh library standards")
        await keys(pilot, "enter")
        await settle(pilot)
        (entry,) = app.session.root.library_lock
        assert (entry.key, entry.library) == ("LIBZY8", "test-national")
        assert app.session.dirty
