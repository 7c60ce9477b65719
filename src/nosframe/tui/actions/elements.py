"""Add, rename (or retitle an inherited element), delete and revert elements."""

from __future__ import annotations

from typing import Any

from nosframe.editing import present
from nosframe.editing import rules as edits
from nosframe.editing.operations import (Add, Delete, MakeOwn, RefreshLibrary, Rename, Retitle,
                                         Revert)
from nosframe.editing.rules import EditError
from nosframe.tui.guard import guarded
from nosframe.tui.selection import Category, Group, Item
from nosframe.tui.screens.dialogs import AddScreen, ChoiceScreen, PromptScreen


class ElementActions:
    """Mixin of :class:`~nosframe.tui.app.NosframeApp`."""

    def _kind_at_cursor(self) -> tuple[str | None, str | None]:
        data = self.selection
        if isinstance(data, (Category, Item)):
            return data.kind, None
        if isinstance(data, Group):
            return data.kind, data.group
        return None, None

    @guarded
    def action_add_element(self) -> None:
        kind, group = self._kind_at_cursor()
        if kind is None or kind == "framework":
            self.notify("move the tree's cursor to Values, Behaviours, Standards, Roles, ... "
                        "to add one there", severity="warning")
            return
        if kind == "mapping":
            self.action_map_criteria()
            return
        if isinstance(self.selection, Item):
            group = self.main.framework_tree.group_of(kind, self.selection.key)
        self._flow(self._add_flow, kind, group, group="add")

    async def _add_flow(self, kind: str, group: str | None) -> None:
        s = self.session

        def validate(text: str) -> str | None:
            try:
                element = edits.new_element(kind, text)
            except edits.EditError as exc:
                return str(exc)
            if s.element(kind, element.key) is not None:
                return f"{kind} {element.key} already exists"
            return None

        title_field = edits.TITLE_FIELD.get(kind, "title")
        key_label = {"standard": "Code (URN), as published, e.g. SFJAA1",
                     "level": "Number (1 is the first step of the scale)"}.get(
                         kind, "Id (letters, digits and - _ .; suggested from the "
                               f"{title_field})")
        next_level = ""
        if kind == "level":
            numbers = [lv.number for lv in s.composed.framework.levels]
            next_level = str(max(numbers, default=0) + 1)
        answer = await self.push_screen_wait(AddScreen(
            f"Add a {kind}", name_label=f"{title_field.capitalize()}:", key_label=key_label,
            suggest=lambda text: edits.suggest_id(kind, text), validate=validate,
            key=next_level,
            placeholder={"role": "e.g. Detective constable", "behaviour": "e.g. We are open",
                         "value": "e.g. Integrity", "standard": "as published"}.get(kind, ""),
            hint="A standard from the national library: n (Add NOS) on a role finds it."
            if kind == "standard" else ""))
        if not answer:
            return
        value, title = answer
        defaults: dict[str, Any] = {}
        if group and not group.startswith("("):
            if kind == "behaviour":
                defaults["cluster"] = group
            elif kind == "standard":
                defaults["suites"] = (group,)
            elif kind == "role":
                defaults["family"] = group
        if title:
            defaults[title_field] = title
        element = edits.new_element(kind, value, **defaults)
        s.do(Add(kind, element), check=False)
        self._after_edit(structural=True)
        self.go_to(kind, element.key, title_field)

    def _selected_element(self) -> tuple[str, str] | None:
        if isinstance(self.selection, Item):
            return self.selection.kind, self.selection.key
        return None

    @guarded
    def action_rename_element(self) -> None:
        selected = self._selected_element()
        if selected is None:
            self.notify("select an element in the tree to rename it", severity="warning")
            return
        self._flow(self._rename_flow, *selected, group="rename")

    async def _rename_flow(self, kind: str, key: str) -> None:
        s = self.session
        if kind == "mapping":
            self.notify("a mapping is named by its standard and behaviour: use the mapping "
                        "editor (m)", severity="warning")
            return
        if s.is_own(kind, key):
            def validate(text: str) -> str | None:
                try:
                    element = edits.new_element(kind, text)
                except edits.EditError as exc:
                    return str(exc)
                if element.key != edits.match_key(kind, key) and \
                        s.element(kind, element.key) is not None:
                    return f"{kind} {element.key} already exists"
                return None

            current = s.element(kind, key)
            shown = str(getattr(current, edits.KEY_FIELD[kind], key))
            value = await self.push_screen_wait(PromptScreen(
                f"Rename {kind} {key}", f"New id (references in {s.name} follow):", shown,
                validate=validate))
            if not value or value == shown:
                return
            s.do(Rename(kind, key, value), check=False)
            self._after_edit(structural=True)
            self.go_to(kind, edits.new_element(kind, value).key)
        else:
            current = s.element(kind, key)
            field = edits.TITLE_FIELD.get(kind, "title")
            value = await self.push_screen_wait(PromptScreen(
                f"Retitle inherited {kind} {key}",
                f"An inherited {kind} keeps its id; its new {field} is saved as an override "
                f"in {s.name}:", getattr(current, field, ""),
                validate=lambda t: None if t else "give it a title"))
            if not value:
                return
            s.do(Retitle(kind, key, value), check=False)
            self._after_edit(structural=True)

    @guarded
    def action_delete_element(self) -> None:
        selected = self._selected_element()
        if selected is None:
            self.notify("select an element in the tree to delete it", severity="warning")
            return
        self._flow(self._delete_flow, *selected, group="delete")

    async def _delete_flow(self, kind: str, key: str) -> None:
        s = self.session
        uses = s.where_used(kind, key)
        lines = []
        if uses:
            users = len({use.element for use in uses})
            lines.append(f"{users} element{'s' if users != 1 else ''} use{'s' if users == 1 else ''} it, "
                         "and will then refer to something missing (shown as problems):")
            lines += [f"• {use.kind} {use.key}: {use.text}" for use in uses[:15]]
            if len(uses) > 15:
                lines.append(f"• … and {len(uses) - 15} more")
        else:
            lines.append("Nothing uses it.")
        if not s.is_own(kind, key):
            prov = s.provenance(kind, key)
            where = present.origin_text(prov.origin) if prov else "a preset"
            lines.append(f"\nIt is inherited from {where}: deleting adds a \"remove\" override "
                         f"to {s.name}; the preset itself is not changed.")
        choice = await self.push_screen_wait(ChoiceScreen.confirm(
            f"Delete {kind} {key}?", "\n".join(lines), "Delete", ident="delete"))
        if choice != "delete":
            return
        s.do(Delete(kind, key), check=False)
        self._after_edit(structural=True)
        self.notify(f"deleted {kind} {key} (ctrl+z undoes)")

    @guarded
    def action_revert_element(self) -> None:
        selected = self._selected_element()
        if selected is None:
            self.notify("select an inherited element first", severity="warning")
            return
        self._revert(*selected)

    def _revert(self, kind: str, key: str) -> None:
        if self.session.is_own(kind, key):
            self.notify(f"{kind} {key} is defined in {self.session.name}; nothing to revert",
                        severity="warning")
            return
        self._flow(self._revert_flow, kind, key, group="revert")

    async def _revert_flow(self, kind: str, key: str) -> None:
        """Say which overrides go (with their reasons, which go too) before dropping them."""
        s = self.session
        overrides = [o for _, o in edits.overrides_of(s.root, kind, key)]
        if not overrides:
            self.notify(f"{kind} {key} is inherited as it is; nothing to revert")
            return
        lines = [f"{s.name} changes it with {len(overrides)} override"
                 f"{'s' if len(overrides) != 1 else ''}, which will be deleted:"]
        for o in overrides:
            reason = f" — reason: {o.reason}" if o.reason else ""
            lines.append(f"• {present.override_text(o)}{reason}")
        lines.append("\nThe element is then as the preset has it (ctrl+z undoes).")
        choice = await self.push_screen_wait(ChoiceScreen.confirm(
            f"Revert {kind} {key} to its inherited form?", "\n".join(lines), "Revert",
            ident="revert"))
        if choice != "revert":
            return
        if s.do(Revert(kind, key), check=False):
            self._after_edit(structural=True)
            self.notify(f"{kind} {key} is back to its inherited form (ctrl+z undoes)")

    @guarded
    def action_make_own(self) -> None:
        """Copy the selected inherited element into the file with a replace override
        (``MakeOwn``): what settles two presets' conflict over it (NF123)."""
        selected = self._selected_element()
        if selected is None:
            self.notify("select an inherited element first", severity="warning")
            return
        kind, key = selected
        try:
            result = self.session.do(MakeOwn(kind, key), check=False)
        except EditError as exc:
            self.notify(str(exc), severity="warning")
            return
        if result.applied:
            self._after_edit(structural=True)
            self.notify(f"{kind} {key} is now defined in {self.session.name}, replacing the "
                        "inherited one (ctrl+z undoes)")

    @guarded
    def action_refresh_library(self) -> None:
        """Record the installed library's copies of the library standards in the file again
        (``RefreshLibrary``; ``nosframe library refresh FILE`` on the command line)."""
        try:
            result = self.session.do(RefreshLibrary(), check=False)
        except EditError as exc:
            self.notify(str(exc), severity="warning")
            return
        if not result.applied:
            self.notify("the file's records of library standards match the installed library")
            return
        self._after_edit(structural=True)
        n = len(result.changes)
        self.notify(f"{n} record{'s' if n != 1 else ''} of library standards updated (ctrl+z "
                    "undoes)")


__all__ = ["ElementActions"]
