"""Documents people read: the whole framework, a job description for a role and a training plan
for a role (or for moving from one role to the next), as HTML, Markdown and Word (.docx).

One set of templates: :func:`framework_context`, :func:`job_description_context` and
:func:`training_plan_context` say what each document holds (plain data, licence rules already
applied), the Jinja2 templates under ``templates/`` lay it out as HTML (autoescaped,
self-contained: the style sheet is inlined, nothing is fetched) and Markdown, and
:mod:`nosframe.formats.word` writes the same context as Word. The gap a training plan covers is
:func:`nosframe.analysis.gap`.

Text whose licence forbids passing it on (verbatim published text under a non-commercial,
no-derivatives or unconfirmed licence: :func:`nosframe.checks.licences.
redistribution_restricted`) is left out with a note saying why, and reported as not exported.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

from nosframe.analysis import coverage_matrix, gap
from nosframe.analysis.coverage import Status
from nosframe.checks.licences import redistribution_restricted
from nosframe.checks.repeats import listed_once
from nosframe.hookspecs import hookimpl
from nosframe.io import FormatError, Location
from nosframe.model import normalise_code
from nosframe.registry import Exporter, ExportResult

TEMPLATES = Path(__file__).parent / "templates"
STATUS_LABEL = {Status.COVERED: "covered", Status.OPTIONAL_ONLY: "optional only",
                Status.GAP: "gap", Status.EXTRA: "", Status.NONE: ""}


# -- what each document holds ---------------------------------------------------------------------


class _Withheld:
    """The elements whose text a document leaves out, for the note and the losses."""

    def __init__(self):
        self.items: dict[str, str] = {}  # "standard SFJAA1" -> licence

    def keep(self, kind: str, element) -> bool:
        if redistribution_restricted(element):
            name = getattr(element, "code", None) or element.id
            self.items[f"{kind} {name}"] = element.licence
            return False
        return True

    def note(self, kind: str, element) -> str:
        return (f"Text not included: it is published under “{element.licence}”, which does not "
                "allow it to be passed on. See the source.")

    def losses(self) -> tuple[str, ...]:
        return tuple(f"text of {what} (its licence {licence!r} does not allow passing it on; "
                     "the document says so where it is left out)"
                     for what, licence in self.items.items())


def _origin(composed, kind: str, key: str) -> str:
    prov = composed.provenance_of(kind, key)
    if prov is None:
        return ""
    text = str(prov.origin)
    if prov.origin.kind == "file":
        text = Path(prov.origin.name).name
    if prov.overrides:
        text += f"; changed by {Path(str(composed.root.origin.name)).name}" \
            if composed.root.origin.kind == "file" else "; changed by overrides"
    return text


def _level_names(fw) -> dict[int, str]:
    return {lv.number: lv.name for lv in fw.levels}


def _level_label(names: dict[int, str], number: int | None) -> str:
    if number is None:
        return ""
    return f"Level {number}" + (f" ({names[number]})" if names.get(number) else "")


def _standard(composed, standard, withheld: _Withheld) -> dict[str, Any]:
    kept = withheld.keep("standard", standard)
    facts = [(label, value) for label, value in (
        ("Suites", ", ".join(standard.suites)),
        ("Developed by", standard.developed_by),
        ("Validity", standard.validity.value if standard.validity.value != "current" else ""),
        ("Approved", str(standard.date_approved or "")),
        ("Indicative review date", str(standard.indicative_review_date or "")),
        ("Superseded by", standard.superseded_by),
    ) if value]
    groups = {g.code: g.title for g in standard.elements}

    def criteria(items):
        return [{"id": c.id, "text": c.text if kept else "",
                 "group": f"{c.element} {groups.get(c.element, '')}".strip() if c.element else ""}
                for c in items]

    text_note = ""
    if standard.text_origin.value == "paraphrase":
        text_note = "Criteria are paraphrased, not the published wording."
    elif standard.text_origin.value == "organisation":
        text_note = "Criteria are the organisation's own evidence statements, not NOS text."
    return {
        "code": standard.code, "key": standard.key, "title": standard.title,
        "anchor": "nos-" + _slug(standard.key),
        "overview": standard.overview if kept else "",
        "facts": facts, "source_url": standard.source_url, "licence": standard.licence,
        "text_note": text_note,
        "withheld": "" if kept else withheld.note("standard", standard),
        "performance": criteria(standard.performance), "knowledge": criteria(standard.knowledge),
        "origin": _origin(composed, "standard", standard.key),
    }


def _behaviour(composed, behaviour, names, withheld: _Withheld, values) -> dict[str, Any]:
    kept = withheld.keep("behaviour", behaviour)
    return {
        "id": behaviour.id, "name": behaviour.name or behaviour.id, "cluster": behaviour.cluster,
        "anchor": "behaviour-" + _slug(behaviour.id),
        "description": behaviour.description if kept else "",
        "source_url": behaviour.source_url,
        "withheld": "" if kept else withheld.note("behaviour", behaviour),
        "values": [values[v] for v in behaviour.values if v in values],
        "levels": [{"number": n, "label": _level_label(names, n),
                    "indicators": list(indicators) if kept else []}
                   for n, indicators in sorted(behaviour.levels.items())],
        "origin": _origin(composed, "behaviour", behaviour.id),
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _info(composed) -> dict[str, Any]:
    info = composed.framework.framework
    return {"id": info.id, "title": info.title or info.id, "organisation": info.organisation,
            "version": info.version, "status": info.status.value, "licence": info.licence,
            "description": info.description,
            # the file first, then what it extends ("file ← preset policing ← ...")
            "layers": [str(layer.origin) if layer.origin.kind != "file"
                       else Path(layer.origin.name).name for layer in reversed(composed.layers)]}


def _find_role(composed, role_id: str | None, option: str, document: str):
    fw = composed.framework
    roles = ", ".join(r.id for r in fw.roles) or "none"
    where = Location(file=str(composed.root.origin.name)
                     if composed.root.origin.kind == "file" else "")
    if not role_id:
        raise FormatError(f"--to {document} is about one role: give {option} ID",
                          location=where, hint=f"roles: {roles}")
    from nosframe.analysis.roles import find_role

    return find_role(fw, role_id, given=option, file=where.file or "")


def _role(composed, role, names, standards, behaviours, titles) -> dict[str, Any]:
    def listed(codes, optional):
        out = []
        for code in codes:
            s = standards.get(normalise_code(code))
            out.append({"code": s["code"] if s else code, "title": s["title"] if s else "",
                        "overview": s["overview"] if s else "", "optional": optional,
                        "anchor": s["anchor"] if s else "", "defined": s is not None})
        return out

    mandatory, optional = listed_once(role)
    return {
        "id": role.id, "title": role.title or role.id, "anchor": "role-" + _slug(role.id),
        "family": role.family, "level": role.level, "purpose": role.purpose,
        "responsibilities": list(role.responsibilities),
        # each standard once, a mandatory one only as mandatory (NF152 flags the repeats)
        "standards": listed(mandatory, False),
        "optional_standards": listed(optional, True),
        "behaviours": [{"id": bid, "name": behaviours[bid]["name"] if bid in behaviours else bid,
                        "anchor": behaviours[bid]["anchor"] if bid in behaviours else "",
                        "level": level, "level_label": _level_label(names, level),
                        "indicators": next((lv["indicators"] for lv in
                                            behaviours[bid]["levels"] if lv["number"] == level),
                                           []) if bid in behaviours else [],
                        "withheld": behaviours[bid]["withheld"] if bid in behaviours else "",
                        "source_url": behaviours[bid]["source_url"] if bid in behaviours
                        else ""}
                       for bid, level in role.behaviours.items()],
        "qualifications": list(role.qualifications),
        "progresses_to": [{"id": r, "title": titles.get(r, r), "anchor": "role-" + _slug(r)}
                          for r in role.progresses_to],
        "from": [{"id": r.id, "title": r.title or r.id}
                 for r in composed.framework.roles if role.id in r.progresses_to],
        "origin": _origin(composed, "role", role.id),
    }


def _common(composed, withheld: _Withheld) -> dict[str, Any]:
    fw = composed.framework
    names = _level_names(fw)
    values = {v.id: {"id": v.id, "name": v.name or v.id,
                     "description": v.description if withheld.keep("value", v) else "",
                     "withheld": "" if not redistribution_restricted(v)
                     else withheld.note("value", v),
                     "origin": _origin(composed, "value", v.id)} for v in fw.values}
    standards = {s.key: _standard(composed, s, withheld) for s in fw.standards}
    behaviours = {b.id: _behaviour(composed, b, names, withheld, values) for b in fw.behaviours}
    titles = {r.id: r.title or r.id for r in fw.roles}
    return {"info": _info(composed), "names": names, "values": values,
            "standards": standards, "behaviours": behaviours, "titles": titles,
            "levels": [{"number": lv.number, "name": lv.name, "description": lv.description}
                       for lv in fw.levels],
            "sources": [{"id": s.id, "title": s.title or s.id, "url": s.url,
                         "licence": s.licence, "notes": s.notes} for s in fw.sources],
            "generated": dt.date.today().isoformat(), "made_with": _made_with()}


def _made_with() -> str:
    from nosframe.analysis.people import made_with

    return made_with()


def framework_context(composed) -> tuple[dict[str, Any], _Withheld]:
    """What the framework document holds: everything, with provenance and licence notes."""
    withheld = _Withheld()
    ctx = _common(composed, withheld)
    fw = composed.framework
    ctx["roles"] = [_role(composed, r, ctx["names"], ctx["standards"], ctx["behaviours"],
                          ctx["titles"]) for r in fw.roles]
    targets = {**{f"behaviour:{k}": v["name"] for k, v in ctx["behaviours"].items()},
               **{f"value:{k}": v["name"] for k, v in ctx["values"].items()}}
    ctx["mappings"] = [{"standard": m.standard, "criteria": list(m.criteria),
                        "target": targets.get(f"behaviour:{m.behaviour}" if m.behaviour
                                              else f"value:{m.value}",
                                              m.behaviour or m.value),
                        "kind": "behaviour" if m.behaviour else "value", "note": m.note}
                       for m in fw.mappings]
    matrix = coverage_matrix(fw)
    ctx["matrix"] = {
        "behaviours": [ctx["behaviours"][b]["name"] for b in matrix.behaviours],
        "rows": [{"role": ctx["titles"][r],
                  "cells": [{"level": c.level or "", "status": c.status.value,
                             "label": STATUS_LABEL[c.status]}
                            for c in (matrix.cell(r, b) for b in matrix.behaviours)]}
                 for r in matrix.roles]}
    return ctx, withheld


def job_description_context(composed, role_id: str | None) -> tuple[dict[str, Any], _Withheld]:
    """A job description: the role's purpose, responsibilities, NOS, behaviours at its level
    with indicators, qualifications and progression."""
    role = _find_role(composed, role_id, "--role", "job-description")
    withheld = _Withheld()
    ctx = _common(composed, withheld)
    ctx["role"] = _role(composed, role, ctx["names"], ctx["standards"], ctx["behaviours"],
                        ctx["titles"])
    return ctx, withheld


def training_plan_context(composed, role_id: str | None,
                          from_role: str | None = None) -> tuple[dict[str, Any], _Withheld]:
    """A training plan: what to learn and evidence for ``role_id`` (from ``from_role``: only what
    it does not already require), grouped by NOS and behaviour."""
    target = _find_role(composed, role_id, "--role", "training-plan")
    current = _find_role(composed, from_role, "--from-role", "training-plan") \
        if from_role is not None else None
    if current is not None and current.id == target.id:
        raise FormatError(f"--from-role and --role are both {target.id!r}: a plan for moving "
                          "from a role to itself has nothing to learn",
                          hint="give the role a person holds now as --from-role, or leave it "
                               "out for everything the role requires")
    withheld = _Withheld()
    ctx = _common(composed, withheld)
    fw = composed.framework
    found = gap(fw, current.id if current else None, target.id)
    standards, behaviours, names = ctx["standards"], ctx["behaviours"], ctx["names"]
    ctx["role"] = {"id": target.id, "title": target.title or target.id}
    ctx["from_role"] = {"id": current.id, "title": current.title or current.id} \
        if current else None
    ctx["plan_standards"] = [
        {**(standards.get(g.key) or {"code": g.code, "title": "",
                                     "overview": "Not defined in the framework or in an "
                                                 "installed library: its title and criteria "
                                                 "are not known here.",
                                     "performance": [], "knowledge": [], "withheld": "",
                                     "source_url": "", "text_note": "",
                                     "anchor": "nos-" + _slug(g.key)}),
         "optional": g.optional, "defined": g.key in standards}
        for g in found.standards]
    plan_behaviours = []
    for g in found.behaviours:
        b = behaviours.get(g.behaviour)
        evidence = []
        for key, criteria, optional in g.evidence:
            s = standards.get(key)
            texts = {c["id"]: c["text"] for c in (s["performance"] + s["knowledge"])} if s else {}
            evidence.append({"code": s["code"] if s else key, "title": s["title"] if s else "",
                             "optional": optional,
                             "criteria": [{"id": c, "text": texts.get(c, "")} for c in criteria]})
        plan_behaviours.append({
            "id": g.behaviour, "name": b["name"] if b else g.behaviour,
            "from_level": g.from_level, "to_level": g.to_level,
            "from_label": _level_label(names, g.from_level),
            "to_label": _level_label(names, g.to_level),
            "indicators": next((lv["indicators"] for lv in b["levels"]
                                if lv["number"] == g.to_level), []) if b else [],
            "withheld": b["withheld"] if b else "",
            "source_url": b["source_url"] if b else "",
            "evidence": evidence})
    ctx["plan_behaviours"] = plan_behaviours
    ctx["qualifications"] = list(found.qualifications)
    ctx["empty"] = found.empty
    organisation = ctx["info"]["organisation"]
    to = ctx["role"]["title"]
    if current is not None:
        was = ctx["from_role"]["title"]
        ctx["subtitle"] = f"Moving from {was} to {to}"
        ctx["intro"] = (f"What a person moving from {was} to {to} needs to learn and evidence: "
                        "the standards and behaviour levels the new role requires that the "
                        "current one does not.")
    else:
        ctx["subtitle"] = f"What the role of {to} requires"
        ctx["intro"] = (f"Everything the role of {to} requires: the standards to meet and the "
                        "behaviours at their level.")
    ctx["subtitle"] += f" · {organisation}" if organisation else ""
    ctx["intro"] += (" Work through each section with your line manager and record where each "
                     "criterion and indicator is evidenced.")
    ctx["empty_note"] = (f"{to} requires nothing that "
                         f"{ctx['from_role']['title'] if current else 'the framework'} does not "
                         "already require.") if found.empty else ""
    return ctx, withheld


# -- documents about a person: development plan and audit ------------------------------------
# Made from a person record (nosframe.analysis.people) and the framework; never exporters of the
# framework (nosframe export cannot write them), because a person's record is personal data.

_STATE_LABELS = {"met": "met", "expiring": "expiring", "expired": "EXPIRED",
                 "missing": "missing"}


def _evidence_line(e: dict | None) -> str:
    """"observation by Sgt B on 2025-05-12 (PDR-1), until 2026-05-12" for a document."""
    if not e:
        return ""
    from nosframe.editing.present import NO_METHOD

    how = e["method"] or ("assessed" if e.get("level") is not None else NO_METHOD)
    text = f"{how} by {e['assessor'] or 'an unnamed assessor'} on {e['date']}"
    if e.get("level") is not None:
        text = f"level {e['level']}: " + text
    if e["reference"]:
        text += f" ({e['reference']})"
    if e["until"]:
        text += f", {'expired' if e['expired'] else 'valid until'} {e['until']}"
    else:
        text += ", no expiry"
    return text


def _person_common(composed, data: dict) -> dict[str, Any]:
    withheld = _Withheld()
    ctx = _common(composed, withheld)
    ctx["data"] = data
    ctx["state_labels"] = _STATE_LABELS
    ctx["generated"] = data["today"]
    for items in (data.get("criteria", []), data.get("behaviours", [])):
        for item in items:
            item["evidence_line"] = _evidence_line(item.get("evidence") or item.get("assessment"))
            also = item.get("also") or []
            if also:  # the record's other evidence of it: earlier or expired, kept for audit
                item["evidence_line"] += "; also recorded: " + "; ".join(
                    _evidence_line(h) for h in also)
    return ctx


def development_plan_context(composed, plan) -> dict[str, Any]:
    """An individual development plan (``nosframe plan``): what the person has to evidence for
    the role, grouped by standard and behaviour, with what expires soon."""
    from nosframe.analysis.people import plan_data

    data = plan_data(plan)
    ctx = _person_common(composed, data)
    for s in data["standards"]:
        for c in s["to_evidence"] + s["expiring"]:
            c["evidence_line"] = _evidence_line(c["evidence"])
    for b in data["behaviours"] + data["behaviours_expiring"]:
        b["evidence_line"] = _evidence_line(b["assessment"])
        b["required_label"] = _level_label(ctx["names"], b["required"])
    ctx["percent"] = round(100 * data["fit"])
    return ctx


def audit_context(composed, audit) -> dict[str, Any]:
    """An audit record (``nosframe audit``): each requirement with the evidence that meets it,
    or the gap, and the framework version and file hashes it was made against."""
    from nosframe.analysis.people import audit_data

    data = audit_data(audit)
    if data.get("record"):  # the person's record is one of the files to reproduce it from
        data["framework"]["files"] = data["framework"]["files"] + [data["record"]]
    ctx = _person_common(composed, data)
    for b in data["behaviours"]:
        b["required_label"] = _level_label(ctx["names"], b["required"])
    ctx["percent"] = round(100 * data["fit"])
    return ctx


# -- comparing two frameworks (nosframe compare) ----------------------------------------------


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def comparison_context(composed_a, composed_b, comparison) -> dict[str, Any]:
    """A comparison of two frameworks (``nosframe compare -o``): each role's best match in the
    other framework with the standards they share and what each requires that the other does
    not, every pair's score, and the alignment of values and behaviours
    (:mod:`nosframe.analysis.compare`)."""
    from nosframe.analysis.compare import comparison_data

    data = comparison_data(comparison)
    names = {"a": _info(composed_a), "b": _info(composed_b)}
    for p in data["pairs"]:
        for key in ("score", "a_to_b", "b_to_a"):
            p[key + "_label"] = _percent(p[key])
        from nosframe.analysis.compare import OWN_STATEMENTS

        # said once under the pair, not on every standard it applies to
        p["own_statements"] = OWN_STATEMENTS if any(
            s["note"] == OWN_STATEMENTS for s in p["shared"]) else ""
        for s in p["shared"]:  # what is said of a standard both roles require, in one line
            s["marked"] = s["note"] == OWN_STATEMENTS
            s["details"] = "; ".join(part for part in (
                f"{_percent(s['shared'])} of its criteria in common" if s["shared"] < 1 else "",
                "criteria only A records: " + ", ".join(s["criteria_only_a"])
                if s["criteria_only_a"] else "",
                "criteria only B records: " + ", ".join(s["criteria_only_b"])
                if s["criteria_only_b"] else "",
                "" if s["marked"] else s["note"]) if part)
    by_pair = {(p["a"], p["b"]): p for p in data["pairs"]}
    shown = [by_pair[(best.a, best.b)] for best in comparison.best_pairs()]
    layers = " and ".join(" ← ".join(n["layers"]) for n in names.values())
    info = {"id": f"{comparison.a}-{comparison.b}",
            "title": f"{comparison.a_title} compared with {comparison.b_title}",
            "organisation": "", "version": "", "status": "comparison", "licence": "",
            "description": "", "layers": [layers]}
    return {"info": info, "a": names["a"], "b": names["b"], "data": data, "shown": shown,
            "generated": dt.date.today().isoformat(), "made_with": _made_with()}


# -- rendering ------------------------------------------------------------------------------------


def _md_safe(value: Any) -> Any:
    """The context for Markdown: no raw HTML gets through the framework's text (``<`` is
    written as an entity); the templates' own markup is left alone."""
    if isinstance(value, str):
        return value.replace("<", "&lt;")
    if isinstance(value, dict):
        return {k: _md_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_md_safe(v) for v in value)
    return value


@functools.cache
def _environment(kind: str):
    import jinja2

    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    if kind == "html":
        env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True,
                                 lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    else:
        env = jinja2.Environment(loader=loader, autoescape=False, trim_blocks=True,
                                 lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                 finalize=lambda v: "" if v is None else v)
    env.filters["cell"] = lambda v: " ".join(str(v).split()).replace("|", "\\|")
    return env


def render(document: str, form: str, ctx: dict[str, Any]) -> str | bytes:
    """``document`` (framework, job-description, training-plan, development-plan, audit,
    comparison) as
    ``form`` (html, md, docx)."""
    if form == "docx":
        from nosframe.formats.word import write_docx

        return write_docx(document, ctx)
    kind = "html" if form == "html" else "md"
    text = _environment(kind).get_template(f"{document}.{kind}.j2").render(
        **(ctx if kind == "html" else _md_safe(ctx)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _losses(withheld: _Withheld, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    return extra + withheld.losses()


def export_framework(composed, form: str = "html") -> ExportResult:
    ctx, withheld = framework_context(composed)
    extra = ("override and layer structure is flattened (each element says where it came "
             "from; the json export has the full provenance)",)
    return ExportResult(render("framework", form, ctx), _losses(withheld, extra))


def export_html(composed) -> ExportResult:
    return export_framework(composed, "html")


def export_job_description(composed, role: str | None = None,
                           form: str = "html") -> ExportResult:
    ctx, withheld = job_description_context(composed, role)
    return ExportResult(render("job-description", form, ctx), _losses(withheld))


def export_training_plan(composed, role: str | None = None, from_role: str | None = None,
                         form: str = "html") -> ExportResult:
    ctx, withheld = training_plan_context(composed, role, from_role)
    return ExportResult(render("training-plan", form, ctx), _losses(withheld))


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("html", "The framework as one self-contained HTML document (prints "
                      "cleanly)", ".html", export_html))
    register(Exporter("framework", "The framework as a document: html or md (--as)", ".html",
                      export_framework, forms=("html", "md")))
    register(Exporter("job-description", "A job description for one role (--role): html, md "
                      "or docx", ".html", export_job_description, options=("role",),
                      forms=("html", "md", "docx")))
    register(Exporter("training-plan", "A training plan for a role (--role), or for moving "
                      "to it from another (--from-role): html, md or docx", ".html",
                      export_training_plan, options=("role", "from_role"),
                      forms=("html", "md", "docx")))
