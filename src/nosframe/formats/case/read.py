"""Lenient CASE import: any CFPackage (1.0 or 1.1, as real publishers write them) into a
framework, keeping everything.

Items and associations that nosframe exported (``extensions.nosframe`` says their kind) become
the elements again. Everything else in the package (other publishers' items and associations of
any type, their definitions, rubrics, the document itself) is kept, repaired to CASE 1.1 (see
:mod:`.spec`), in ``[framework.extensions.case]``, and exported again as it came, in its order.
What was repaired and what was kept that way is reported as findings.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from nosframe.formats.case.export import (
    EXT,
    ITEM_TYPES,
    Builder,
    fingerprint,
    ident,
    last_change,
)
from nosframe.formats.case.spec import (
    DEFINITIONS,
    Repairs,
    conform,
    date_time,
    is_uuid,
)
from nosframe.io import FormatError, LoadError, Location, structure
from nosframe.io.limits import check_json_nesting, read_regular_file
from nosframe.model import Finding, Framework, Severity
from nosframe.registry import ImportResult

HINT = ("the case importer reads a CASE CFPackage: a JSON object with a CFDocument and lists "
        "CFItems and CFAssociations (as OpenSALT, CaSS or `nosframe export --to case` write)")
_BASE = re.compile(r"^(https?://.+?)/ims/case/v1p[01]/CFDocuments/[^/]+$")


def read_package(path: Path) -> dict:
    """The package as JSON data, or one clear error (not a file, not JSON, not a package)."""
    where = Location(file=str(path))
    try:
        raw = read_regular_file(path, what="a CASE JSON file")
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", location=where,
                          hint=HINT) from None
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or exc}", location=where) from None
    check_json_nesting(text, str(path))
    try:
        data = json.loads(text)
    except RecursionError:  # pragma: no cover - check_json_nesting refuses such text first
        raise FormatError("nested too deeply", location=where, hint=HINT) from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg} (column {exc.colno})",
                          location=Location(str(path), exc.lineno), hint=HINT) from None
    try:  # "\ud800" escapes make strings no file can hold
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError("holds a lone surrogate escape (such as \\ud800), which is not text",
                          location=where, hint="fix the text where the package was made")
    except RecursionError:  # pragma: no cover - check_json_nesting refuses such text first
        raise FormatError("nested too deeply", location=where, hint=HINT) from None
    if isinstance(data, dict) and set(data) == {"CFPackage"} and isinstance(data["CFPackage"],
                                                                          dict):
        data = data["CFPackage"]  # some services wrap the package
    if not isinstance(data, dict):
        raise FormatError(f"not a CASE package: the file holds a JSON {_json_type(data)}, not "
                          "an object", location=where, hint=HINT)
    if not isinstance(data.get("CFDocument"), dict):
        raise FormatError("not a CASE package: no CFDocument object", location=Location(
            str(path), path="CFDocument"), hint=HINT)
    for key in ("CFItems", "CFAssociations", "CFRubrics"):
        value = data.get(key, [])
        if value is None:
            continue
        if not isinstance(value, list):
            raise FormatError(f"{key} is a JSON {_json_type(value)}, not a list",
                              location=Location(str(path), path=key), hint=HINT)
        for n, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise FormatError(f"{key}[{n}] is a JSON {_json_type(entry)}, not an object",
                                  location=Location(str(path), path=f"{key}[{n}]"), hint=HINT)
    defs = data.get("CFDefinitions") or {}
    if not isinstance(defs, dict):
        raise FormatError(f"CFDefinitions is a JSON {_json_type(defs)}, not an object",
                          location=Location(str(path), path="CFDefinitions"), hint=HINT)
    for key, value in defs.items():
        if key in DEFINITIONS and value is not None and (
                not isinstance(value, list) or not all(isinstance(v, dict) for v in value)):
            raise FormatError(f"CFDefinitions.{key} is not a list of objects",
                              location=Location(str(path), path=f"CFDefinitions.{key}"),
                              hint=HINT)
    return data


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number", type(None): "null"}[type(value)]


def import_case(path: Path) -> ImportResult:
    """``nosframe import FILE --from case``."""
    data = read_package(path)
    repairs = Repairs()
    raw_doc = data["CFDocument"]
    doc_id = raw_doc.get("identifier") if isinstance(raw_doc.get("identifier"), str) else \
        ident("document", str(path.name))
    # a package that does not say when it changed: when the file did
    doc_time = date_time(raw_doc.get("lastChangeDateTime")) or last_change([path])
    doc = conform(raw_doc, "CFPckgDocument", "CFDocument", repairs, fill={
        "identifier": doc_id, "uri": f"urn:uuid:{doc_id}", "lastChangeDateTime": doc_time,
        "creator": raw_doc.get("publisher") if isinstance(raw_doc.get("publisher"), str) else "",
        "title": ""})

    def fill(obj: dict, where: str) -> dict:
        identifier = obj.get("identifier") if isinstance(obj.get("identifier"), str) else \
            ident(doc_id, where)
        return {"identifier": identifier, "uri": f"urn:uuid:{identifier}",
                "lastChangeDateTime": doc["lastChangeDateTime"], "title": "", "fullStatement": "",
                "hierarchyCode": obj.get("typeCode") or obj.get("title") or "",
                "description": "", "licenseText": obj.get("title") or ""}

    items = [conform(o, "CFPckgItem", f"CFItems[{n}]", repairs, fill=fill(o, f"CFItems[{n}]"))
             for n, o in enumerate(data.get("CFItems") or [])]
    associations = []
    for n, o in enumerate(data.get("CFAssociations") or []):
        where = f"CFAssociations[{n}]"
        missing = [k for k in ("associationType", "originNodeURI", "destinationNodeURI")
                   if not o.get(k)]
        if missing:  # no endpoints or no type: there is no association to keep
            repairs.add(where, f"no {', '.join(missing)}: left out (it links nothing)")
            continue
        associations.append(conform(o, "CFPckgAssociation", where, repairs, fill=fill(o, where)))
    definitions: dict[str, Any] = {}
    for key, value in (data.get("CFDefinitions") or {}).items():
        if key in DEFINITIONS:
            definitions[key] = [conform(o, DEFINITIONS[key], f"CFDefinitions.{key}[{n}]",
                                        repairs, fill=fill(o, f"CFDefinitions.{key}[{n}]"))
                                for n, o in enumerate(value or [])]
        elif value is not None:
            definitions[key] = value
    rubrics = [conform(o, "CFRubric", f"CFRubrics[{n}]", repairs, fill=fill(o, f"CFRubrics[{n}]"))
               for n, o in enumerate(data.get("CFRubrics") or [])]
    unknown_top = {k: v for k, v in data.items() if k not in (
        "CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions")}
    package_ext = data.get("extensions") if isinstance(data.get("extensions"), dict) else {}
    if unknown_top:
        package_ext = {**package_ext, "nosframe:notInCASE1.1": unknown_top}
        repairs.add("package", "kept in extensions: " + ", ".join(sorted(unknown_top)))

    base = ""
    match = _BASE.match(doc.get("uri", ""))
    if match:
        base = match.group(1)
    own_doc = isinstance(doc.get("extensions", {}).get(EXT), dict)
    fw_data = _framework_data(doc, items, associations, own_doc, path)
    try:
        fw = structure(fw_data, path)
    except LoadError as exc:
        raise FormatError(f"the nosframe data in the package does not make a framework: "
                          f"{exc.message}", location=Location(str(path)),
                          hint="was it edited by hand? export it again with nosframe") from None
    # what nosframe makes from that framework is derived; everything else is kept as it is
    made = Builder(fw, base, stored={}).build()
    made_ids = {o["identifier"] for key in ("CFItems", "CFAssociations") for o in made[key]}
    made_defs = {o["identifier"] for v in made["CFDefinitions"].values() for o in v}
    # nosframe's own items are always made again (never kept beside the element they became);
    # one whose identifier is not what nosframe makes now had its code or id changed elsewhere
    ours = [i for i in items if _ext(i).get("kind") in ITEM_TYPES]
    moved = {i["identifier"] for i in ours if i["identifier"] not in made_ids}
    kept_items = [i for i in items if i["identifier"] not in made_ids and i not in ours]
    kept_assocs = [a for a in associations if a["identifier"] not in made_ids
                   and _ext(a).get("kind") != "mapping"
                   and not ({_end(a, "originNodeURI"), _end(a, "destinationNodeURI")} & moved)]
    if moved:
        repairs.add("CFItems", f"{len(moved)} nosframe items have identifiers nosframe does not "
                    "make for them (their code or id was changed in another tool): they get "
                    "new ones, and their associations are made again")
    kept_defs = {}
    for key, value in definitions.items():
        if key in DEFINITIONS:
            kept = [d for d in value if d.get("identifier") not in made_defs]
            if kept or not own_doc:
                kept_defs[key] = kept
        else:
            kept_defs[key] = value
    table: dict[str, Any] = {}
    if base:
        table["base_url"] = base
    if not own_doc:
        table["document"] = doc
    for key, value in (("items", kept_items), ("associations", kept_assocs),
                       ("definitions", kept_defs), ("rubrics", rubrics),
                       ("extensions", package_ext)):
        if value:
            table[key] = value
    fw = _with_case(fw, table)
    table["lastChangeDateTime"] = doc["lastChangeDateTime"]
    table["fingerprint"] = fingerprint(Builder(fw, base).build())
    fw = _with_case(fw, table)
    return ImportResult(fw, tuple(_findings(path, repairs, kept_items, kept_assocs, items, doc)))


def _end(assoc: dict, key: str) -> str:
    node = assoc.get(key)
    return node.get("identifier", "") if isinstance(node, dict) else ""


def _with_case(fw: Framework, table: dict) -> Framework:
    from attrs import evolve

    return evolve(fw, framework=evolve(fw.framework, extensions={
        **fw.framework.extensions, "case": dict(table)}))


def _ext(obj: dict) -> dict:
    ext = obj.get("extensions", {}).get(EXT) if isinstance(obj.get("extensions"), dict) else None
    return ext if isinstance(ext, dict) else {}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


_STATUS = {"draft": "draft", "private draft": "draft", "adopted": "approved",
           "deprecated": "retired", "retired": "retired", "approved": "approved"}


def _framework_data(doc: dict, items: list[dict], associations: list[dict], own_doc: bool,
                    path: Path) -> dict:
    """The framework's plain data: the document's fields, and the elements of the items
    nosframe exported."""
    ext = _ext(doc)
    licence = doc.get("licenseURI", {}).get("title", "") if isinstance(doc.get("licenseURI"),
                                                                       dict) else ""
    if own_doc:
        info = {"id": ext.get("id") or _slug(doc.get("title", "")) or "case-import",
                "title": ext.get("title", doc.get("title", "")),
                "organisation": ext.get("organisation", ""),
                "version": doc.get("version", ""), "status": ext.get("status", "draft"),
                "licence": licence, "description": doc.get("description", "")}
    else:
        organisation = doc.get("publisher") or doc.get("creator") or ""
        info = {"id": _slug(doc.get("title", "")) or _slug(path.stem) or "case-import",
                "title": doc.get("title", ""), "organisation": organisation,
                "version": doc.get("version", ""),
                "status": _STATUS.get(str(doc.get("adoptionStatus", "")).lower(), "draft"),
                "licence": licence, "description": doc.get("description", "")}
    data: dict[str, Any] = {"framework": {k: v for k, v in info.items() if v != ""}}
    if ext.get("sources"):
        data["sources"] = ext["sources"]
    levels, values, behaviours, standards, roles = [], [], {}, {}, []
    for item in items:
        x = _ext(item)
        kind = x.get("kind")
        if kind not in ITEM_TYPES:
            continue
        statement = item.get("fullStatement", "") if x.get("statement", True) else ""
        code = item.get("humanCodingScheme", "")
        rest = {k: v for k, v in x.items() if k not in ("kind", "statement", "withheld")}
        licence = item.get("licenseURI", {}).get("title", "") if isinstance(
            item.get("licenseURI"), dict) else ""
        if kind == "level":
            if x.get("declared", True):
                levels.append({"number": x.get("number"), "name": statement,
                               "description": x.get("description", "")})
        elif kind == "value":
            values.append({"id": code, "name": statement, "licence": licence, **rest})
        elif kind == "behaviour":
            behaviours[code] = {"id": code, "name": statement, "licence": licence, **rest,
                                "levels": {}}
        elif kind == "behaviour-level":
            b = behaviours.get(x.get("behaviour"))
            if b is not None and x.get("declared", True):
                b["levels"].setdefault(str(x.get("level")), [])
        elif kind == "indicator":
            b = behaviours.get(x.get("behaviour"))
            if b is not None:
                b["levels"].setdefault(str(x.get("level")), []).append(statement)
        elif kind == "standard":
            s = {"code": code, "title": statement, **rest}
            for key, prop in (("keywords", "conceptKeywords"), ("suites", "subject"),
                              ("date_approved", "statusStartDate")):
                if prop in item:
                    s[key] = item[prop]
            if licence:
                s["licence"] = licence
            standards[_key(code)] = s
        elif kind == "criteria-group":
            s = standards.get(x.get("standard"))
            if s is not None:
                s.setdefault("elements", []).append({"code": code, "title": statement})
        elif kind in ("performance", "knowledge"):
            s = standards.get(x.get("standard"))
            if s is not None:
                c = {"id": code, "text": statement}
                if x.get("element"):
                    c["element"] = x["element"]
                s.setdefault(kind, []).append(c)
        elif kind == "role":
            roles.append({"id": code, "title": statement, **rest})
    mappings: dict[tuple, dict] = {}
    for assoc in associations:
        x = _ext(assoc)
        if x.get("kind") != "mapping":
            continue
        target = ("behaviour", x["behaviour"]) if x.get("behaviour") else ("value",
                                                                          x.get("value", ""))
        key = (_key(str(x.get("standard", ""))), target)
        m = mappings.setdefault(key, {"standard": x.get("standard", ""), target[0]: target[1],
                                      "criteria": [], "note": assoc.get("notes", "")})
        if "criterion" in x:
            m["criteria"].append(x["criterion"])
    for name, found in (("levels", levels), ("values", values),
                        ("behaviours", list(behaviours.values())),
                        ("standards", list(standards.values())), ("roles", roles),
                        ("mappings", list(mappings.values()))):
        if found:
            data[name] = [{k: v for k, v in e.items() if v not in ("", [], {})} for e in found]
    return data


def _key(code: str) -> str:
    return re.sub(r"\s+", "", code).upper()


def _findings(path: Path, repairs: Repairs, kept_items: list, kept_assocs: list,
              items: list, doc: dict) -> list[Finding]:
    where = Location(file=str(path))
    out = []
    summary = Counter(re.sub(r"\[\d+\]", "[*]", line) for line in repairs.lines)
    for line, count in summary.items():
        out.append(Finding("CASE001", Severity.INFO, f"repaired {line}"
                           + (f" ({count} times)" if count > 1 else ""),
                           "the package does not follow the official CASE 1.1 schema there; "
                           "repaired so that an export validates", where))
    if kept_items or kept_assocs:
        types = Counter(i.get("CFItemType", "(no type)") for i in kept_items)
        links = Counter(a.get("associationType") for a in kept_assocs)
        out.append(Finding(
            "CASE002", Severity.INFO,
            f"{len(kept_items)} items and {len(kept_assocs)} associations nosframe has no "
            "element for are kept as CASE data in [framework.extensions.case] and exported "
            "again as they are ("
            + "; ".join(f"{what}: " + ", ".join(f"{t} {n}" for t, n in found.items())
                        for what, found in (("item types", types), ("association types", links))
                        if found) + ")",
            "they are not shown as standards, behaviours or roles", where))
    bad = [o.get("identifier") for o in [doc] + items if not is_uuid(o.get("identifier"))]
    if bad:
        out.append(Finding("CASE003", Severity.WARNING,
                           f"{len(bad)} identifiers are not UUIDs (kept: {', '.join(bad[:5])})",
                           "CASE 1.1 wants UUIDs; an export will not validate until they are",
                           where))
    return out
