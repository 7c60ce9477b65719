"""The framework as a tree: values, behaviours by cluster, standards by suite, roles by family
and level, mappings. Children load when a branch opens, so 2,000 standards cost nothing until
someone looks at them; inherited elements are drawn dim and italic."""

from __future__ import annotations

import re
from typing import Any, Iterable

from attrs import frozen
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from nosframe.editing.present import element_label
from nosframe.model.kinds import KINDS
from nosframe.tui.cuts import distinct_cuts
from nosframe.tui.selection import Category, Group, Item, Root, Selection

#: (kind, heading) in the order the tree shows them: the framework's own fields, then the kinds
#: in document order with their sources (where elements come from) last
CATEGORIES: tuple[tuple[str, str], ...] = (("framework", "Framework"),) + tuple(
    (k.name, k.plural.capitalize())
    for k in sorted(KINDS, key=lambda k: k.name == "source"))
#: the group an element without a group value goes in ("(no cluster)"); mappings are grouped
#: by the behaviour or value they evidence, which every mapping names
GROUPED = {k.name: f"(no {k.group_label})" for k in KINDS if k.group_label} | {"mapping": ""}


@frozen
class Leaf:
    key: str
    label: str
    state: str = "own"  # own, inherited, overridden, removed (by a "remove" override)


def leaf_label(leaf: Leaf) -> Text:
    if leaf.state == "own":
        return Text(leaf.label)
    if leaf.state == "removed":  # inherited, dropped by the file: shown so it can be restored
        return Text(f"✗ {leaf.label}", style="strike dim")
    if leaf.state == "overridden":  # first, so a label the tree cuts still shows it
        return Text.assemble(("* ", "bold"), (leaf.label, "italic"))
    return Text(leaf.label, style="italic dim")


def layout(framework: Any, state_of, reuse: Any = None) -> dict[str, dict[str, list[Leaf]]]:
    """Category -> group -> leaves for a composed framework. ``state_of(kind, key)`` says
    whether an element is own, inherited or overridden. ``reuse(kind)`` may give a kind's
    groups from an earlier layout that still hold (see :func:`kind_layout`); None: made."""
    out: dict[str, dict[str, list[Leaf]]] = {}
    for kind, _ in CATEGORIES:
        kept = reuse(kind) if reuse is not None else None
        out[kind] = kept if kept is not None else kind_layout(kind, framework, state_of)
    return out


def kind_layout(kind: str, framework: Any, state_of) -> dict[str, list[Leaf]]:
    """Group -> leaves of one kind: it reads the framework's elements of that kind alone (the
    ``[framework]`` table for ``framework``), so a kind whose elements did not change keeps
    its groups."""
    out: dict[str, list[Leaf]] = {}
    if kind == "framework":
        return {"": [Leaf("", element_label("framework", framework.framework))]}
    spelling: dict[str, str] = {}

    def put(group: str, key: str, label: str) -> None:
        # one group for names that differ only in case or spacing (real suites do: "Common
        # standards across the Justice..." and "Common Standards across the justice..."),
        # shown as first spelled
        group = spelling.setdefault(" ".join(group.casefold().split()), group)
        out.setdefault(group, []).append(Leaf(key, label, state_of(kind, key)))

    if kind == "level":
        for level in sorted(framework.levels, key=lambda lv: lv.number):  # the scale, in order
            put("", level.key, element_label("level", level))
    elif kind == "value":
        for value in framework.values:
            put("", value.key, element_label("value", value))
    elif kind == "behaviour":
        for behaviour in framework.behaviours:
            put(behaviour.cluster or GROUPED["behaviour"], behaviour.key,
                element_label("behaviour", behaviour))
    elif kind == "standard":
        for standard in framework.standards:
            label = element_label("standard", standard)
            for suite in standard.suites or (GROUPED["standard"],):
                put(suite, standard.key, label)
    elif kind == "role":
        # within a family, levels in the order the file first names them (usually seniority)
        first_seen: dict[str, int] = {}
        for r in framework.roles:
            first_seen.setdefault(r.level, len(first_seen))
        roles = sorted(framework.roles, key=lambda r: (r.family, _level_order(r.level,
                                                                              first_seen)))
        for role in roles:
            put(role.family or GROUPED["role"], role.key, element_label("role", role))
    elif kind == "mapping":
        for mapping in framework.mappings:
            put(mapping.behaviour or f"value {mapping.value}", mapping.key,
                element_label("mapping", mapping))
    elif kind == "source":
        for source in framework.sources:
            put("", source.key, element_label("source", source))
    else:
        raise ValueError(f"the tree has no layout for elements of kind {kind!r}")
    default = GROUPED.get(kind)
    if default and list(out) == [default]:  # one "(no cluster)" group says nothing: go flat
        out = {"": out[default]}
    return out


#: the fields that place an element of a kind in the tree (its group, its order)
PLACED_BY = {"level": ("number",), "behaviour": ("cluster",), "standard": ("suites",),
             "role": ("family", "level"), "mapping": ("behaviour", "value")}
#: at most this many changed elements are put into a kind's groups; more are laid out again
MAX_RELAID = 64


def patch_kind_layout(kind: str, before: tuple, after: tuple, groups: dict[str, list[Leaf]],
                      state_of) -> dict[str, list[Leaf]] | None:
    """``groups`` (the layout of the elements ``before``) made the layout of ``after``, when
    ``after`` has the same elements in the same places, each changed one with its key and
    what places it (:data:`PLACED_BY`) unchanged: new labels and states for those leaves (the
    first key typed into an inherited title overrides it). None: lay it out."""
    if kind == "framework" or len(before) != len(after):  # [framework] is no list: made
        return None
    changed = [(old, new) for old, new in zip(before, after) if old is not new]
    if len(changed) > MAX_RELAID:
        return None
    placed = PLACED_BY.get(kind, ())
    labels: dict[str, str] = {}
    for old, new in changed:
        if old.key != new.key or any(getattr(old, f) != getattr(new, f) for f in placed):
            return None
        labels[new.key] = element_label(kind, new)
    states = {key: state_of(kind, key) for key in labels}
    out = {}
    for group, leaves in groups.items():
        if any(leaf.key in labels for leaf in leaves):
            leaves = [Leaf(leaf.key, labels[leaf.key], states[leaf.key]) if leaf.key in labels
                      else leaf for leaf in leaves]
        out[group] = leaves
    return out


def _level_order(level: str, first_seen: dict[str, int]) -> tuple[int, int]:
    return (0, int(level)) if level.isdigit() else (1, first_seen.get(level, 0))


class FrameworkTree(Tree[Selection]):
    """Node data: a :class:`Category`, :class:`Group` or :class:`Item` (see
    :mod:`nosframe.tui.selection`)."""

    BINDINGS = [
        Binding("a", "screen.add_element", "Add", id="tree.add"),
        Binding("r", "screen.rename_element", "Rename", id="tree.rename"),
        Binding("delete,d", "screen.delete_element", "Delete", id="tree.delete"),
        Binding("n", "screen.pick_standards", "Add NOS", id="tree.pick"),
        Binding("m", "screen.map_criteria", "Map", id="tree.map"),
        Binding("g", "screen.show_gap", "Gap", id="tree.gap", show=False),
        Binding("u", "screen.show_view('used')", "Used by", id="tree.used", show=False),
        Binding("v", "screen.revert_element", "Revert", id="tree.revert", show=False),
        Binding("right,l", "expand_cursor", "Expand", id="tree.expand", show=False),
        Binding("left,h", "collapse_cursor", "Collapse", id="tree.collapse", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    FrameworkTree { width: 30%; min-width: 22; max-width: 40; scrollbar-size-horizontal: 0;
                    border-right: solid $panel-lighten-2; }
    FrameworkTree:focus { border-right: solid $accent; }
    """

    def __init__(self, *, opening: bool = False, **kwargs: Any):
        """``opening``: the framework is still opening; the headings show … for their counts
        until the first :meth:`show_layout`."""
        super().__init__("framework", data=Root(), **kwargs)
        self.opening = opening
        self.show_root = False
        self.auto_expand = True
        self.guide_depth = 2
        self._layout: dict[str, dict[str, list[Leaf]]] = {}
        self._categories: dict[str, TreeNode] = {}
        #: kind -> key -> the leaf nodes loaded for it (a standard in two suites has two), so
        #: relabelling one as its title is typed walks no branch
        self._leaf_nodes: dict[str, dict[str, list[TreeNode]]] = {}
        #: parent node id -> (room, child id -> label cut, child id -> form) (:meth:`_cut_forms`)
        self._cuts: dict[int, tuple[int, dict[int, str], dict]] = {}

    def render_label(self, node: TreeNode, base_style: Any, style: Any) -> Text:
        """A label longer than the tree is wide ends at a word with ``…`` (the editor's heading
        has it whole), instead of being cut off mid-word at the tree's edge; a group keeps its
        count. Cut so that no two nodes of a branch read the same (:mod:`nosframe.tui.cuts`):
        ``Police constable`` and ``Detective constable``, not ``[Constable]…`` twice."""
        text = super().render_label(node, base_style, style)
        room = self._room(node)
        if room < 8 or text.cell_len <= room:
            return text
        form = self._cut_forms(node, room).get(node._id)
        if form is None:
            return text
        lead, core, tail = self._parts(node)
        lead += len(text.plain) - len(node.label.plain)  # the branch's ▶ / ▼
        out = text[:lead]
        for piece in form:
            if isinstance(piece, str):
                out.append(piece, style=style)
            else:
                out.append_text(text[lead + piece[0]:lead + piece[1]])
        out.append_text(text[len(text.plain) - tail:])
        return out

    def _room(self, node: TreeNode) -> int:
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return self.scrollable_content_region.width - depth * self.guide_depth

    @staticmethod
    def _parts(node: TreeNode) -> tuple[int, str, int]:
        """A node's label as what always stays (a leaf's ``* `` or ``✗ ``), what may be cut,
        and the length of what stays at its end (a branch's count)."""
        plain = node.label.plain
        lead = 2 if not node.allow_expand and plain.startswith(("* ", "✗ ")) else 0
        count = re.search(r" \d+$", plain) if node.allow_expand else None
        tail = len(plain) - count.start() if count else 0
        return lead, plain[lead:len(plain) - tail], tail

    def _cut_forms(self, node: TreeNode, room: int) -> dict[int, Any]:
        """Node id -> how its label is cut (None: whole), for the branch ``node`` is in, at
        ``room`` characters: made once per branch and width, again when a label changed."""
        parent = node.parent
        if parent is None:
            return {}
        known = self._cuts.get(parent._id)
        core = self._parts(node)[1]
        if known is None or known[0] != room or known[1].get(node._id) != core:
            known = self._cut_branch(parent, room)
        return known[2]

    def _cut_branch(self, parent: TreeNode, room: int) -> tuple[int, dict[int, str], dict]:
        children = list(parent.children)
        parts = [self._parts(child) for child in children]
        icon = len(self.ICON_NODE)
        widths = [room - lead - tail - (icon if child.allow_expand else 0)
                  for child, (lead, _, tail) in zip(children, parts)]
        forms = distinct_cuts([core for _, core, _ in parts], widths)
        known = (room, {child._id: core for child, (_, core, _) in zip(children, parts)},
                 {child._id: form for child, form in zip(children, forms)})
        self._cuts[parent._id] = known
        return known

    def _recut(self, nodes: Iterable[TreeNode]) -> None:
        """After labels changed: the branches they are in cut again, and the lines of the
        other nodes whose cut that changes drawn again (two titles typed the same)."""
        changed = set(nodes)
        for parent in {node.parent for node in changed if node.parent is not None}:
            known = self._cuts.get(parent._id)
            if known is None:
                continue
            room, _, before = known
            after = self._cut_branch(parent, room)[2]
            for child in parent.children:
                if child not in changed and before.get(child._id) != after.get(child._id):
                    child.set_label(child.label)  # draws its line again

    def on_resize(self, event: Any) -> None:
        self._cuts.clear()
        self._invalidate()  # labels are cut to the width: render them again

    def on_mount(self) -> None:
        for kind, heading in CATEGORIES:
            node = self.root.add(heading, data=Category(kind), allow_expand=True)
            node.set_label(self._category_label(kind, heading))
            self._categories[kind] = node

    # -- model -> tree ----------------------------------------------------------------------

    def _category_label(self, kind: str, heading: str) -> Text:
        groups = self._layout.get(kind, {})
        if kind == "framework":
            return Text(heading, style="bold")
        if self.opening:
            return Text.assemble((heading, "bold"), (" …", "dim"))
        count = len({leaf.key for leaves in groups.values() for leaf in leaves
                     if leaf.state != "removed"})
        text = Text(heading, style="bold")
        text.append(f" {count}", style="dim")
        return text

    def show_layout(self, new: dict[str, dict[str, list[Leaf]]]) -> None:
        """Show a new layout, touching only the categories that changed and keeping the
        cursor and open branches where they were."""
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        old = self._layout
        if self.opening:
            self.opening, old = False, {}  # every heading gets its count
        self._layout = new
        changed = False
        for kind, heading in CATEGORIES:
            before, after = old.get(kind), new.get(kind)
            if before is after or before == after:
                continue
            if before is not None and after is not None and self._relabel(kind, before, after):
                continue  # the same leaves in the same places: only labels changed
            changed = True
            node = self._categories[kind]
            node.set_label(self._category_label(kind, heading))
            if getattr(node, "_nf_loaded", False):
                self._reload(node, kind)
        if changed and cursor is not None:
            self.reveal(cursor, select=False, keep_line=True)

    def _relabel(self, kind: str, before: dict[str, list[Leaf]],
                 after: dict[str, list[Leaf]]) -> bool:
        """When a kind has the same groups with the same leaves (keys, and which are removed)
        in the same order, and only labels or states differ (a title typed, the override the
        first key makes), the loaded leaves that changed are relabelled in place, and True;
        else False (the kind is loaded again)."""
        if list(before) != list(after):
            return False
        changed: dict[str, Leaf] = {}
        for group, leaves in after.items():
            old_leaves = before[group]
            if len(old_leaves) != len(leaves):
                return False
            for was, now in zip(old_leaves, leaves):
                if was.key != now.key or (was.state == "removed") != (now.state == "removed"):
                    return False
                if was.label != now.label or was.state != now.state:
                    changed[now.key] = now
        loaded = self._leaf_nodes.get(kind, {})
        relabelled = []
        for key, leaf in changed.items():
            for leaf_node in loaded.get(key, ()):
                leaf_node.set_label(leaf_label(leaf))
                relabelled.append(leaf_node)
        self._recut(relabelled)
        return True

    def _reload(self, node: TreeNode, kind: str) -> None:
        open_groups = {child.data.group for child in node.children
                       if isinstance(child.data, Group) and child.is_expanded}
        node.remove_children()
        self._leaf_nodes.pop(kind, None)
        self._cuts.clear()
        node._nf_loaded = False  # type: ignore[attr-defined]
        self._load(node)
        for child in node.children:
            if isinstance(child.data, Group) and child.data.group in open_groups:
                self._load(child)
                child.expand()

    def _load(self, node: TreeNode) -> None:
        if getattr(node, "_nf_loaded", False):
            return
        node._nf_loaded = True  # type: ignore[attr-defined]
        data = node.data
        if isinstance(data, Category):
            kind = data.kind
            groups = self._layout.get(kind, {})
            if kind in GROUPED and list(groups) != [""]:
                for group in sorted(groups, key=lambda g: (g.startswith("("), g.lower())):
                    count = sum(leaf.state != "removed" for leaf in groups[group])
                    label = Text(group or "(none)")
                    label.append(f" {count}", style="dim")
                    node.add(label, data=Group(kind, group), allow_expand=True)
            else:
                self._add_leaves(node, kind, groups.get("", []))
        elif isinstance(data, Group):
            self._add_leaves(node, data.kind, self._layout.get(data.kind, {}).get(data.group, []))

    def _add_leaves(self, node: TreeNode, kind: str, leaves: Iterable[Leaf]) -> None:
        nodes = self._leaf_nodes.setdefault(kind, {})
        for leaf in leaves:
            nodes.setdefault(leaf.key, []).append(
                node.add_leaf(leaf_label(leaf), data=Item(kind, leaf.key)))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self._load(event.node)

    def action_expand_cursor(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self._load(node)
            node.expand()

    def action_collapse_cursor(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    # -- finding nodes ----------------------------------------------------------------------

    def keys_in(self, kind: str, group: str) -> set[str]:
        """Keys of the elements in one branch (a suite, a cluster, a family ...)."""
        return {leaf.key for leaf in self._layout.get(kind, {}).get(group, [])}

    def group_of(self, kind: str, key: str) -> str | None:
        for group, leaves in self._layout.get(kind, {}).items():
            if any(leaf.key == key for leaf in leaves):
                return group
        return None

    def reveal(self, data: Selection, *, select: bool = False, keep_line: bool = False) -> bool:
        """Open the branches down to a node and put the cursor on it."""
        node = self._find(data)
        if node is None:
            if isinstance(data, Item):
                node = self._find(Category(data.kind))
            if node is None:
                return False
        parent = node.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
        self._tree_lines  # noqa: B018 - builds line numbers so the cursor can move now
        if select:
            self.select_node(node)
        else:
            self.move_cursor(node)
        return True

    def _find(self, data: Selection) -> TreeNode | None:
        if isinstance(data, Root):
            return None
        kind = data.kind
        category = self._categories.get(kind)
        if category is None:
            return None
        if isinstance(data, Category):
            return category
        self._load(category)
        if isinstance(data, Group):
            return next((c for c in category.children if c.data == data), None)
        group = self.group_of(kind, data.key)
        if group is None:
            return None
        if kind not in GROUPED or group == "":
            return next((c for c in category.children if c.data == data), None)
        group_node = next((c for c in category.children if c.data == Group(kind, group)),
                          None)
        if group_node is None:
            return None
        self._load(group_node)
        return next((c for c in group_node.children if c.data == data), None)

    def relabel(self, kind: str, key: str, label: str) -> None:
        """Change one leaf's label in place (typing a title must not rebuild the tree)."""
        state = None
        for group in self._layout.get(kind, {}).values():
            for i, leaf in enumerate(group):
                if leaf.key == key:
                    group[i] = Leaf(key, label, leaf.state)
                    state = leaf.state
        nodes = self._leaf_nodes.get(kind, {}).get(key, ())
        for node in nodes:
            node.set_label(leaf_label(Leaf(key, label, state or "own")))
        self._recut(nodes)


__all__ = ["CATEGORIES", "FrameworkTree", "Leaf", "kind_layout", "layout", "leaf_label",
           "patch_kind_layout"]
