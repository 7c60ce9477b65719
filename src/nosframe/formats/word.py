"""Word (.docx) forms of the documents about a role, written with python-docx from the same
context as the HTML and Markdown templates (:mod:`nosframe.formats.documents`), in Word's own
styles (Title, Heading 1-3, List Bullet, Table Grid) so HR teams can edit them as usual."""

from __future__ import annotations

import io
from typing import Any

HEADER_FILL = "E8EDF4"


def _document(title: str, subtitle: str, ctx: dict[str, Any]):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    props = doc.core_properties
    props.title = title
    props.subject = subtitle
    props.author = ctx["info"]["organisation"] or "nosframe"
    props.comments = f"Made with nosframe from {ctx['info']['title']}"
    doc.add_heading(title, level=0)
    doc.add_paragraph(subtitle, style="Subtitle")
    return doc


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(doc, header: list[str] | None, rows: list[list[str]], widths: list[float] = ()):
    from docx.shared import Cm

    table = doc.add_table(rows=0, cols=len(header or rows[0]))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            _shade(cell, HEADER_FILL)
        _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = str(text)
    if widths:  # Word reads the cells' widths, LibreOffice the grid's: set both
        table.autofit = False
        for i, width in enumerate(widths):
            table.columns[i].width = Cm(width)
            for row in table.rows:
                row.cells[i].width = Cm(width)
    doc.add_paragraph()
    return table


def _facts(doc, pairs) -> None:
    shown = [(label, str(value)) for label, value in pairs if value]
    if not shown:
        return
    table = _table(doc, None, shown, widths=(4.5, 12))
    for row in table.rows:
        row.cells[0].paragraphs[0].runs[0].bold = True
        _shade(row.cells[0], HEADER_FILL)


def _note(doc, text: str, link: str = "", url: str = "") -> None:
    """An italic note; ``link`` (text) becomes a hyperlink to ``url`` after it."""
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    if link and url:
        _hyperlink(paragraph, url, link)
        paragraph.add_run(".").italic = True


def _hyperlink(paragraph, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", "1F4E8C"), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        props.append(element)
    props.append(OxmlElement("w:i"))
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _bullets(doc, items, style: str = "List Bullet") -> None:
    for item in items:
        doc.add_paragraph(str(item), style=style)


def _indicator_note(doc, b: dict[str, Any]) -> None:
    if b.get("source_url"):
        _note(doc, "Indicators are not reproduced in this framework: see the ",
              "published behaviour", b["source_url"])
    else:
        _note(doc, "No indicators recorded at this level.")


def _footer(doc, ctx) -> None:
    info = ctx["info"]
    text = (f"{info['title']}" + (f", version {info['version']}" if info["version"] else "")
            + f" ({info['status']})" + (f", {info['organisation']}" if info["organisation"]
                                       else "")
            + f". Made with {ctx['made_with']} on {ctx['generated']} from "
            + " ← ".join(info["layers"]) + ".")
    if info["licence"]:
        text += (f" Licence of the framework's own text: {info['licence']}. Text whose licence "
                 "does not allow passing it on is left out, with a note where it would be.")
    _note(doc, text)


def _job_description(ctx: dict[str, Any]):
    role, info = ctx["role"], ctx["info"]
    doc = _document(role["title"], "Job description" + (f" · {info['organisation']}"
                                                         if info["organisation"] else ""), ctx)
    _facts(doc, [("Job family", role["family"]), ("Grade", role["level"]),
                 ("Framework", info["title"] + (f", version {info['version']}"
                                                if info["version"] else "")),
                 ("Progresses from", ", ".join(r["title"] for r in role["from"])),
                 ("Progresses to", ", ".join(r["title"] for r in role["progresses_to"]))])
    doc.add_heading("Purpose of the role", level=1)
    doc.add_paragraph(role["purpose"] or "Not recorded in the framework.")
    if role["responsibilities"]:
        doc.add_heading("Key responsibilities", level=1)
        _bullets(doc, role["responsibilities"])
    doc.add_heading("National Occupational Standards the role must meet", level=1)
    if role["standards"]:
        _table(doc, ["NOS", "Title"],
               [[s["code"], s["title"] or "(not defined in the framework)"]
                for s in role["standards"]], widths=(3, 13.5))
    else:
        _note(doc, "None recorded.")
    if role["optional_standards"]:
        doc.add_heading("Optional standards", level=2)
        doc.add_paragraph("Standards the role may also hold, depending on the post.")
        _table(doc, ["NOS", "Title"],
               [[s["code"], s["title"] or "(not defined in the framework)"]
                for s in role["optional_standards"]], widths=(3, 13.5))
    doc.add_heading("Behaviours", level=1)
    if role["behaviours"]:
        doc.add_paragraph("The role needs each behaviour at the level shown; the indicators "
                          "describe what that looks like.")
        for b in role["behaviours"]:
            doc.add_heading(f"{b['name']} · {b['level_label']}", level=2)
            if b["withheld"]:
                _note(doc, b["withheld"])
            elif b["indicators"]:
                _bullets(doc, b["indicators"])
            else:
                _indicator_note(doc, b)
    else:
        _note(doc, "None recorded.")
    doc.add_heading("Qualifications", level=1)
    if role["qualifications"]:
        _bullets(doc, role["qualifications"])
    else:
        _note(doc, "None recorded in the framework.")
    doc.add_heading("Progression", level=1)
    if role["progresses_to"]:
        doc.add_paragraph("From this role people move on to:")
        _bullets(doc, [r["title"] for r in role["progresses_to"]])
    else:
        _note(doc, "No progression recorded from this role.")
    if role["from"]:
        doc.add_paragraph("People usually come to this role from: "
                          + ", ".join(r["title"] for r in role["from"]) + ".")
    _footer(doc, ctx)
    return doc


def _criteria_table(doc, items, caption: str) -> None:
    if not items:
        return
    doc.add_heading(caption, level=3)
    table = _table(doc, ["Id", "Criterion", "Evidenced"],
                   [[c["id"], c["text"] or "(text not recorded)", ""] for c in items],
                   widths=(2.2, 11.3, 3))
    # a row naming the criteria group (NOS element) above its first criterion, as in HTML
    previous, rows = "", [row._tr for row in table.rows[1:]]
    for row, c in zip(rows, items):
        if c["group"] and c["group"] != previous:
            new = table.add_row()
            row.addprevious(new._tr)  # moved above the group's first criterion
            cell = new.cells[0].merge(new.cells[2])
            cell.text = ""
            cell.paragraphs[0].add_run(c["group"]).bold = True
            _shade(cell, "E6EEF9")
        previous = c["group"]


def _training_plan(ctx: dict[str, Any]):
    info = ctx["info"]
    doc = _document(f"Training plan: {ctx['role']['title']}", ctx["subtitle"], ctx)
    doc.add_paragraph(ctx["intro"])
    _facts(doc, [("Standards to meet", len(ctx["plan_standards"])),
                 ("Behaviours to develop", len(ctx["plan_behaviours"])),
                 ("Qualifications", len(ctx["qualifications"])),
                 ("Framework", info["title"] + (f", version {info['version']}"
                                                if info["version"] else ""))])
    if ctx["empty"]:
        _note(doc, ctx["empty_note"])
    if ctx["plan_standards"]:
        doc.add_heading("Standards (NOS) to meet", level=1)
        for s in ctx["plan_standards"]:
            doc.add_heading(f"{s['code']} {s['title']}".strip()
                            + (" (optional)" if s["optional"] else ""), level=2)
            if s["withheld"]:
                _note(doc, s["withheld"])
            if s["overview"]:
                doc.add_paragraph(s["overview"])
            _criteria_table(doc, s["performance"], "Performance criteria")
            _criteria_table(doc, s["knowledge"], "Knowledge and understanding")
            if not s["performance"] and not s["knowledge"]:
                if s["source_url"]:
                    _note(doc, "The framework records no criteria for this standard: see the ",
                          "published standard", s["source_url"])
                else:
                    _note(doc, "The framework records no criteria for this standard.")
            elif s["text_note"]:
                _note(doc, s["text_note"])
    if ctx["plan_behaviours"]:
        doc.add_heading("Behaviours to develop", level=1)
        for b in ctx["plan_behaviours"]:
            levels = (f"{b['from_label']} → " if b["from_level"] else "") + b["to_label"]
            doc.add_heading(f"{b['name']} · {levels}", level=2)
            doc.add_heading("Indicators to evidence", level=3)
            if b["withheld"]:
                _note(doc, b["withheld"])
            elif b["indicators"]:
                _table(doc, ["Indicator", "Evidenced"], [[i, ""] for i in b["indicators"]],
                       widths=(13.5, 3))
            else:
                _indicator_note(doc, b)
            doc.add_heading("Criteria of the role's standards that evidence it", level=3)
            if b["evidence"]:
                for e in b["evidence"]:
                    doc.add_paragraph(f"{e['code']} {e['title']}".strip()
                                      + (" (optional)" if e["optional"] else ""),
                                      style="List Bullet")
                    _bullets(doc, [f"{c['id']}: {c['text']}" if c["text"] else c["id"]
                                   for c in e["criteria"]], style="List Bullet 2")
            else:
                _note(doc, "No criteria of the role's standards are mapped to this behaviour "
                      "yet.")
    if ctx["qualifications"]:
        doc.add_heading("Qualifications to gain", level=1)
        _bullets(doc, ctx["qualifications"])
    _footer(doc, ctx)
    return doc


def _person_facts(doc, ctx, extra) -> None:
    data, info = ctx["data"], ctx["info"]
    _facts(doc, [("Person", data["person"]["id"])] + extra + [
        ("Requirements met", f"{data['met']} of {data['total']} ({ctx['percent']}%)"),
        ("As of", data["today"]),
        ("Framework", info["title"] + (f", version {info['version']}" if info["version"]
                                       else ""))])


def _development_plan(ctx: dict[str, Any]):
    data, labels = ctx["data"], ctx["state_labels"]
    who = data["person"]["name"] or data["person"]["id"]
    doc = _document(f"Development plan: {who}", f"Towards {data['title']}", ctx)
    _person_facts(doc, ctx, [("Current role", ctx["titles"].get(data["person"]["role"],
                                                                data["person"]["role"])),
                             ("Towards", data["title"])])
    _note(doc, "Expired evidence does not count: it is listed to be evidenced again. Personal "
          "data: keep this plan with the person's record.")
    if data["standards"]:
        doc.add_heading("Standards (NOS) to evidence", level=1)
        for s in data["standards"]:
            doc.add_heading(f"{s['code']} {s['title']}".strip()
                            + (" (optional)" if s["optional"] else ""), level=2)
            if s["to_evidence"]:
                _table(doc, ["Criterion", "To do", "Last evidence"],
                       [[c["criterion"] + (f": {c['text']}" if c["text"] else ""),
                         labels[c["state"]], c["evidence_line"]] for c in s["to_evidence"]])
            if s["expiring"]:
                doc.add_heading("Expiring soon", level=3)
                _bullets(doc, [c["criterion"] + (f": {c['text']}" if c["text"] else "")
                               + f" · {c['evidence_line']}" for c in s["expiring"]])
    rows = ([[b["name"], b["required_label"], labels[b["state"]], b["evidence_line"]]
             for b in data["behaviours"]]
            + [[b["name"], b["required_label"], "expiring", b["evidence_line"]]
               for b in data["behaviours_expiring"]])
    if rows:
        doc.add_heading("Behaviours to evidence", level=1)
        _table(doc, ["Behaviour", "Level needed", "State", "Last assessment"], rows)
    _footer(doc, ctx)
    return doc


def _audit(ctx: dict[str, Any]):
    data, labels = ctx["data"], ctx["state_labels"]
    who = data["person"]["name"] or data["person"]["id"]
    doc = _document(f"Competence audit: {who}", data["title"], ctx)
    outcome = ("every mandatory requirement evidenced and current" if data["complete"]
               else f"{len(data['missing'])} requirement(s) not evidenced or expired")
    _person_facts(doc, ctx, [("Role", f"{data['title']} ({data['role']})"),
                             ("Outcome", outcome)])
    fw = data["framework"]
    doc.add_paragraph(f"Made against framework {fw['id']}"
                      + (f", version {fw['version']}" if fw["version"] else "")
                      + ". Files (sha256), to reproduce this audit:")
    _table(doc, ["File", "Kind", "sha256"],
           [[f["name"] + (f" ({f['plugin']} {f['version']})" if f["plugin"] else ""),
             f["kind"], f["sha256"]] for f in fw["files"]])
    doc.add_heading("Standards (NOS)", level=1)
    _table(doc, ["Standard", "Criterion", "State", "Evidence"],
           [[c["standard"] + (" (optional)" if c["optional"] else ""), c["criterion"],
             labels[c["state"]], c["evidence_line"]] for c in data["criteria"]])
    doc.add_heading("Behaviours", level=1)
    _table(doc, ["Behaviour", "Level needed", "State", "Assessment"],
           [[b["name"], b["required_label"], labels[b["state"]], b["evidence_line"]]
            for b in data["behaviours"]])
    if data["other_evidence"]:
        doc.add_heading("Other evidence in the record", level=1)
        doc.add_paragraph("Not asked for by this role (kept, not counted): " + "; ".join(
            f"{e['standard']} {e['criterion']} ({e['date']})" for e in data["other_evidence"]))
    _note(doc, "Personal data: keep this record with the person's record.")
    _footer(doc, ctx)
    return doc


def write_docx(document: str, ctx: dict[str, Any]) -> bytes:
    """The .docx bytes of ``document`` (job-description, training-plan, development-plan or
    audit)."""
    builders = {"job-description": _job_description, "training-plan": _training_plan,
                "development-plan": _development_plan, "audit": _audit}
    if document not in builders:
        raise ValueError(f"no Word form of {document!r}")
    out = io.BytesIO()
    builders[document](ctx).save(out)
    return out.getvalue()
