"""Markdown export: a readable document of the composed framework (one-way)."""

from __future__ import annotations

from nosframe.analysis import coverage_matrix, role_profile
from nosframe.analysis.coverage import Status
from nosframe.hookspecs import hookimpl
from nosframe.registry import Exporter, ExportResult


def export_markdown(composed) -> ExportResult:
    fw = composed.framework
    info = fw.framework
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
            for level, indicators in b.levels.items():
                out.append(f"- Level {level}: " + "; ".join(indicators))
            out.append("")
    if fw.standards:
        out += ["", "## Standards", ""]
        for s in fw.standards:
            prov = composed.provenance_of("standard", s.key)
            out += [f"### {s.code} {s.title}", ""]
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
    for role in fw.roles:
        out += ["", role_profile(fw, role.id).replace("# ", "## ", 1)]
    matrix = coverage_matrix(fw)
    if matrix.roles and matrix.behaviours:
        out += ["", "## Coverage", "", "| role | " + " | ".join(matrix.behaviours) + " |",
                "| --- |" + " --- |" * len(matrix.behaviours)]
        marks = {Status.COVERED: "ok", Status.OPTIONAL_ONLY: "optional", Status.GAP: "GAP",
                 Status.EXTRA: "", Status.NONE: ""}
        for role in matrix.roles:
            cells = []
            for b in matrix.behaviours:
                cell = matrix.cell(role, b)
                cells.append(f"{cell.level} {marks[cell.status]}".strip() if cell.level else "")
            out.append(f"| {role} | " + " | ".join(cells) + " |")
    losses = ("override and layer structure is flattened (see provenance in the json export)",
              "mapping notes, source URLs of values and behaviours, unconfirmed-field marks")
    return ExportResult("\n".join(out).rstrip() + "\n", losses)


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("markdown", "Markdown document (one-way)", ".md", export_markdown))
