"""Markdown export: a readable document of the composed framework (one-way).

One heading level per level of the document: ``#`` the framework, ``##`` each part (Levels,
Values, Behaviours, Standards, Roles, Mappings, Coverage), ``###`` each element in it, ``####``
a role's sections. Elements are named by their titles (ids only where they have none).
"""

from __future__ import annotations

from nosframe.analysis import coverage_matrix, role_profile
from nosframe.analysis.coverage import Status
from nosframe.hookspecs import hookimpl
from nosframe.model import normalise_code
from nosframe.registry import Exporter, ExportResult


def _cell(text: str) -> str:
    """Text for a table cell: a pipe would end the cell, a newline the row."""
    return " ".join(str(text).split()).replace("|", "\\|")


def export_markdown(composed) -> ExportResult:
    fw = composed.framework
    info = fw.framework
    level_names = {lv.number: lv.name for lv in fw.levels}
    behaviour_names = {b.id: b.name or b.id for b in fw.behaviours}
    value_names = {v.id: v.name or v.id for v in fw.values}
    role_titles = {r.id: r.title or r.id for r in fw.roles}
    standards = {s.key: s for s in fw.standards}

    out = [f"# {info.title or info.id}", ""]
    for name, value in (("Organisation", info.organisation), ("Version", info.version),
                        ("Status", info.status.value), ("Licence", info.licence)):
        if value:
            out.append(f"**{name}:** {value}  ")
    if info.description:
        out += ["", info.description]
    if fw.levels:
        out += ["", "## Levels", ""] + [f"{lv.number}. **{lv.name}** {lv.description}".rstrip()
                                        for lv in fw.levels]
    if fw.values:
        out += ["", "## Values", ""]
        out += [f"- **{v.name or v.id}** {v.description}".rstrip() for v in fw.values]
    if fw.behaviours:
        out += ["", "## Behaviours", ""]
        for b in fw.behaviours:
            out += [f"### {b.name or b.id}" + (f" ({b.cluster})" if b.cluster else ""), ""]
            if b.description:
                out += [b.description, ""]
            if b.values:
                out += ["Expresses: " + ", ".join(value_names.get(v, v) for v in b.values), ""]
            for level, indicators in b.levels.items():  # one item per indicator, as written
                name = level_names.get(level)
                out.append(f"- Level {level}" + (f" ({name})" if name else "") + ":")
                out += [f"  - {indicator}" for indicator in indicators]
            if b.levels:
                out.append("")
    if fw.standards:
        out += ["", "## Standards", ""]
        for s in fw.standards:
            prov = composed.provenance_of("standard", s.key)
            out += [f"### {s.code} {s.title}".rstrip(), ""]
            if s.suites:
                out.append(f"Suites: {', '.join(s.suites)}  ")
            if prov:
                out.append(f"From: {prov.origin}  ")
            if s.text_origin.value != "none":
                out.append(f"Text: {s.text_origin.value}" + (f" ({s.licence})" if s.licence
                                                              else "") + "  ")
            for c in s.criteria:
                out.append(f"- {c.id} {c.text}".rstrip())
            out.append("")
    if fw.roles:
        out += ["", "## Roles"]
        for role in fw.roles:
            out += ["", role_profile(fw, role.id, depth=3).rstrip()]
    if fw.mappings:
        out += ["", "## Mappings", "", "Which criteria of each standard evidence which behaviour "
                "or value.", ""]
        for m in fw.mappings:
            standard = standards.get(normalise_code(m.standard))
            title = f" {standard.title}" if standard and standard.title else ""
            target = (f"behaviour **{behaviour_names.get(m.behaviour, m.behaviour)}**"
                      if m.behaviour else f"value **{value_names.get(m.value, m.value)}**")
            criteria = ", ".join(m.criteria) or "(no criteria)"
            out.append(f"- **{m.standard}**{title}: {criteria} evidence {target}")
            if m.note:
                out.append(f"  {' '.join(m.note.split())}")
    matrix = coverage_matrix(fw)
    if matrix.roles and matrix.behaviours:
        out += ["", "## Coverage", "",
                "Each role's required level of each behaviour, and whether its standards' "
                "mapped criteria evidence it (ok), only its optional standards' do (optional), "
                "or none do (GAP).", "",
                "| role | " + " | ".join(_cell(behaviour_names[b]) for b in matrix.behaviours)
                + " |",
                "| --- |" + " --- |" * len(matrix.behaviours)]
        marks = {Status.COVERED: "ok", Status.OPTIONAL_ONLY: "optional", Status.GAP: "GAP",
                 Status.EXTRA: "", Status.NONE: ""}
        for role in matrix.roles:
            cells = []
            for b in matrix.behaviours:
                cell = matrix.cell(role, b)
                cells.append(f"{cell.level} {marks[cell.status]}".strip()
                             if cell.level is not None else "")
            out.append(f"| {_cell(role_titles[role])} | " + " | ".join(cells) + " |")
    losses = ("override and layer structure is flattened (see provenance in the json export)",
              "source URLs of values and behaviours, unconfirmed-field marks")
    return ExportResult("\n".join(out).rstrip() + "\n", losses)


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("markdown", "Markdown document (one-way)", ".md", export_markdown))
