"""The tree cuts labels to its width so that no two nodes of a branch read the same."""

from __future__ import annotations

import pytest

from nosframe.tui.cuts import distinct_cuts, shown
from nosframe.tui.selection import Item

#: roles as in frameworks/northshire-police.toml, where cutting at the end alone made
#: "[Constable]…" twice at 80 columns and "[Police staff] Police…" / "[Police staff] Police
#: staff…" at 120
ROLES = [
    ("police-constable", "Police constable", "Police officers", "Constable"),
    ("detective-constable", "Detective constable", "Police officers", "Constable"),
    ("police-sergeant", "Police sergeant", "Police officers", "Sergeant"),
    ("neighbourhood-sergeant", "Neighbourhood sergeant", "Police officers", "Sergeant"),
    ("police-inspector", "Police inspector", "Police officers", "Inspector"),
    ("pcso", "Police community support officer (neighbourhood)", "Police staff",
     "Police staff"),
    ("staff-investigator", "Police staff investigator", "Police staff", "Police staff"),
    ("contact-handler", "Contact handler", "Police staff", "Police staff"),
    ("contact-centre-supervisor", "Contact centre supervisor", "Police staff",
     "Police staff supervisor"),
]


@pytest.fixture
def roles_file(tmp_path):
    text = '[framework]\nid = "roles"\ntitle = "Roles"\norganisation = "Test"\n' \
           'version = "1.0.0"\n'
    for key, title, family, level in ROLES:
        text += f'\n[[roles]]\nid = "{key}"\ntitle = "{title}"\nfamily = "{family}"\n' \
                f'level = "{level}"\n'
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _read(line: str) -> str:
    """A tree line as it reads: no guides, no override marker, no case or ellipsis."""
    text = line.lstrip("│├└ ").removeprefix("* ")
    return " ".join(text.replace("…", " ").casefold().split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_two_roles_of_a_family_read_the_same(make_app, roles_file, settle, tree_to,
                                                     size):
    app = make_app(roles_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await tree_to(pilot, Item("role", "police-inspector"))
        await tree_to(pilot, Item("role", "contact-centre-supervisor"))
        await settle(pilot)
        tree = app.main.framework_tree
        lines = tree._tree_lines  # noqa: SLF001 - which node each line draws
        assert len(lines) <= tree.size.height, "the test reads every line on screen"
        branches: dict[str, list[str]] = {}
        for y, line in enumerate(lines):
            if isinstance(line.node.data, Item):
                drawn = "".join(segment.text for segment in tree.render_line(y)).rstrip()
                branches.setdefault(str(line.node.parent.data), []).append(drawn)
        assert sorted(len(b) for b in branches.values()) == [4, 5]
        if size[0] == 80:
            assert any(line.endswith("…") for b in branches.values() for line in b), \
                "the test needs labels that are cut"
        for drawn in branches.values():
            read = [_read(line) for line in drawn]
            assert len(set(read)) == len(read), drawn
            # and none reads as the start of another (``[Police staff] Police…``)
            for i, a in enumerate(drawn):
                if a.endswith("…"):
                    head = _read(a)
                    assert not [b for j, b in enumerate(read) if j != i and b.startswith(head)], \
                        drawn


async def test_a_title_typed_like_another_cuts_the_other_again(make_app, roles_file, settle,
                                                                tree_to, keys):
    app = make_app(roles_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.main.framework_tree
        await tree_to(pilot, Item("role", "police-sergeant"))

        def drawn(key: str) -> str:
            node = tree._find(Item("role", key))  # noqa: SLF001
            return "".join(s.text for s in tree.render_line(node.line - tree.scroll_offset.y))

        assert "[Sergeant] Police…" in drawn("police-sergeant")
        # the other sergeant retitled to start the same: the first one's cut no longer says
        # which it is, so it is cut again without being touched
        await tree_to(pilot, Item("role", "neighbourhood-sergeant"))
        await keys(pilot, "enter", "home", text="Police sergeant ")
        await settle(pilot)
        assert "[Sergeant] Police…" not in drawn("police-sergeant")
        assert "Police sergeant" in drawn("police-sergeant")
        assert _read(drawn("police-sergeant")) != _read(drawn("neighbourhood-sergeant"))


def test_cuts_keep_what_tells_labels_apart():
    labels = [f"[{level}] {title}" for _, title, family, level in ROLES
              if family == "Police officers"]
    at_17 = [shown(label, form) for label, form in zip(labels, distinct_cuts(labels, [17] * 5))]
    assert at_17 == ["Police constable", "Detective…", "Police sergeant", "Neighbourhood…",
                     "Police inspector"]
    # what does not collide keeps its level: cut at the end, as before
    at_25 = [shown(label, form) for label, form in zip(labels, distinct_cuts(labels, [25] * 5))]
    assert at_25[:3] == ["[Constable] Police…", "[Constable] Detective…", "[Sergeant] Police…"]
    # labels that differ only inside: around where they part
    twins = ["Alpha beta gamma north team end", "Alpha beta gamma south team end"]
    assert [shown(t, f) for t, f in zip(twins, distinct_cuts(twins, [14, 14]))] == \
        ["…north team…", "…south team…"]
    # a label that fits is whole; equal labels stay equal
    assert distinct_cuts(["Same", "Same", "Short"], [10, 10, 10]) == [None, None, None]
