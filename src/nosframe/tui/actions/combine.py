"""The combine step: the NOS picker adds standards to a role, the mapping editor ticks which
criteria of a standard evidence a behaviour or value."""

from __future__ import annotations

from nosframe.analysis.suggest import suggest_for_role, suggest_mappings
from nosframe.model import normalise_code
from nosframe.editing import rules as edits
from nosframe.editing.catalogue import Catalogue
from nosframe.editing.operations import SetMapping
from nosframe.tui.guard import guarded
from nosframe.tui.screens.mapping import MappingResult, MappingScreen
from nosframe.tui.screens.picker import PickerResult, PickerScreen


class CombineActions:
    """Mixin of :class:`~nosframe.tui.app.NosframeApp`."""

    def catalogue(self) -> Catalogue:
        return self.session.catalogue()

    @guarded
    def action_pick_standards(self) -> None:
        role_id = self._role_in_context()
        if role_id is None:
            self.notify("select a role in the tree first: the picker adds NOS to it",
                        severity="warning")
            return
        self._flow(self._pick_flow, role_id, group="pick")

    async def _pick_flow(self, role_id: str) -> None:
        s = self.session
        s.ensure_composed()
        role = s.element("role", role_id)
        have = {normalise_code(c) for c in role.standards + role.optional_standards}
        catalogue = self.catalogue()

        def suggest():
            return suggest_for_role(role, s.composed.framework, catalogue.entries,
                                    catalogue.libraries, own=s.root, limit=30)

        result: PickerResult | None = await self.push_screen_wait(
            PickerScreen(catalogue, role.title or role.id, have, suggest=suggest))
        if not result:
            return
        # a standard found only in a preset the file does not extend is copied into the file:
        # say so, since that preset's updates will not reach the copy
        sources = {entry.key: entry.source for entry in catalogue.entries}
        copied = [(st.code, sources.get(st.key, "")) for st in result.standards
                  if s.element("standard", st.key) is None and not s.library_has(st.key)]
        added = s.add_standards(role_id, result.standards, optional=result.optional)
        if added:
            self._after_edit(structural=True)
            self.notify(f"added {', '.join(added)} to {role_id}", timeout=3)
        if copied:
            self.notify("copied into " + s.name + ", from what it does not extend: "
                        + "; ".join(f"{code} ({source})" if source else code
                                    for code, source in copied)
                        + ". Updates of that preset will not reach the copy; to inherit "
                          "instead, add the preset to the framework's extends.",
                        title="Copied, not inherited", timeout=8)

    @guarded
    def action_map_criteria(self) -> None:
        self.session.ensure_composed()
        selected = self._selected_element()
        if self._active_view() == "coverage" and self.main.coverage.has_focus_within \
                and self.main.coverage.current():
            role, behaviour = self.main.coverage.current()  # type: ignore[misc]
            self._map_for(role_id=role, behaviour=behaviour)
        elif selected is None:
            self._map_for()
        elif selected[0] == "role":
            self._map_for(role_id=selected[1])
        elif selected[0] == "standard":
            self._map_for(standard=selected[1])
        elif selected[0] == "behaviour":
            self._map_for(behaviour=selected[1])
        elif selected[0] == "value":
            self._map_for(value=selected[1])
        elif selected[0] == "mapping":
            mapping = self.session.element("mapping", selected[1])
            self._map_for(standard=mapping.standard, behaviour=mapping.behaviour,
                          value=mapping.value)
        else:
            self._map_for()

    def _map_for(self, *, role_id: str | None = None, standard: str | None = None,
                 behaviour: str | None = None, value: str | None = None) -> None:
        s = self.session
        fw = s.composed.framework
        titles = {st.key: st.title for st in fw.standards}
        codes: list[str]
        context = ""
        if role_id is not None:
            role = s.element("role", role_id)
            codes = list(dict.fromkeys(role.standards + role.optional_standards))
            context = f"role {role.title or role.id}"
            required = list(role.behaviours)
            if behaviour is None:
                evidenced = self._evidenced(role_id)
                gaps = [b for b in required if b not in evidenced]
                behaviour = (gaps or required or [None])[0]
        elif standard is not None:
            codes = [standard]
            required = []
        else:
            used: dict[str, None] = {}
            for role in fw.roles:
                if behaviour is None or behaviour in role.behaviours:
                    for code in role.standards + role.optional_standards:
                        used[code] = None
            codes = list(used) or [st.code for st in fw.standards]
            required = []
        if not codes:
            self.notify("this role has no standards yet: add some with the picker (n)",
                        severity="warning")
            return
        codes = codes[:300]
        standards = [(c, f"{c} {titles.get(normalise_code(c), '(not defined)')}") for c in codes]
        behaviours = {b.id: b.name or b.id for b in fw.behaviours}
        order = [b for b in required if b in behaviours] + \
            [b for b in behaviours if b not in required]
        targets = [(f"behaviour:{b}", f"{behaviours[b]}" + (" (required)" if b in required
                                                            else "")) for b in order]
        targets += [(f"value:{v.id}", f"value: {v.name or v.id}") for v in fw.values]
        target = f"value:{value}" if value else (f"behaviour:{behaviour}" if behaviour else None)
        first = standard if standard is not None else None
        if first is not None:
            first = next((c for c in codes if normalise_code(c) == normalise_code(first)), first)
        else:  # open on a standard with criteria to tick, when the role has one
            with_criteria = {st.key for st in fw.standards if st.criteria}
            first = next((c for c in codes if normalise_code(c) in with_criteria), None)
        if target is not None and target not in dict(targets):
            target = None
        self._flow(self._map_flow, standards, targets, first, target, context, group="map")

    def _evidenced(self, role_id: str) -> set[str]:
        from nosframe.graph import role_evidence

        return set(role_evidence(self.session.graph(), role_id))

    async def _map_flow(self, standards: list, targets: list, standard: str | None,
                        target: str | None, context: str) -> None:
        s = self.session

        def current(code: str, target: str) -> tuple[str, ...]:
            kind, _, ident = target.partition(":")
            key = edits.mapping_key(code, **{kind: ident})
            mapping = s.element("mapping", key)
            return mapping.criteria if mapping else ()

        result: MappingResult | None = await self.push_screen_wait(MappingScreen(
            standards, targets, standard=standard, target=target,
            lookup=lambda code: s.element("standard", code), current=current, context=context,
            suggest=lambda standard: suggest_mappings(standard, s.composed.framework),
            reach=lambda code: [r.title or r.id for r in s.composed.framework.roles
                                if normalise_code(code) in {normalise_code(c) for c in
                                                            r.standards + r.optional_standards}]))
        if result is None:
            return
        changed = [r for r in (*result.others, result)
                   if s.do(SetMapping(r.standard, r.criteria, **{r.target_kind: r.target}),
                           check=False)]
        if changed:
            self._after_edit(structural=True)
            self.notify("; ".join(f"mapped {len(r.criteria)} criteria of {r.standard} to "
                                  f"{r.target}" for r in changed), timeout=3)


__all__ = ["CombineActions"]
