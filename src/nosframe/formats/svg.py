"""Pictures a person looks at, as hand-written SVG (no drawing library): the progression
ladder (``ladder-svg``: roles in rungs along ``progresses_to``, entry roles at the bottom) and
the coverage matrix (``coverage-svg``: each role against each behaviour, coloured by whether
its standards' mapped criteria evidence the level it needs).

Every text is escaped; a role's or behaviour's whole title is in a ``<title>`` (a tooltip)
when the drawn one is cut.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from nosframe.analysis.coverage import Status, coverage_matrix
from nosframe.analysis.ladder import ladder
from nosframe.compose import Composed
from nosframe.hookspecs import hookimpl
from nosframe.model import Framework
from nosframe.registry import Exporter, ExportResult

FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT} font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *body, "</svg>", ""])


# -- the ladder --------------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN, HEAD = 220, 48, 28, 56, 24, 60


def ladder_svg(framework: Framework) -> str:
    found = ladder(framework)
    roles = {r.id: r for r in framework.roles}
    rows = [list(rung) for rung in found.rungs]
    if found.apart:
        rows.append([])  # a gap, then the roles apart on a row of their own
    widest = max([len(r) for r in rows] + [len(found.apart), 1])
    heading = _cut(framework.framework.title or framework.id, 80) + ": progression"
    width = max(MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X, 420,
                MARGIN * 2 + len(heading) * 10)
    ladder_rows = len(found.rungs)
    height = HEAD + MARGIN + (ladder_rows + (2 if found.apart else 0)) * (BOX_H + GAP_Y)
    place: dict[str, tuple[int, int]] = {}

    def row_y(index_from_top: int) -> int:
        return HEAD + MARGIN + index_from_top * (BOX_H + GAP_Y)

    def lay(row: list[str], y: int) -> None:
        used = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x = (width - used) // 2
        for role in row:
            place[role] = (x, y)
            x += BOX_W + GAP_X

    for n, rung in enumerate(found.rungs):  # entry rung at the bottom of the ladder
        lay(list(rung), row_y(ladder_rows - 1 - n))
    if found.apart:
        lay(list(found.apart), row_y(ladder_rows + 1) - GAP_Y // 2)
    body = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#475569"/></marker></defs>',
        f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="17" font-weight="600" '
        f'fill="#0f172a">{escape(heading)}</text>',
        f'<text x="{MARGIN}" y="{MARGIN + 26}" fill="#64748b">'
        "entry roles at the bottom; an arrow: progresses to</text>"]
    # each box's arrows leave and arrive spread along its edge, in the order of the other end
    outs: dict[str, list[str]] = {}
    ins: dict[str, list[str]] = {}
    for a, b in found.edges:
        outs.setdefault(a, []).append(b)
        ins.setdefault(b, []).append(a)
    for ends in (*outs.values(), *ins.values()):
        ends.sort(key=lambda r: place[r][0])

    def spread(role: str, others: list[str], other: str) -> int:
        n, i = len(others), others.index(other)
        return place[role][0] + BOX_W // 2 + (0 if n == 1 else
                                               int((i / (n - 1) - 0.5) * BOX_W * 0.6))
    for a, b in found.edges:
        (ax, ay), (bx, by) = place[a], place[b]
        x1, x2 = spread(a, outs[a], b), spread(b, ins[b], a)
        if by < ay:  # up the ladder
            y1, y2 = ay, by + BOX_H
        elif by > ay:
            y1, y2 = ay + BOX_H, by
        else:  # the same rung (a cycle): side to side
            y1 = y2 = ay + BOX_H // 2
            x1, x2 = (ax + BOX_W, bx) if bx > ax else (ax, bx + BOX_W)
        body.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2 + (2 if y2 > y1 else -2)}" '
                    'stroke="#475569" stroke-width="1.6" marker-end="url(#arrow)">'
                    f"<title>{escape(a)} progresses to {escape(b)}</title></line>")
    if found.apart:
        y = place[found.apart[0]][1] - 14
        body.append(f'<text x="{MARGIN}" y="{y}" fill="#64748b">roles with no progression '
                    "to or from them</text>")
    for role_id, (x, y) in place.items():
        role = roles[role_id]
        title = role.title or role.id
        shown = _cut(title, 27)
        sub = " · ".join(part for part in (role.family, role.level) if part)
        body.append(
            f'<g class="role" data-role="{_attr(role.id)}">'
            f"<title>{escape(title)} ({escape(role.id)})</title>"
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="7" fill="#eff6ff" '
            'stroke="#1d4ed8" stroke-width="1.4"/>'
            f'<text x="{x + BOX_W // 2}" y="{y + 20}" text-anchor="middle" font-weight="600" '
            f'fill="#0f172a">{escape(shown)}</text>'
            f'<text x="{x + BOX_W // 2}" y="{y + 37}" text-anchor="middle" font-size="11" '
            f'fill="#475569">{escape(_cut(sub or role.id, 30))}</text></g>')
    if not place:
        body.append(f'<text x="{MARGIN}" y="{HEAD + MARGIN + 10}" fill="#64748b">'
                    "no roles</text>")
    return _svg(width, height, body, f"{framework.framework.title or framework.id}: "
                                     "progression ladder")


# -- the coverage matrix -----------------------------------------------------------------------

CELL, ROW_LABEL, COL_HEAD = 34, 240, 200
COLOURS = {Status.COVERED: ("#16a34a", "covered: a mandatory standard's criteria evidence it"),
           Status.OPTIONAL_ONLY: ("#f59e0b", "evidenced only through optional standards"),
           Status.GAP: ("#dc2626", "gap: needed, nothing evidences it"),
           Status.EXTRA: ("#bfdbfe", "not needed, but evidenced"),
           Status.NONE: ("#f1f5f9", "not needed")}


def coverage_svg(framework: Framework) -> str:
    matrix = coverage_matrix(framework)
    roles = {r.id: r for r in framework.roles}
    names = {b.id: b.name or b.id for b in framework.behaviours}
    cols, rows = len(matrix.behaviours), len(matrix.roles)
    top = HEAD + COL_HEAD
    heading = _cut(framework.framework.title or framework.id, 70) + ": coverage"
    width = max(MARGIN * 2 + ROW_LABEL + cols * CELL + 150, 640,
                MARGIN * 2 + len(heading) * 10)
    legend_y = top + rows * CELL + 28
    height = legend_y + len(COLOURS) * 22 + MARGIN
    body = [
        f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="17" font-weight="600" '
        f'fill="#0f172a">{escape(heading)}</text>',
        f'<text x="{MARGIN}" y="{MARGIN + 26}" fill="#64748b">each role against each '
        "behaviour; the number is the level needed</text>",
        f'<text x="{MARGIN}" y="{MARGIN + 44}" fill="#64748b">'
        f"{round(matrix.ratio * 100)}% of needs covered by mandatory standards</text>"]
    for n, behaviour in enumerate(matrix.behaviours):
        x = MARGIN + ROW_LABEL + n * CELL + CELL // 2 + 4
        name = names.get(behaviour, behaviour)
        body.append(f'<text x="{x}" y="{top - 8}" transform="rotate(-50 {x} {top - 8})" '
                    f'fill="#0f172a"><title>{escape(name)} ({escape(behaviour)})</title>'
                    f"{escape(_cut(name, 28))}</text>")
    for r, role_id in enumerate(matrix.roles):
        y = top + r * CELL
        title = roles[role_id].title or role_id
        body.append(f'<g class="role" data-role="{_attr(role_id)}">'
                    f'<text x="{MARGIN + ROW_LABEL - 10}" y="{y + CELL // 2 + 5}" '
                    f'text-anchor="end" fill="#0f172a"><title>{escape(title)} '
                    f"({escape(role_id)})</title>{escape(_cut(title, 32))}</text></g>")
        for c, behaviour in enumerate(matrix.behaviours):
            cell = matrix.cell(role_id, behaviour)
            colour, meaning = COLOURS[cell.status]
            x = MARGIN + ROW_LABEL + c * CELL
            evidence = "; ".join(f"{s} {' '.join(cr)}" + (" (optional)" if opt else "")
                                 for s, cr, opt in cell.evidence)
            tip = f"{title} / {names.get(behaviour, behaviour)}: {meaning}" + \
                (f" (level {cell.level})" if cell.level is not None else "") + \
                (f"; {evidence}" if evidence else "")
            body.append(f'<g><title>{escape(tip)}</title><rect x="{x + 1}" y="{y + 1}" '
                        f'width="{CELL - 2}" height="{CELL - 2}" rx="4" fill="{colour}"/>')
            if cell.level is not None:
                ink = "#ffffff" if cell.status in (Status.COVERED, Status.GAP) else "#0f172a"
                body.append(f'<text x="{x + CELL // 2}" y="{y + CELL // 2 + 5}" '
                            f'text-anchor="middle" font-weight="600" fill="{ink}">'
                            f"{cell.level}</text>")
            body.append("</g>")
    for n, (status, (colour, meaning)) in enumerate(COLOURS.items()):
        y = legend_y + n * 22
        body.append(f'<rect x="{MARGIN}" y="{y}" width="16" height="16" rx="3" '
                    f'fill="{colour}" stroke="#cbd5e1"/><text x="{MARGIN + 24}" y="{y + 13}" fill="#334155">'
                    f"{escape(meaning)}</text>")
    return _svg(width, height, body, f"{framework.framework.title or framework.id}: coverage")


def export_ladder(composed: Composed) -> ExportResult:
    return ExportResult(ladder_svg(composed.framework),
                        losses=("only roles and progression are drawn",))


def export_coverage(composed: Composed) -> ExportResult:
    return ExportResult(coverage_svg(composed.framework),
                        losses=("which criteria evidence a cell is in its tooltip only",))


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("ladder-svg", "The progression ladder as an SVG picture", ".svg",
                      export_ladder))
    register(Exporter("coverage-svg", "The coverage matrix (roles x behaviours) as an SVG "
                                      "picture", ".svg", export_coverage))


__all__ = ["coverage_svg", "export_coverage", "export_ladder", "ladder_svg"]
