"""Moving a framework file from one preset to another (a new edition of it): ``nosframe
migrate FILE --from OLD --to NEW``.

:func:`plan_migration` works out what the file must change: ``extends`` names the new preset,
references to elements that a :class:`~nosframe.registry.Correspondence` (registered by a
sector plugin, ``nosframe_correspondences``) renames one to one follow the rename, and
references to standards the new presets mark ``superseded_by`` name the successor. Each of
those is a typed operation (``SetField`` of ``extends``, :class:`Repoint`) applied by
:meth:`Session.do <nosframe.editing.Session.do>`, like any edit. What no rule can decide is left
to a person (:class:`Decision`): an element that corresponds to several new ones or to none,
an override of an element the new presets do not have, and the findings of the file's own that
appear once the rest is applied (a mapping naming criteria the new standard does not have). The
plan is rehearsed (applied, then dropped), so the preview says exactly what applying does.
"""

from __future__ import annotations

import difflib
from typing import Any, ClassVar

from attrs import evolve, frozen

from nosframe.editing import rules
from nosframe.editing.operations import EditResult, Operation, SetField
from nosframe.io import Location, NosframeError
from nosframe.model import Finding, Framework, Mapping, OverrideAction, Severity
from nosframe.model.kinds import is_kind, kind as kind_named
from nosframe.model.references import (
    all_references,
    rename_in_override_fields,
    rename_in_overrides,
    rename_references,
)


class MigrateError(NosframeError):
    """A migration that cannot be planned: a preset the file does not extend, an unknown one."""


# ---------------------------------------------------------------------------------------------
# the operation


def _mapping_target(target: str) -> tuple[str, str, str] | None:
    """``("SFJAB1", "behaviour", "x")`` of an override target ``mapping:SFJAB1->behaviour:x``."""
    kind, _, key = target.partition(":")
    if kind != "mapping" or "->" not in key:
        return None
    standard, _, rest = key.partition("->")
    what, _, ident = rest.partition(":")
    return standard, what, ident


def _repointed_target(target: str, kind: str, old: str, new: str) -> str:
    """An override's (or acknowledgement's) ``kind:id`` with ``old`` of ``kind`` named ``new``;
    a mapping's target follows its standard, behaviour or value."""
    k, _, key = target.partition(":")
    if k == kind and is_kind(k) and rules.match_key(k, key) == old:
        return f"{k}:{new}"
    parts = _mapping_target(target)
    if parts is not None:
        standard, what, ident = parts
        if kind == "standard" and rules.match_key("standard", standard) == old:
            standard = new
        elif what == kind and ident == old:
            ident = new
        else:
            return target
        return f"mapping:{rules.mapping_key(standard, **{what: ident})}" \
            if what in ("behaviour", "value") else target
    return target


def _merged_mappings(mappings: tuple[Mapping, ...]) -> tuple[Mapping, ...]:
    """Two mappings that now name the same standard and target are one, their criteria joined
    (two old values that both became one new value, say)."""
    out: dict[str, Mapping] = {}
    for m in mappings:
        have = out.get(m.key)
        if have is None:
            out[m.key] = m
            continue
        note = "; ".join(n for n in dict.fromkeys((have.note, m.note)) if n)
        out[m.key] = evolve(have, criteria=tuple(dict.fromkeys(have.criteria + m.criteria)),
                            note=note)
    return tuple(out.values())


def repoint(fw: Framework, kind: str, old: Any, new: Any, *,
            overrides_of_it: bool = True) -> Framework:
    """``fw`` (a file) with every reference it makes to the ``kind`` element ``old``, which it
    does not define, naming ``new`` instead: its elements' fields, its overrides (targets and
    ``set`` fields) and its acknowledgements. Mappings that come to name the same standard and
    target are merged. The element itself is the presets' (old or new), never the file's.
    ``overrides_of_it=False`` leaves the overrides *of* the element (retitle, remove ...)
    where they are: when several old elements become one, whether a change to one of them
    applies to the new one is a person's decision."""
    k = kind_named(kind)
    old_key, new_value = k.match(old), k.key_value(new)
    new_key = k.match(new_value)
    fw = rename_references(fw, kind, old_key, new_value)
    fw = evolve(fw, mappings=_merged_mappings(fw.mappings))
    fw = rename_in_overrides(fw, kind, old_key, new_value)
    overrides = []
    for o in fw.overrides:
        target = _repointed_target(o.target, kind, old_key, new_key)
        if not overrides_of_it and o.target.partition(":")[0] == kind:
            target = o.target
        overrides.append(evolve(o, target=target) if target != o.target else o)
    fw = evolve(fw, overrides=tuple(overrides))
    acknowledged = []
    for a in fw.acknowledged:
        element = _repointed_target(a.element, kind, old_key, new_key) if a.element else ""
        acknowledged.append(evolve(a, element=element) if element != a.element else a)
    return evolve(fw, acknowledged=tuple(acknowledged))


@frozen
class Repoint(Operation):
    """Make every reference the file makes to an inherited element name another one (the
    element a new edition of the preset replaces it with): see :func:`repoint`."""

    kind: str
    old: str
    new: str
    overrides_of_it: bool = True  # False: the element's own overrides stay (see repoint)
    name: ClassVar[str] = "repoint"

    @property
    def label(self) -> str:
        return f"point references to {self.kind} {self.old} at {self.new}"

    def apply(self, session: Any) -> Framework:
        if not is_kind(self.kind) or self.kind in ("mapping", "source"):
            raise rules.EditError(f"cannot repoint references to a {self.kind}")
        if session.is_own(self.kind, self.old):
            raise rules.EditError(f"{self.kind} {self.old} is defined in {session.name}; "
                                  "rename it instead")
        return repoint(session.root, self.kind, self.old, self.new,
                       overrides_of_it=self.overrides_of_it)


# ---------------------------------------------------------------------------------------------
# the plan


@frozen
class Step:
    """One change migrate makes: what, where the file uses it, the operation, and why."""

    text: str
    operation: Operation
    uses: tuple[str, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        return {"change": self.text, "operation": self.operation.name,
                "label": self.operation.label, "uses": list(self.uses), "note": self.note}


@frozen
class Decision:
    """What a person must decide: an element with several counterparts or none, an override
    of an element that is gone, a finding the migration brings."""

    element: str  # "value:impartiality", "role:neighbourhood-officer"
    text: str
    options: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        return {"element": self.element, "decide": self.text, "options": list(self.options),
                "uses": list(self.uses), "note": self.note}


@frozen
class MigrationPlan:
    file: str
    from_preset: str
    to_preset: str
    correspondence: str  # its title, or "" when no plugin registers one
    steps: tuple[Step, ...]
    decisions: tuple[Decision, ...] = ()
    problems: tuple[str, ...] = ()  # operations the engine refused while rehearsing

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(step.operation for step in self.steps)

    def summary(self) -> str:
        n, d = len(self.steps), len(self.decisions)
        return (f"{n} change{'s' if n != 1 else ''} to apply, "
                f"{d} decision{'s' if d != 1 else ''} left to a person")

    def lines(self) -> list[str]:
        out = [f"migrate {self.file} from {self.from_preset} to {self.to_preset}"
               + (f" ({self.correspondence})" if self.correspondence else
                  " (no correspondence registered: extends and superseded standards only)")]
        out.append("applied by migrate:")
        for step in self.steps:
            out.append(f"  {step.text}" + (f"  [{step.note}]" if step.note else ""))
            out += [f"      {use}" for use in step.uses]
        out.append("left to a person:" + ("" if self.decisions else " nothing"))
        for decision in self.decisions:
            out.append(f"  {decision.element}: {decision.text}"
                       + (f"  [{decision.note}]" if decision.note else ""))
            if decision.options:
                out.append(f"      choose: {', '.join(decision.options)}")
            out += [f"      {use}" for use in decision.uses]
        for problem in self.problems:
            out.append(f"cannot apply: {problem}")
        return out

    def to_json(self) -> dict:
        return {"file": self.file, "from": self.from_preset, "to": self.to_preset,
                "correspondence": self.correspondence,
                "changes": [s.to_json() for s in self.steps],
                "decisions": [d.to_json() for d in self.decisions],
                "problems": list(self.problems)}


def uses_in_file(fw: Framework, kind: str, key: Any) -> tuple[str, ...]:
    """Where a file refers to the ``kind`` element ``key``, in words: its elements' references,
    its overrides (of the element, or ``set`` fields naming it) and acknowledgements."""
    wanted = kind_named(kind).match(key)
    nothing = 10 ** 9 if kind == "level" else "\0"  # a key no element has
    out: list[str] = []
    for source, element, reference in all_references(fw):
        if reference.ref.target == kind and reference.key == wanted:
            out.append(f"{source} {element.key}: "
                       + reference.ref.used.format(element=element, other=reference.other))
    for o in fw.overrides:
        if _repointed_target(o.target, kind, wanted, "\0") != o.target:
            out.append(f"override ({o.action.value}) of {o.target}")
            continue
        target_kind = o.target.partition(":")[0]
        if o.action is OverrideAction.SET and is_kind(target_kind) and \
                rename_in_override_fields(target_kind, o.fields, kind, wanted, nothing) != o.fields:
            out.append(f"override (set) of {o.target}: "
                       + ", ".join(sorted(f for f in o.fields)))
    for a in fw.acknowledged:
        if a.element and _repointed_target(a.element, kind, wanted, "\0") != a.element:
            out.append(f"acknowledged {a.code} on {a.element}")
    return tuple(dict.fromkeys(out))


def _preset_ids(plugins: Any) -> list[str]:
    return sorted(plugins.presets())


def _check_arguments(session: Any, from_preset: str, to_preset: str) -> None:
    where = Location(file=str(session.path))
    extends = session.root.framework.extends
    presets = _preset_ids(session.plugins)
    if to_preset not in presets:
        onward = sorted(c.to_preset for c in session.plugins.correspondences().values()
                        if c.from_preset == from_preset)
        close = difflib.get_close_matches(to_preset, presets, n=1, cutoff=0.5)
        suggestion = (f"a correspondence from {from_preset} goes to "
                      + " or ".join(f"--to {p}" for p in onward) + "; " if onward else
                      f"did you mean {close[0]!r}? " if close else "")
        raise MigrateError(f"--to {to_preset}: no such preset", location=where,
                           hint=suggestion + "installed presets: " + ", ".join(presets))
    if from_preset not in extends:
        raise MigrateError(f"--from {from_preset}: the file does not extend it",
                           location=where,
                           hint=f"it extends {', '.join(extends)}" if extends else
                           "it extends no preset: nothing to migrate")
    if from_preset == to_preset:
        raise MigrateError(f"--from and --to are both {from_preset}", location=where,
                           hint="give the preset to move to with --to")
    if to_preset in extends:
        raise MigrateError(f"--to {to_preset}: the file extends it already", location=where,
                           hint=f"remove {from_preset} from extends by hand if it is no longer "
                                "wanted")


def _split(target: str) -> tuple[str, str]:
    kind, _, key = target.partition(":")
    return kind, key


def plan_migration(session: Any, from_preset: str, to_preset: str) -> MigrationPlan:
    """What moving the session's file from ``from_preset`` to ``to_preset`` changes and leaves
    to a person. The operations are rehearsed and dropped: the session is left as it was.
    Raises :class:`MigrateError` for presets that do not fit the file."""
    _check_arguments(session, from_preset, to_preset)
    correspondence = session.plugins.correspondences().get(f"{from_preset}->{to_preset}")
    before = session.findings()  # composes
    old_parent = session.parent()
    old_fw = old_parent.framework if old_parent is not None else None
    root = session.root
    extends = tuple(to_preset if p == from_preset else p for p in root.framework.extends)
    steps: list[Step] = [Step(f"extends: {from_preset} -> {to_preset}",
                              SetField("framework", "", "extends", extends))]
    decisions: list[Decision] = []
    problems: list[str] = []
    done = 0

    def rehearse(step: Step) -> bool:
        nonlocal done
        try:
            result = session.do(step.operation, check=False)
        except (rules.EditError, NosframeError) as exc:
            problems.append(f"{step.text}: {exc}")
            return False
        if result.applied:
            done += 1
        return True

    try:
        rehearse(steps[0])
        session.ensure_composed()  # the parent is the composition's: of the new presets now
        new_parent = session.parent()
        new_fw = new_parent.framework if new_parent is not None else None
        handled: set[str] = set()  # kind:key followed by a step or left in a decision
        decided: set[str] = set()  # those left in a decision
        mapping = dict(correspondence.mapping) if correspondence is not None else {}
        notes = dict(correspondence.notes) if correspondence is not None else {}
        merging: dict[str, int] = {}  # a new element several old ones become
        for targets in mapping.values():
            if len(targets) == 1:
                merging[targets[0]] = merging.get(targets[0], 0) + 1
        for source, targets in mapping.items():
            kind, key = _split(source)
            if not is_kind(kind) or kind in ("mapping", "source") or session.is_own(kind, key):
                continue
            uses = uses_in_file(session.root, kind, key)
            note = notes.get(source, "")
            if not uses:
                continue
            name = f"{kind}:{kind_named(kind).match(key)}"
            handled.add(name)
            if len(targets) == 1 and _split(targets[0])[0] == kind:
                new = _split(targets[0])[1]
                if kind_named(kind).match(new) == kind_named(kind).match(key):
                    continue
                merged = merging[targets[0]] > 1
                own_overrides = tuple(f"override ({o.action.value}) of {o.target}"
                                      for o in session.root.overrides
                                      if o.target.partition(":")[0] == kind and
                                      kind_named(kind).match(o.target.partition(":")[2])
                                      == kind_named(kind).match(key))
                step = Step(f"{kind} {key} -> {new}",
                            Repoint(kind, key, new, overrides_of_it=not merged),
                            tuple(u for u in uses if not merged or u not in own_overrides),
                            note)
                if step.uses and rehearse(step):
                    steps.append(step)
                if merged and own_overrides:
                    decided.add(name)
                    decisions.append(Decision(
                        source, f"becomes {targets[0]} with another element of "
                        f"{from_preset}: decide whether the file's override of it applies "
                        f"to {targets[0]} (move it there) or goes", (targets[0],),
                        own_overrides, note))
                continue
            decided.add(name)
            decisions.append(Decision(
                source, f"corresponds to {len(targets)} elements of {to_preset}: choose"
                if targets else f"has no counterpart in {to_preset}: drop it or choose another",
                tuple(targets), uses, note))
        # standards the new presets say are superseded, referenced by the file itself
        for key in _standards_referenced(session.root):
            standard = session.element("standard", key)
            if standard is None or not standard.superseded_by or \
                    f"standard:{key}" in handled:
                continue
            successor = standard.superseded_by
            available = session.element("standard", successor) is not None or \
                session.library_has(rules.match_key("standard", successor))
            uses = uses_in_file(session.root, "standard", key)
            handled.add(f"standard:{key}")
            if not available:
                decided.add(f"standard:{key}")
                decisions.append(Decision(
                    f"standard:{key}", f"is superseded by {successor}, which neither the "
                    "presets nor an installed library have", (f"standard:{successor}",), uses))
                continue
            step = Step(f"standard {standard.code} -> {successor} (superseded_by)",
                        Repoint("standard", key, successor), uses)
            if rehearse(step):
                steps.append(step)
        # elements of the old presets the file uses that neither the correspondence nor the
        # new presets have
        if old_fw is not None and new_fw is not None:
            for k in ("value", "behaviour", "level", "role", "standard"):
                for element in kind_named(k).elements(old_fw):
                    name = f"{k}:{element.key}"
                    if name in handled or session.is_own(k, element.key) or \
                            session.element(k, element.key) is not None:
                        continue
                    uses = uses_in_file(session.root, k, element.key)
                    if uses:
                        handled.add(name)
                        decided.add(name)
                        decisions.append(Decision(
                            name, f"is not in {to_preset} and no correspondence names its "
                            "counterpart: choose one, or drop it", (), uses))
        # overrides of elements the new presets do not have
        for o in session.root.overrides:
            kind, key = _split(o.target)
            if not is_kind(kind) or kind == "mapping":
                continue
            name = f"{kind}:{kind_named(kind).match(key)}"
            if name in handled or (new_fw is not None and
                                   kind_named(kind).find(new_fw, key) is not None):
                continue
            handled.add(name)
            decided.add(name)
            decisions.append(Decision(
                name, f"the file's {o.action.value} override has nothing to change: "
                f"{to_preset} has no such {kind}; drop the override or point it at another",
                (), (f"override ({o.action.value}) of {o.target}",)))
        after = session.findings()
        renames = {(op.kind, op.old): op.new for op in (st.operation for st in steps)
                   if isinstance(op, Repoint)}
        appeared, _ = EditResult.compare([_renamed_finding(f, renames) for f in before],
                                         after)
        for finding in appeared:
            if not finding.own or finding.severity is Severity.INFO:
                continue
            if _about_decided(finding, decided):
                continue
            decisions.append(_finding_decision(finding))
    finally:
        for _ in range(done):
            session.drop_last()
    title = correspondence.title or correspondence.key if correspondence is not None else ""
    return MigrationPlan(session.name, from_preset, to_preset, title, tuple(steps),
                         tuple(decisions), tuple(problems))


def _renamed_finding(finding: Finding, renames: dict[tuple[str, str], str]) -> Finding:
    """A finding from before the migration as it reads after the renames (a coverage gap of
    a renamed behaviour is the same gap, not a new one)."""
    message, element, path = finding.message, finding.element, finding.location.path
    for (kind, old), new in renames.items():
        message = message.replace(f"{old!r}", f"{new!r}")
        path = path.replace(str(old), str(new)) if path else path
        if element == (kind, kind_named(kind).match(old)):
            element = (kind, kind_named(kind).match(new))
    if (message, element, path) == (finding.message, finding.element, finding.location.path):
        return finding
    return evolve(finding, message=message, element=element,
                  location=evolve(finding.location, path=path))


def _standards_referenced(fw: Framework) -> list[str]:
    """Keys of the standards the file's own elements and ``set`` overrides name."""
    out = [r.key for _, _, r in all_references(fw) if r.ref.target == "standard"]
    for o in fw.overrides:
        if o.action is OverrideAction.SET:
            for field in ("standards", "optional_standards"):
                for code in o.fields.get(field, ()) or ():
                    if isinstance(code, str):
                        out.append(rules.match_key("standard", code))
    return list(dict.fromkeys(out))


def _about_decided(finding: Finding, decided: set[str]) -> bool:
    """A finding a decision already covers: about a decided element, or naming one."""
    if finding.element is not None and f"{finding.element[0]}:{finding.element[1]}" in decided:
        return True
    return any(f"{name.partition(':')[2]!r}" in finding.message or f"{name!r}" in finding.message
               for name in decided)


def _finding_decision(finding: Finding) -> Decision:
    about = f"{finding.element[0]}:{finding.element[1]}" if finding.element else "framework"
    return Decision(about, f"{finding.code} {finding.message}",
                    note=finding.hint)


def apply_migration(session: Any, plan: MigrationPlan) -> tuple[EditResult, ...]:
    """Apply a plan's operations with :meth:`Session.do`, one undo step each (the caller
    saves). Raises :class:`~nosframe.editing.EditError` for one that cannot be made."""
    return tuple(session.do(op, check=False) for op in plan.operations)


__all__ = ["Decision", "MigrateError", "MigrationPlan", "Repoint", "Step", "apply_migration",
           "plan_migration", "repoint", "uses_in_file"]
