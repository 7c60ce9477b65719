"""Excel workbooks (.xlsx) both ways: a default plugin, like the JSON and Markdown formats.

``export --to xlsx`` writes the composed framework as a workbook a person reads and edits
(:mod:`.write`); ``import --from xlsx`` reads the same layout back (:mod:`.read`), into a new
framework (``-o``) or, through the editing engine, into an existing one (``--into``: the CLI
previews the changes :func:`nosframe.editing.update.plan_update` computes). ``nosframe template
xlsx`` is the export of an empty framework. The layout is one table, :mod:`.layout`;
docs/formats.md describes it.
"""

from __future__ import annotations

from attrs import evolve

from nosframe.hookspecs import hookimpl
from nosframe.registry import Exporter, ExportResult, Importer


def origin_text(composed, kind: str, key: str) -> tuple[str, bool]:
    """The Origin column of an element's rows, and whether it is inherited."""
    prov = composed.provenance_of(kind, key)
    own_layer = len(composed.layers) - 1
    if prov is None or (prov.layer == own_layer and prov.origin.kind in ("file", "memory")):
        return "own", False
    if prov.origin.kind == "library":
        return f"library: {prov.origin.name}", True
    text = f"inherited: {prov.origin.kind} {prov.origin.name}"
    if own_layer in prov.changed_by or any(src.layer == own_layer for src in prov.fields):
        text += ", changed here"
    elif prov.overridden:
        text += ", overridden"
    return text, True


def flattened_losses(composed) -> tuple[str, ...]:
    """What a flattened workbook leaves out, naming the elements: the overrides (applied in
    the rows), the records of library standards and the acknowledged findings."""
    out = []
    for layer in composed.layers:
        fw = layer.document.framework
        where = "the file" if layer is composed.layers[-1] else \
            f"{layer.origin.kind} {layer.origin.name}"
        if fw.overrides:
            out.append(f"overrides of {where} are applied in the rows, not listed: " + ", ".join(
                f"{o.action.value} {o.target}" for o in fw.overrides))
        if layer is composed.layers[-1]:
            if fw.library_lock:
                out.append("records of library standards ([[library_lock]]), on no sheet "
                           "(the export record keeps them for import): "
                           + ", ".join(e.standard.code for e in fw.library_lock))
            if fw.acknowledged:
                out.append("acknowledged findings ([[acknowledged]]): " + ", ".join(
                    f"{a.code} on {a.element}" if a.element else a.code
                    for a in fw.acknowledged))
    if composed.framework.framework.extensions:
        out.append("data of other formats kept in [framework.extensions] ("
                   + ", ".join(sorted(composed.framework.framework.extensions))
                   + "): not in the workbook; --into keeps the file's")
    return tuple(out)


def licence_notes(framework) -> tuple[str, ...]:
    """The elements whose verbatim text is under a licence restricting redistribution. The
    workbook is a working copy of the framework (like the JSON export) and keeps their text, so
    that editing it and importing it back loses nothing; its About sheet names them, so it is
    not passed on as it is."""
    from nosframe.checks.licences import redistribution_restricted

    return tuple(f"{kind} {getattr(e, 'code', None) or e.id}: verbatim text under "
                 f"'{e.licence}'"
                 for kind, items in (("standard", framework.standards),
                                     ("behaviour", framework.behaviours),
                                     ("value", framework.values))
                 for e in items if redistribution_restricted(e))


def export_xlsx(composed) -> ExportResult:
    from nosframe.formats.xlsx.write import build

    framework = composed.framework
    blank = not any(getattr(framework, a) for a in ("roles", "behaviours", "values",
                                                    "standards", "levels", "mappings"))
    source = composed.layers[-1].origin.name if composed.layers else ""
    flat = evolve(framework, overrides=(), library_lock=(), acknowledged=())
    content, losses = build(flat, lambda kind, key: origin_text(composed, kind, key),
                            source=source.rsplit("/", 1)[-1],
                            extra_losses=flattened_losses(composed), blank=blank,
                            licence_notes=licence_notes(flat),
                            library=library_records(composed))
    return ExportResult(content, losses)


def library_records(composed) -> tuple:
    """A record (:class:`~nosframe.model.LockedStandard`) of each standard the framework takes
    from a library: the file's own (``[[library_lock]]``), else one made of the library's copy.
    The workbook's export record keeps them, so that ``import -o`` of the workbook records
    those standards again instead of defining them in the new file."""
    from nosframe.model import LockedStandard

    recorded = {entry.key: entry for layer in composed.layers
                for entry in layer.document.framework.library_lock}
    out = []
    for standard in composed.framework.standards:
        prov = composed.provenance_of("standard", standard.key)
        if prov is not None and prov.origin.kind == "library":
            out.append(recorded.get(standard.key)
                       or LockedStandard(standard, library=prov.origin.name))
    return tuple(out)


def import_xlsx(path):
    from nosframe.formats.xlsx.read import read_workbook

    return read_workbook(path)


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("xlsx", "Excel workbook (.xlsx) to read and edit; import --from xlsx "
                              "reads it back", ".xlsx", export_xlsx))


@hookimpl
def nosframe_importers(register) -> None:
    register(Importer("xlsx", "Excel workbook (.xlsx) in the layout export --to xlsx writes",
                      import_xlsx, suffixes=(".xlsx",)))
