"""Moodle competency frameworks: the CSV of Moodle's import tool (admin/tool/lpimportcsv), both
ways, so a framework loads into Moodle (Site administration > Competencies > Import competency
framework) with its levels as the framework's scale.

The layout is Moodle's own (``framework_importer::list_required_headers`` and
``framework_exporter``): fourteen columns, one row with "Is framework" set (id number, short
name, description, the scale as comma-separated values with its configuration as JSON, the
taxonomy of each depth), then one row per competency naming its parent by ID number. Moodle's
related competencies ("Cross-referenced competency ID numbers", commas written ``%2C``) carry
which criteria evidence which behaviour or value, which values a behaviour expresses and the
criteria group (NOS element) of a criterion.

The tree, by depth (taxonomies domain, competency, level, indicator)::

    values                       behaviours                   standards
      value:ID                     behaviour:ID                 standard:CODE
                                     behaviour:ID:level:N         standard:CODE:element:E
                                       behaviour:ID:level:N:I     standard:CODE:performance
                                                                    standard:CODE:performance:P1
                                                                  standard:CODE:knowledge
                                                                    standard:CODE:knowledge:K1

Short names are at most 100 characters in Moodle, so full texts (a criterion's, an indicator's,
a standard's title) are in the description, as plain text (description format 2). What the CSV
cannot hold (roles, which Moodle keeps as learning plan templates; sources; NOS metadata beyond
code, title, overview and criteria; mapping notes...) is reported, naming the elements:
:func:`held` is the framework as the CSV holds it, and the round trip gives exactly that.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
from attrs import evolve

from nosframe.hookspecs import hookimpl
from nosframe.io import FormatError, Location
from nosframe.io.limits import read_regular_file
from nosframe.model import (
    Behaviour,
    CriteriaGroup,
    Criterion,
    Finding,
    Framework,
    FrameworkInfo,
    Level,
    Mapping,
    Severity,
    Standard,
    Value,
    normalise_code,
)
from nosframe.registry import Exporter, ExportResult, Importer, ImportResult

#: Moodle's column headers (tool_lpimportcsv's language strings, in the order the importer
#: reads them by default)
COLUMNS = (
    "Parent ID number", "ID number", "Short name", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross-referenced competency ID numbers", "Exported ID (optional)",
    "Is framework", "Taxonomy",
)
FIELDS = ("parent", "idnumber", "shortname", "description", "descriptionformat", "scalevalues",
          "scaleconfiguration", "ruletype", "ruleoutcome", "ruleconfig", "related", "exportid",
          "isframework", "taxonomy")
#: the taxonomy (Moodle's term for the competencies) at each depth of the tree
TAXONOMIES = ("domain", "competency", "level", "indicator")
#: Moodle's description formats (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN)
FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN = 0, 1, 2, 4
SHORTNAME_MAX = 100  # Moodle shortens short names and ID numbers to 100 characters
VALUES, BEHAVIOURS, STANDARDS = "values", "behaviours", "standards"
GROUPS = {VALUES: "Values", BEHAVIOURS: "Behaviours", STANDARDS: "Standards (NOS)"}
KINDS = {"performance": "Performance criteria", "knowledge": "Knowledge and understanding"}
HINT = ("the moodle importer reads the CSV of Moodle's competency framework export (Site "
        "administration > Competencies > Export competency framework) or of `nosframe export "
        "--to moodle`")


def _key(header: str) -> str:
    """A header as matched: Moodle's wording varies between versions ("Shortname", "Id number",
    "Cross referenced competency id numbers", "(optional)")."""
    return re.sub(r"[^a-z]", "", header.lower().replace("(optional)", ""))


_COLUMN_KEYS = {_key(c): f for c, f in zip(COLUMNS, FIELDS)}


# -- what the CSV holds --------------------------------------------------------------------------


def _level_item(level: Level) -> str:
    return level.name.replace(",", ";").strip() or f"Level {level.number}"


def _held_name(name: str, idnumber: str) -> str:
    """A name as it comes back from a short name (an empty name is written as the ID)."""
    short = _short(name)
    return "" if short == idnumber else short


def _scale(framework: Framework) -> tuple[Level, ...]:
    """The levels written as the framework's scale: its [[levels]], or without them the level
    numbers its behaviours' indicators use (Moodle needs a scale; level 1 when none)."""
    return framework.levels or tuple(
        Level(n) for n in sorted({n for b in framework.behaviours for n in b.levels}) or [1])


def held(framework: Framework) -> Framework:
    """The framework as Moodle's CSV holds it: what importing its export gives back."""
    info = framework.framework
    value_ids = {v.id for v in framework.values}
    levels = tuple(Level(lv.number, "" if _level_item(lv) == f"Level {lv.number}"
                         else _level_item(lv))
                   for lv in _scale(framework))
    values = tuple(Value(v.id, _held_name(v.name, f"value:{v.id}"), v.description)
                   for v in framework.values)
    behaviours = tuple(
        Behaviour(b.id, _held_name(b.name, f"behaviour:{b.id}"), description=b.description,
                  values=tuple(dict.fromkeys(v for v in b.values if v in value_ids)),
                  levels={n: tuple(b.levels[n]) for n in sorted(b.levels)})
        for b in framework.behaviours)
    standards = tuple(_held_standard(s) for s in framework.standards)
    return Framework(
        FrameworkInfo(info.id, _held_name(info.title, info.id), description=info.description),
        levels=levels, values=values, behaviours=behaviours, standards=standards,
        mappings=tuple(m for m, _ in _held_mappings(framework, standards)))


def _held_standard(s: Standard) -> Standard:
    elements = {e.code for e in s.elements}
    return Standard(s.code, s.title, s.overview, elements=tuple(s.elements),
                    performance=tuple(Criterion(c.id, c.text, c.element if c.element in elements
                                                else "") for c in s.performance),
                    knowledge=tuple(Criterion(c.id, c.text, c.element if c.element in elements
                                              else "") for c in s.knowledge))


def _held_mappings(framework: Framework, standards: tuple[Standard, ...]):
    """(mapping as held, the original) for each mapping the CSV can carry, in the order the
    importer gives them: by standard, then target."""
    order = {s.key: i for i, s in enumerate(standards)}
    by_key = {s.key: s for s in standards}
    behaviours = {b.id for b in framework.behaviours}
    values = {v.id for v in framework.values}
    out = []
    for m in framework.mappings:
        standard = by_key.get(normalise_code(m.standard))
        if standard is None or (m.behaviour and m.behaviour not in behaviours) or \
                (m.value and m.value not in values) or not (m.behaviour or m.value):
            continue
        ids = [c.id for c in standard.criteria]
        if any(c not in ids for c in m.criteria):
            continue
        criteria = tuple(c for c in ids if c in m.criteria)
        out.append((Mapping(standard.code, criteria, m.behaviour, m.value), m))
    out.sort(key=lambda pair: (order[normalise_code(pair[0].standard)],
                               0 if pair[0].behaviour else 1, pair[0].behaviour or pair[0].value))
    return out


def losses(framework: Framework) -> tuple[str, ...]:
    """One line for each kind of thing the CSV does not carry, naming the elements."""
    kept = held(framework)
    out = []
    info, kept_info = framework.framework, kept.framework
    lost = [f.name for f in attrs.fields(FrameworkInfo)
            if getattr(info, f.name) != getattr(kept_info, f.name) and getattr(info, f.name)]
    if lost:
        out.append(f"framework {', '.join(lost)} (Moodle's framework has an ID number, a short "
                   "name, a description and a scale)")
    for label, items in (("sources", framework.sources), ("roles", framework.roles)):
        if items:
            why = (" (Moodle keeps roles as learning plan templates, which its framework CSV "
                   "does not hold)" if label == "roles" else "")
            out.append(f"{label}{why}: " + ", ".join(i.key for i in items))
    if not framework.levels:
        out.append("no [[levels]]: Moodle needs a scale, so the levels the indicators use are "
                   "written as one (" + ", ".join(f"Level {lv.number}" for lv in kept.levels)
                   + ") and import as [[levels]]")
    levels = [lv.key for lv in framework.levels if lv.description]
    if levels:
        out.append("level descriptions (a Moodle scale has names only): levels "
                   + ", ".join(levels))
    renamed = [lv.key for lv in framework.levels if "," in lv.name]
    if renamed:
        out.append("commas in level names (they separate a Moodle scale's values; written ';'): "
                   "levels " + ", ".join(renamed))
    numbers = [lv.number for lv in framework.levels]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        out.append(f"level numbers {numbers} (a Moodle scale numbers its values 1, 2, 3 ...)")
    for kind, plural, originals, keeps in (
            ("value", "values", framework.values, kept.values),
            ("behaviour", "behaviours", framework.behaviours, kept.behaviours),
            ("standard", "standards", framework.standards, kept.standards)):
        fields: dict[str, None] = {}
        keys = []
        for original, copy in zip(originals, keeps):
            differ = [f.name for f in attrs.fields(type(original))
                      if getattr(original, f.name) != getattr(copy, f.name)]
            if differ:
                keys.append(original.key)
                fields.update(dict.fromkeys(differ))
        if keys:
            ordered = [f.name for f in attrs.fields(type(originals[0])) if f.name in fields]
            out.append(f"{plural}' {', '.join(_field_label(f) for f in ordered)}: "
                       + ", ".join(keys))
    carried = {original.key for _, original in _held_mappings(framework, kept.standards)}
    dropped = [m.key for m in framework.mappings if m.key not in carried]
    if dropped:
        out.append("mappings naming criteria, standards or targets the CSV does not hold: "
                   + ", ".join(dropped))
    noted = [m.key for m in framework.mappings if m.note]
    if noted:
        out.append("mapping notes: " + ", ".join(noted))
    for label, items in (("overrides (flattened: the export is the composed framework)",
                          framework.overrides),
                         ("acknowledged findings", framework.acknowledged),
                         ("library lock records", framework.library_lock)):
        if items:
            out.append(f"{label}: {len(items)}")
    return tuple(out)


def _field_label(name: str) -> str:
    return {"name": "names over 100 characters", "levels": "levels",
            "values": "values that are not in the framework"}.get(name, name.replace("_", " "))


# -- export --------------------------------------------------------------------------------------


def _short(text: str) -> str:
    """A Moodle short name: at most 100 characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= SHORTNAME_MAX:
        return text
    cut = text[:SHORTNAME_MAX - 1]
    if " " in cut[SHORTNAME_MAX // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _related(ids) -> str:
    return ",".join(i.replace(",", "%2C") for i in ids)


def export_moodle(composed) -> ExportResult:
    text = to_csv(composed.framework)
    lost = losses(composed.framework)
    long = [row["ID number"] for row in csv.DictReader(io.StringIO(text))
            if len(row["ID number"]) > SHORTNAME_MAX]
    if long:  # Moodle would cut them, and the rows under them would lose their parent
        lost += (f"ID numbers over {SHORTNAME_MAX} characters, which Moodle cuts (shorten the "
                 "ids or codes they are made of): " + ", ".join(long),)
    return ExportResult(text, lost)


def to_csv(framework: Framework) -> str:
    """Moodle's import CSV of ``framework`` (as :func:`held` keeps it)."""
    fw = held(framework)
    rows: list[dict[str, object]] = []
    related: dict[str, list[str]] = {}

    def add(parent: str, idnumber: str, shortname: str, description: str = "") -> None:
        rows.append({"parent": parent, "idnumber": idnumber,
                     "shortname": _short(shortname) or idnumber, "description": description})

    for group, items in ((VALUES, fw.values), (BEHAVIOURS, fw.behaviours),
                         (STANDARDS, fw.standards)):
        if items:
            add("", group, GROUPS[group])
    for v in fw.values:
        add(VALUES, f"value:{v.id}", v.name, v.description)
    names = {lv.number: lv.name for lv in fw.levels}
    for b in fw.behaviours:
        node = f"behaviour:{b.id}"
        add(BEHAVIOURS, node, b.name, b.description)
        related[node] = [f"value:{v}" for v in b.values]
        for number, indicators in b.levels.items():
            level = f"{node}:level:{number}"
            add(node, level, f"Level {number}" + (f": {names[number]}" if names.get(number)
                                                  else ""))
            for i, text in enumerate(indicators, start=1):
                add(level, f"{level}:{i}", text or f"{number}.{i}", text)
    for s in fw.standards:
        node = f"standard:{s.code}"
        add(STANDARDS, node, f"{s.code} {s.title}".strip(),
            s.title + (f"\n\n{s.overview}" if s.overview else ""))
        for e in s.elements:
            add(node, f"{node}:element:{e.code}", f"{e.code} {e.title}".strip(), e.title)
        for kind, criteria in (("performance", s.performance), ("knowledge", s.knowledge)):
            if not criteria:
                continue
            group = f"{node}:{kind}"
            add(node, group, KINDS[kind])
            for c in criteria:
                crit = f"{group}:{c.id}"
                add(group, crit, f"{c.id} {c.text}".strip(), c.text)
                if c.element:
                    related.setdefault(crit, []).append(f"{node}:element:{c.element}")
    ids = {s.key: s for s in fw.standards}
    for m in fw.mappings:
        s = ids[normalise_code(m.standard)]
        target = f"behaviour:{m.behaviour}" if m.behaviour else f"value:{m.value}"
        kinds = {c.id: "performance" for c in s.performance} | \
            {c.id: "knowledge" for c in s.knowledge}
        for crit in m.criteria or (None,):
            source = (f"standard:{s.code}:{kinds[crit]}:{crit}" if crit
                      else f"standard:{s.code}")
            related.setdefault(source, []).append(target)
    levels = fw.levels
    config = [{"scaleid": "0"}] + [
        {"id": i, "scaledefault": int(i == 1), "proficient": 1}
        for i, _ in enumerate(levels, start=1)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    info = fw.framework
    writer.writerow(["", info.id, _short(info.title) or info.id, info.description, FORMAT_PLAIN,
                     ",".join(_level_item(lv) for lv in levels),
                     json.dumps(config, separators=(",", ":")), "", "", "", "", "", 1,
                     ",".join(TAXONOMIES)])
    for number, row in enumerate(rows, start=1):
        writer.writerow([row["parent"], row["idnumber"], row["shortname"], row["description"],
                         FORMAT_PLAIN, "", "", "", 0, "null",
                         _related(related.get(str(row["idnumber"]), ())), number, "", ""])
    return out.getvalue()


# -- import --------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """Plain text of a description written in HTML (Moodle's own exports: format 1)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li") and self.parts:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _plain(text: str, fmt: str) -> str:
    if fmt.strip() in (str(FORMAT_HTML), str(FORMAT_MOODLE)) and "<" in text:
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
        return re.sub(r"[ \t]*\n\s*", "\n", text).strip()
    return html.unescape(text) if fmt.strip() in (str(FORMAT_HTML),) else text


def _rows(path: Path) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """The framework row and the competency rows (line number, fields) of a Moodle CSV, with
    one clear error naming the line for anything Moodle's importer would refuse or misread."""
    where = Location(file=str(path))
    data = read_regular_file(path, what="a Moodle CSV file", hint="check the path of the CSV")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
                          location=Location(str(path), line),
                          hint="save the CSV as UTF-8 (Moodle's export is UTF-8); " + HINT
                          ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FormatError("a NUL character: this is not a CSV text file",
                          location=Location(str(path), line), hint=HINT)
    # Moodle's importer offers comma, semicolon, colon and tab: the one that splits the header
    # into the most columns is the file's
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", ":"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV row: {exc}", location=Location(str(path), start),
                          hint=HINT) from None
    if not records:
        raise FormatError("empty file: no header row", location=where, hint=HINT)
    header_line, header = records[0]
    positions: dict[str, int] = {}
    unknown = []
    for i, name in enumerate(header):
        field = _COLUMN_KEYS.get(_key(name))
        if field is None:
            unknown.append(name)
        elif field in positions:
            raise FormatError(f"the column {name!r} is there twice",
                              location=Location(str(path), header_line), hint=HINT)
        else:
            positions[field] = i
    missing = [c for c, f in zip(COLUMNS, FIELDS) if f not in positions]
    if missing or unknown:
        said = []
        if missing:
            said.append("missing " + ", ".join(repr(c) for c in missing))
        if unknown:
            said.append("unknown " + ", ".join(repr(c) for c in unknown))
        raise FormatError("not the columns of Moodle's competency framework CSV: "
                          + "; ".join(said), location=Location(str(path), header_line),
                          hint="the header row must name Moodle's 14 columns: "
                               + ", ".join(COLUMNS))
    framework_row = None
    rows = []
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) != len(header):
            raise FormatError(f"{len(record)} cells where the header has {len(header)}",
                              location=Location(str(path), line),
                              hint="each row needs one cell per column (quote cells that hold "
                                   "commas or line breaks)")
        fields = {f: record[i] for f, i in positions.items()}
        if fields["isframework"].strip() not in ("", "0"):
            if framework_row is not None:
                raise FormatError(f"a second row with 'Is framework' set (the first is line "
                                  f"{framework_row[0]})", location=Location(str(path), line),
                                  hint="a CSV holds one framework")
            framework_row = (line, fields)
        else:
            rows.append((line, fields))
    if framework_row is None:
        raise FormatError("no row with 'Is framework' set: which framework is this?",
                          location=where, hint=HINT)
    return framework_row, rows


def _after(idnumber: str, prefix: str) -> str:
    """What follows ``prefix`` in an ID number of nosframe's layout ("" when it does not
    start so, or nothing follows)."""
    return idnumber[len(prefix):].strip() if idnumber.startswith(prefix) else ""


def import_moodle(path: Path) -> ImportResult:
    path = Path(path)
    (fw_line, fw_row), rows = _rows(path)

    def error(message: str, line: int, hint: str = HINT) -> FormatError:
        return FormatError(message, location=Location(str(path), line), hint=hint)

    by_id: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        idnumber = row["idnumber"].strip()
        if not idnumber:
            raise error("a competency with no ID number", line,
                        "Moodle skips a competency without an ID number; give it one")
        if not row["shortname"].strip():
            raise error(f"competency {idnumber!r} has no short name", line,
                        "Moodle skips a competency without a short name; give it one")
        if idnumber in by_id:
            raise error(f"ID number {idnumber!r} is used twice (first at line "
                        f"{by_id[idnumber][0]})", line, "ID numbers are unique in a framework")
        by_id[idnumber] = (line, row)
    for line, row in rows:
        parent = row["parent"].strip()
        if parent and parent not in by_id:
            raise error(f"competency {row['idnumber'].strip()!r} names parent {parent!r}, "
                        "which is not the ID number of any competency in the file", line,
                        "the Parent ID number must be the ID number of another row (empty for "
                        "a competency at the top)")
    for line, row in rows:  # every parent is known now: walk up from each row
        seen, step = {row["idnumber"].strip()}, row["parent"].strip()
        while step:
            if step in seen:
                raise error(f"competency {row['idnumber'].strip()!r} is its own ancestor "
                            f"(through {step!r})", line, "parents must form a tree")
            seen.add(step)
            step = by_id[step][1]["parent"].strip()

    findings: list[Finding] = []
    skipped: list[str] = []
    info_id = fw_row["idnumber"].strip()
    if not info_id:
        raise error("the framework row has no ID number", fw_line,
                    "give the framework an ID number (it becomes the framework's id)")
    title = " ".join(fw_row["shortname"].split())
    info = FrameworkInfo(info_id, "" if title == info_id else title,
                         description=_plain(fw_row["description"], fw_row["descriptionformat"]))
    items = [i.strip() for i in fw_row["scalevalues"].split(",") if i.strip()]
    levels = tuple(Level(n, "" if item == f"Level {n}" else item)
                   for n, item in enumerate(items, start=1))

    def text(row) -> str:
        return _plain(row["description"], row["descriptionformat"])

    def name(row, idnumber: str) -> str:
        short = " ".join(row["shortname"].split())
        return "" if short == idnumber else short

    values, behaviours, standards = [], [], []
    kinds: dict[str, tuple] = {}  # idnumber -> what it is, for related competencies
    children: dict[str, list[str]] = {}
    for _, row in rows:
        children.setdefault(row["parent"].strip(), []).append(row["idnumber"].strip())

    def under(parent: str) -> list[tuple[str, dict[str, str]]]:
        return [(i, by_id[i][1]) for i in children.get(parent, ())]

    for top in children.get("", ()):
        if top not in GROUPS:
            skipped.append(top)
    for idnumber, row in under(VALUES):
        vid = _after(idnumber, "value:")
        if not vid:
            skipped.append(idnumber)
            continue
        kinds[idnumber] = ("value", vid)
        values.append(Value(vid, name(row, idnumber), text(row)))
        skipped += children.get(idnumber, [])
    for idnumber, row in under(BEHAVIOURS):
        bid = _after(idnumber, "behaviour:")
        if not bid:
            skipped.append(idnumber)
            continue
        kinds[idnumber] = ("behaviour", bid)
        indicators: dict[int, tuple[str, ...]] = {}
        for level_id, _ in under(idnumber):
            number = _after(level_id, f"{idnumber}:level:")
            if not (number.isdigit() and str(int(number)) == number):
                skipped.append(level_id)
                continue
            indicators[int(number)] = tuple(text(by_id[i][1]) for i, _ in under(level_id))
        behaviours.append(Behaviour(bid, name(row, idnumber), description=text(row),
                                    levels=dict(sorted(indicators.items()))))
    for idnumber, row in under(STANDARDS):
        code = _after(idnumber, "standard:")
        if not code:
            skipped.append(idnumber)
            continue
        kinds[idnumber] = ("standard", code)
        title, _, overview = text(row).partition("\n\n")
        elements, criteria = [], {"performance": [], "knowledge": []}
        for child, child_row in under(idnumber):
            rest = _after(child, f"{idnumber}:")
            element = _after(rest, "element:")
            if element:
                kinds[child] = ("element", element)
                elements.append(CriteriaGroup(element, text(child_row)))
            elif rest in criteria:
                for crit, _ in under(child):
                    cid = _after(crit, f"{child}:")
                    if not cid:
                        skipped.append(crit)
                        continue
                    kinds[crit] = ("criterion", code, cid)
                    criteria[rest].append(Criterion(cid, text(by_id[crit][1])))
            else:
                skipped.append(child)
        standards.append(Standard(code, title, overview, elements=tuple(elements),
                                  performance=tuple(criteria["performance"]),
                                  knowledge=tuple(criteria["knowledge"])))

    # related competencies: criteria groups, values of behaviours, mappings
    pairs = []
    for idnumber, (line, row) in by_id.items():
        for raw in row["related"].split(","):
            other = raw.strip().replace("%2C", ",")
            if not other:
                continue
            if other not in by_id:
                findings.append(Finding(
                    "MOODLE01", Severity.WARNING,
                    f"competency {idnumber!r} is cross-referenced to {other!r}, which is not in "
                    "the file; left out", location=Location(str(path), line)))
                continue
            pairs.append((idnumber, other))
    element_of: dict[tuple[str, str], str] = {}
    values_of: dict[str, list[str]] = {}
    mapped: dict[tuple[str, str, str], list[str]] = {}  # (code, kind, target) -> criteria
    for a, b in pairs:
        ka, kb = kinds.get(a), kinds.get(b)
        if ka is None or kb is None:
            continue
        if kb[0] in ("criterion", "standard") and ka[0] in ("behaviour", "value", "element"):
            ka, kb = kb, ka
        if ka[0] == "criterion" and kb[0] == "element":
            element_of[(ka[1], ka[2])] = kb[1]
        elif ka[0] == "behaviour" and kb[0] == "value":
            values_of.setdefault(ka[1], []).append(kb[1])
        elif ka[0] == "value" and kb[0] == "behaviour":
            values_of.setdefault(kb[1], []).append(ka[1])
        elif ka[0] in ("criterion", "standard") and kb[0] in ("behaviour", "value"):
            found = mapped.setdefault((ka[1], kb[0], kb[1]), [])
            if ka[0] == "criterion":
                found.append(ka[2])
    standards = [evolve(s, performance=tuple(evolve(c, element=element_of.get((s.code, c.id), ""))
                                             for c in s.performance),
                        knowledge=tuple(evolve(c, element=element_of.get((s.code, c.id), ""))
                                        for c in s.knowledge)) for s in standards]
    behaviours = [evolve(b, values=tuple(dict.fromkeys(values_of.get(b.id, ()))))
                  for b in behaviours]
    order = {normalise_code(s.code): i for i, s in enumerate(standards)}
    ids = {normalise_code(s.code): [c.id for c in s.criteria] for s in standards}
    mappings = []
    for (code, kind, target), criteria in mapped.items():
        listed = ids[normalise_code(code)]
        mappings.append(Mapping(code, tuple(c for c in listed if c in criteria),
                                behaviour=target if kind == "behaviour" else "",
                                value=target if kind == "value" else ""))
    mappings.sort(key=lambda m: (order[normalise_code(m.standard)], 0 if m.behaviour else 1,
                                 m.behaviour or m.value))
    if skipped:
        lines = sorted(by_id[s][0] for s in skipped)
        findings.append(Finding(
            "MOODLE02", Severity.WARNING,
            f"{len(skipped)} competencies are not in nosframe's layout and were left out "
            f"(with what is under them): " + ", ".join(repr(s) for s in skipped[:10])
            + (" ..." if len(skipped) > 10 else ""),
            hint="nosframe reads the tree `nosframe export --to moodle` writes: values, "
                 "behaviours (with levels and indicators) and standards (with criteria)",
            location=Location(str(path), lines[0])))
    try:
        framework = Framework(info, levels=levels, values=tuple(values),
                              behaviours=tuple(behaviours), standards=tuple(standards),
                              mappings=tuple(mappings))
    except (TypeError, ValueError) as exc:  # pragma: no cover - ids are stripped above
        raise error(f"cannot make a framework of it: {exc}", fw_line) from None
    return ImportResult(framework, tuple(findings))


@hookimpl
def nosframe_exporters(register) -> None:
    register(Exporter("moodle", "Moodle competency framework CSV (admin/tool/lpimportcsv)",
                      ".csv", export_moodle))


@hookimpl
def nosframe_importers(register) -> None:
    register(Importer("moodle", "Moodle competency framework CSV (admin/tool/lpimportcsv)",
                      import_moodle, suffixes=(".csv",)))
