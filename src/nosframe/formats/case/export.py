"""CASE 1.1 export: a composed framework as a CFPackage.

Every element becomes a CFItem with a CFItemType (standards, their criteria groups and P and K
criteria, values, behaviours, one item per behaviour level with its indicators under it, the
level scale, roles); the hierarchy is ``isChildOf`` (numbered by ``sequenceNumber``), criteria
that evidence a behaviour or value are ``isRelatedTo`` it (the mapping's note in ``notes``), a
behaviour level ``hasSkillLevel`` its level of the scale and a role ``hasSkillLevel`` each
behaviour level it needs, ``precedes`` is progression, ``replacedBy`` a superseded standard, and
``ext:`` types say what CASE has no type for (a role's standards, a behaviour's values).

What a CASE property holds is written there (a standard's code in ``humanCodingScheme``, its
title in ``fullStatement``, keywords in ``conceptKeywords``, suites as subjects, its licence as
a CFLicense); every other field goes into the item's ``extensions.nosframe``, so the importer
gives back the same framework. Identifiers are uuid5 of the framework id and the element, so
exporting twice gives the same ids; ``uri`` is ``BASE/ims/case/v1p1/CLASS/ID`` with a base URL
option (``urn:uuid:ID`` without one); ``lastChangeDateTime`` is the framework files' last change
(or, for an imported package exported unchanged, the package's own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any, Iterable

from nosframe.checks.licences import redistribution_restricted
from nosframe.formats.case.spec import DEFINITIONS, canonical, sorted_keys
from nosframe.io import FormatError, Location
from nosframe.io.convert import unstructure
from nosframe.model import Framework, normalise_code
from nosframe.registry import ExportResult

#: namespace of every identifier nosframe makes (uuid5 of this and a name)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:nosframe:case")
EXT = "nosframe"  # the key of nosframe's data in an object's extensions
PLACEHOLDER = "\x00time"  # replaced by the package's lastChangeDateTime at the end
BASE_URL_ENV = "NOSFRAME_CASE_BASE_URL"

#: nosframe kind -> (CFItemType title, typeCode, description)
ITEM_TYPES = {
    "standard": ("National Occupational Standard", "NOS",
                 "A UK National Occupational Standard (NOS): what a person must do and know"),
    "criteria-group": ("NOS element", "NOS-element",
                       "A group of criteria within a NOS (older NOS call it an element)"),
    "performance": ("Performance criterion", "NOS-P",
                    "A performance criterion of a NOS: what a competent person does"),
    "knowledge": ("Knowledge and understanding", "NOS-K",
                  "A knowledge and understanding item of a NOS"),
    "value": ("Value", "value", "A value of the organisation"),
    "behaviour": ("Behaviour", "behaviour",
                  "A behaviour or competency of the organisation, described at levels"),
    "behaviour-level": ("Behaviour level", "behaviour-level",
                        "A behaviour at one level of the scale; its indicators are its children"),
    "indicator": ("Level indicator", "indicator",
                  "An indicator of a behaviour at a level"),
    "level": ("Level", "level", "A step of the organisation's level scale"),
    "role": ("Role profile", "role",
             "A role: the NOS and the behaviour levels it needs"),
}

GROUPINGS = {
    "mappings": ("Evidence", "NOS criteria that evidence a behaviour or value (isRelatedTo)"),
    "requirements": ("Role requirements",
                     "The standards a role needs and the behaviour levels it needs"),
}

_ADOPTION = {"draft": "Draft", "consultation": "Draft", "approved": "Adopted",
             "retired": "Deprecated"}


def ident(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


class Builder:
    """Builds the package of one framework; ``losses`` says what CASE could not carry."""

    def __init__(self, fw: Framework, base_url: str = "", *, stored: dict | None = None):
        self.fw = fw
        self.fid = fw.framework.id
        self.base = base_url.rstrip("/")
        self.stored = stored if stored is not None else _case_table(fw)
        self.items: list[dict] = []
        self.associations: list[dict] = []
        self.item_types: dict[str, dict] = {}
        self.licences: dict[str, dict] = {}
        self.subjects: dict[str, dict] = {}
        self.groupings: dict[str, dict] = {}
        self.losses: list[str] = []
        self.withheld: list[str] = []
        self.titles: dict[str, str] = {}  # item identifier -> title for links
        self.children: dict[str, int] = {}  # parent identifier -> children so far

    # -- links and identities -----------------------------------------------------------------

    def uri(self, cls: str, identifier: str) -> str:
        if self.base:
            return f"{self.base}/ims/case/v1p1/{cls}/{identifier}"
        return f"urn:uuid:{identifier}"

    def link(self, cls: str, identifier: str, title: str) -> dict:
        return {"title": title, "identifier": identifier, "uri": self.uri(cls, identifier)}

    def node(self, identifier: str) -> dict:
        """A link to an item or the document (LinkGenURI)."""
        if identifier == self.doc_id:
            return self.link("CFDocuments", identifier, self.doc_title)
        return self.link("CFItems", identifier, self.titles.get(identifier, identifier))

    @property
    def doc_id(self) -> str:
        raw = self.stored.get("document")
        if isinstance(raw, dict) and isinstance(raw.get("identifier"), str):
            return raw["identifier"]
        return ident(self.fid, "document")

    @property
    def doc_title(self) -> str:
        return self.fw.framework.title or self.fid

    # -- definitions --------------------------------------------------------------------------

    def item_type(self, kind: str) -> dict:
        title, code, description = ITEM_TYPES[kind]
        identifier = ident("item-type", code)
        self.item_types.setdefault(kind, {
            "identifier": identifier, "uri": self.uri("CFItemTypes", identifier),
            "title": title, "description": description, "hierarchyCode": code,
            "typeCode": code, "lastChangeDateTime": PLACEHOLDER})
        return self.link("CFItemTypes", identifier, title)

    def licence(self, text: str) -> dict:
        identifier = ident("licence", text)
        self.licences.setdefault(text, {
            "identifier": identifier, "uri": self.uri("CFLicenses", identifier),
            "title": text, "licenseText": text, "lastChangeDateTime": PLACEHOLDER})
        return self.link("CFLicenses", identifier, text)

    def subject(self, suite: str) -> dict:
        identifier = ident("suite", suite)
        self.subjects.setdefault(suite, {
            "identifier": identifier, "uri": self.uri("CFSubjects", identifier),
            "title": suite, "hierarchyCode": suite,
            "description": "A suite of National Occupational Standards",
            "lastChangeDateTime": PLACEHOLDER})
        return self.link("CFSubjects", identifier, suite)

    def grouping(self, name: str) -> dict:
        title, description = GROUPINGS[name]
        identifier = ident(self.fid, "grouping", name)
        self.groupings.setdefault(name, {
            "identifier": identifier, "uri": self.uri("CFAssociationGroupings", identifier),
            "title": title, "description": description, "lastChangeDateTime": PLACEHOLDER})
        return self.link("CFAssociationGroupings", identifier, title)

    # -- items and associations ---------------------------------------------------------------

    def item(self, kind: str, key: tuple, statement: str, fallback: str, ext: dict,
             parent: str, **props: Any) -> str:
        identifier = ident(self.fid, kind, *key)
        item: dict[str, Any] = {"identifier": identifier, "uri": self.uri("CFItems", identifier),
                                "fullStatement": statement or fallback}
        for name, value in props.items():
            if value not in (None, "", [], ()):
                item[name] = list(value) if isinstance(value, tuple) else value
        item["CFItemType"] = ITEM_TYPES[kind][0]
        item["CFItemTypeURI"] = self.item_type(kind)
        item["lastChangeDateTime"] = PLACEHOLDER
        data = {"kind": kind, **ext}
        if not statement:
            data["statement"] = False  # fullStatement is a stand-in, not the field's text
        item["extensions"] = {EXT: data}
        self.items.append(item)
        self.titles[identifier] = item.get("humanCodingScheme") or item["fullStatement"][:60]
        self.associate("isChildOf", identifier, parent, sequence=True)
        return identifier

    def associate(self, kind: str, origin: str, destination: str, *, sequence: bool = False,
                  notes: str = "", grouping: str = "", ext: dict | None = None,
                  name: tuple = ()) -> None:
        identifier = ident(self.fid, "association", kind, origin, destination, *name)
        assoc: dict[str, Any] = {"identifier": identifier, "associationType": kind}
        if sequence:
            self.children[destination] = self.children.get(destination, 0) + 1
            assoc["sequenceNumber"] = self.children[destination]
        assoc |= {"uri": self.uri("CFAssociations", identifier),
                  "originNodeURI": self.node(origin), "destinationNodeURI": self.node(destination)}
        if grouping:
            assoc["CFAssociationGroupingURI"] = self.grouping(grouping)
        assoc["lastChangeDateTime"] = PLACEHOLDER
        if notes:
            assoc["notes"] = notes
        if ext:
            assoc["extensions"] = {EXT: ext}
        self.associations.append(assoc)

    # -- the framework ------------------------------------------------------------------------

    def restricted(self, element: Any) -> bool:
        return redistribution_restricted(element)  # as the other exports decide it

    def build(self) -> dict:
        fw, doc = self.fw, self.doc_id
        scale = {lv.number: lv for lv in fw.levels}
        used = sorted({n for b in fw.behaviours for n in b.levels}
                      | {n for r in fw.roles for n in r.behaviours.values()})
        level_ids = {}
        for number in sorted(set(scale) | set(used)):
            lv = scale.get(number)
            ext = {"number": number} | ({"description": lv.description} if lv and lv.description
                                        else {}) | ({} if lv else {"declared": False})
            level_ids[number] = self.item("level", (number,), lv.name if lv else "",
                                          f"Level {number}", ext, doc,
                                          humanCodingScheme=str(number))
        value_ids = {}
        for v in fw.values:
            value_ids[v.id] = self.item("value", (v.id,), v.name, v.id,
                                        self.fields(v, ("id", "name", "licence"), text=(
                                            "description",)), doc, humanCodingScheme=v.id,
                                        licenseURI=self.licence(v.licence) if v.licence else None)
        behaviour_levels: dict[tuple[str, int], str] = {}
        role_levels = {(b, n) for r in fw.roles for b, n in r.behaviours.items()}
        for b in fw.behaviours:
            withheld = self.restricted(b)
            if withheld and (b.description or any(b.levels.values())):
                self.withheld.append(f"behaviour {b.id} (description, indicators)")
            bid = self.item("behaviour", (b.id,), b.name, b.id,
                            self.fields(b, ("id", "name", "licence", "levels"),
                                        text=("description",)), doc, humanCodingScheme=b.id,
                            licenseURI=self.licence(b.licence) if b.licence else None)
            for value in b.values:
                self.associate("ext:expressesValue", bid, value_ids.get(value) or
                               ident(self.fid, "value", value))
            numbers = sorted(set(b.levels) | {n for (x, n) in role_levels if x == b.id})
            for number in numbers:
                ext = {"behaviour": b.id, "level": number}
                if number not in b.levels:
                    ext["declared"] = False
                lid = self.item("behaviour-level", (b.id, number), "",
                                f"{b.name or b.id}: level {number}", ext, bid,
                                humanCodingScheme=f"{b.id}.{number}")
                behaviour_levels[(b.id, number)] = lid
                self.associate("hasSkillLevel", lid, level_ids[number])
                for n, text in enumerate(b.levels.get(number, ())):
                    self.item("indicator", (b.id, number, n), "" if withheld else text,
                              f"{b.id} level {number} indicator {n + 1}",
                              {"behaviour": b.id, "level": number}
                              | ({"withheld": True} if withheld else {}), lid)
        standard_ids: dict[str, str] = {}
        criterion_ids: dict[tuple[str, str], str] = {}
        for s in fw.standards:
            self.standard(s, standard_ids, criterion_ids)
        for s in fw.standards:
            if s.superseded_by:
                target = standard_ids.get(normalise_code(s.superseded_by))
                if target is None:
                    target = ident(self.fid, "standard", normalise_code(s.superseded_by))
                    self.titles[target] = s.superseded_by
                self.associate("replacedBy", standard_ids[s.key], target)
        role_ids = {}
        for r in fw.roles:
            role_ids[r.id] = self.item("role", (r.id,), r.title, r.id,
                                       self.fields(r, ("id", "title")), doc,
                                       humanCodingScheme=r.id)
        for r in fw.roles:
            rid = role_ids[r.id]
            for attr, kind in (("standards", "ext:requiresStandard"),
                               ("optional_standards", "ext:mayUseStandard")):
                for code in getattr(r, attr):
                    target = standard_ids.get(normalise_code(code))
                    if target is None:
                        target = ident(self.fid, "standard", normalise_code(code))
                        self.titles[target] = code
                        self.losses.append(f"role {r.id}: standard {code} is not in the "
                                           "framework; linked to an item outside the package")
                    self.associate(kind, rid, target, grouping="requirements")
            for behaviour, number in sorted(r.behaviours.items()):  # as the TOML keeps them
                target = behaviour_levels.get((behaviour, number))
                if target is None:
                    target = ident(self.fid, "behaviour-level", behaviour, number)
                    self.titles[target] = f"{behaviour}.{number}"
                    self.losses.append(f"role {r.id}: behaviour {behaviour} is not in the "
                                       "framework; linked to an item outside the package")
                self.associate("hasSkillLevel", rid, target, grouping="requirements")
            for nxt in r.progresses_to:
                target = role_ids.get(nxt) or ident(self.fid, "role", nxt)
                self.titles.setdefault(target, nxt)
                self.associate("precedes", rid, target)
        for m in fw.mappings:
            self.mapping(m, standard_ids, criterion_ids, value_ids)
        return self.package()

    def standard(self, s: Any, standard_ids: dict, criterion_ids: dict) -> None:
        withheld = self.restricted(s)
        text_fields = ("overview", "scope_range", "values", "behaviours", "skills", "glossary")
        if withheld and (any(getattr(s, f) for f in text_fields) or
                         any(c.text for c in s.criteria)):
            self.withheld.append(f"standard {s.code} (overview and criteria text)")
        ext = self.fields(s, ("code", "title", "keywords", "suites", "date_approved", "licence",
                              "elements", "performance", "knowledge"), text=text_fields)
        sid = self.item("standard", (s.key,), s.title, s.code, ext, self.doc_id,
                        humanCodingScheme=s.code, conceptKeywords=s.keywords,
                        subject=s.suites,
                        subjectURI=[self.subject(x) for x in s.suites],
                        licenseURI=self.licence(s.licence) if s.licence else None,
                        statusStartDate=s.date_approved.isoformat() if s.date_approved else None)
        standard_ids[s.key] = sid
        groups = {}
        for g in s.elements:
            groups[g.code] = self.item("criteria-group", (s.key, g.code), g.title, g.code,
                                       {"standard": s.key}, sid, humanCodingScheme=g.code)
        for kind, criteria in (("performance", s.performance), ("knowledge", s.knowledge)):
            for c in criteria:
                ext = {"standard": s.key} | ({"element": c.element} if c.element else {})
                if withheld:
                    ext["withheld"] = True
                parent = groups.get(c.element, sid)
                if c.element and c.element not in groups:
                    ext["element"] = c.element
                criterion_ids[(s.key, c.id)] = self.item(
                    kind, (s.key, c.id), "" if withheld else c.text, c.id, ext, parent,
                    humanCodingScheme=c.id)

    def mapping(self, m: Any, standard_ids: dict, criterion_ids: dict, value_ids: dict) -> None:
        key = normalise_code(m.standard)
        target_kind, target = ("behaviour", m.behaviour) if m.behaviour else ("value", m.value)
        destination = (value_ids.get(target) if target_kind == "value" else None) or \
            ident(self.fid, target_kind, target)
        if target_kind == "behaviour" and not any(b.id == target for b in self.fw.behaviours):
            self.titles.setdefault(destination, target)
            self.losses.append(f"mapping {m.key}: behaviour {target} is not in the framework; "
                               "linked to an item outside the package")
        base = {"kind": "mapping", "standard": m.standard, target_kind: target}
        origins = [(None, standard_ids.get(key) or ident(self.fid, "standard", key))] \
            if not m.criteria else [(c, criterion_ids.get((key, c))) for c in m.criteria]
        for criterion, origin in origins:
            if origin is None:
                origin = ident(self.fid, "performance", key, criterion)
                self.titles.setdefault(origin, f"{m.standard} {criterion}")
                self.losses.append(f"mapping {m.key}: criterion {criterion} is not in standard "
                                   f"{m.standard}; linked to an item outside the package")
            elif origin not in self.titles:
                self.titles[origin] = m.standard
            ext = base | ({"criterion": criterion} if criterion is not None else {})
            self.associate("isRelatedTo", origin, destination, notes=m.note,
                           grouping="mappings", ext=ext, name=(criterion or "",))

    def fields(self, element: Any, native: Iterable[str], text: Iterable[str] = ()) -> dict:
        """The element's fields that CASE has no property for (defaults left out); text
        fields are left out when the element's licence restricts redistribution."""
        data = unstructure(element)
        withheld = self.restricted(element) if hasattr(element, "text_origin") else False
        out = {}
        for name, value in data.items():
            if name in native or (withheld and name in text):
                continue
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        if withheld and text:  # whether or not there was text: the same on every export
            out["withheld"] = True
        return out

    # -- the package --------------------------------------------------------------------------

    def document(self) -> dict:
        info = self.fw.framework
        raw = self.stored.get("document")
        if isinstance(raw, dict):  # an imported package's own document: kept, model on top
            doc = json.loads(json.dumps(raw))
            for key, value in (("title", info.title), ("description", info.description),
                               ("version", info.version)):
                if value or key in doc:
                    doc[key] = value
            if info.licence and "licenseURI" not in doc:
                doc["licenseURI"] = self.licence(info.licence)
            return doc
        doc = {"identifier": self.doc_id, "uri": self.uri("CFDocuments", self.doc_id),
               "caseVersion": "1.1", "creator": info.organisation or info.id,
               "title": info.title or info.id, "lastChangeDateTime": PLACEHOLDER}
        if info.description:
            doc["description"] = info.description
        if info.version:
            doc["version"] = info.version
        doc["adoptionStatus"] = _ADOPTION[info.status.value]
        if info.licence:
            doc["licenseURI"] = self.licence(info.licence)
        ext = {"id": info.id, "status": info.status.value}
        if info.organisation:
            ext["organisation"] = info.organisation
        if not info.title:
            ext["title"] = ""
        if self.fw.sources:
            ext["sources"] = [unstructure(s) for s in self.fw.sources]
        doc["extensions"] = {EXT: ext}
        return doc

    def package(self) -> dict:
        stored = self.stored
        definitions: dict[str, list] = {}
        raw_defs = stored.get("definitions") if isinstance(stored.get("definitions"), dict) \
            else {}
        ours = {"CFConcepts": [], "CFSubjects": list(self.subjects.values()),
                "CFLicenses": list(self.licences.values()),
                "CFItemTypes": list(self.item_types.values()),
                "CFAssociationGroupings": list(self.groupings.values())}
        for key, mine in ours.items():
            theirs = [d for d in raw_defs.get(key, ()) if isinstance(d, dict)]
            known = {d.get("identifier") for d in theirs}
            merged = theirs + [d for d in mine if d["identifier"] not in known]
            if merged or key in raw_defs:
                definitions[key] = merged
        for key, value in raw_defs.items():
            if key not in ours:
                definitions[key] = value
        package: dict[str, Any] = {"CFDocument": canonical(self.document(), "CFPckgDocument")}
        package["CFItems"] = [canonical(i, "CFPckgItem")
                              for i in list(stored.get("items", ())) + self.items]
        package["CFAssociations"] = [canonical(a, "CFPckgAssociation") for a in
                                     list(stored.get("associations", ())) + self.associations]
        package["CFDefinitions"] = {
            key: ([canonical(d, DEFINITIONS[key]) for d in value] if key in DEFINITIONS
                  else sorted_keys(value)) for key, value in definitions.items()}
        if stored.get("rubrics"):
            package["CFRubrics"] = [canonical(r, "CFRubric") for r in stored["rubrics"]]
        if stored.get("extensions"):
            package["extensions"] = sorted_keys(stored["extensions"])
        return package


def _case_table(fw: Framework) -> dict:
    table = fw.framework.extensions.get("case", {})
    return table if isinstance(table, dict) else {}


def fingerprint(package: dict) -> str:
    """What the package says, apart from when: the same framework gives the same one."""
    text = json.dumps(package, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp(value: Any, when: str) -> Any:
    if value == PLACEHOLDER:
        return when
    if isinstance(value, dict):
        return {k: _stamp(v, when) for k, v in value.items()}
    if isinstance(value, list):
        return [_stamp(v, when) for v in value]
    return value


def last_change(paths: Iterable[Path | None]) -> str:
    """The last change of the files a framework was composed from (UTC, whole seconds); now
    when it was composed from none (a framework built in memory)."""
    times = []
    for path in paths:
        try:
            if path is not None:
                times.append(os.stat(path).st_mtime)
        except OSError:
            pass
    moment = (dt.datetime.fromtimestamp(max(times), dt.timezone.utc) if times
              else dt.datetime.now(dt.timezone.utc))
    return moment.replace(microsecond=0).isoformat()


def build_package(fw: Framework, base_url: str = "", paths: Iterable[Path | None] = ()
                  ) -> tuple[dict, list[str]]:
    """The CFPackage of ``fw`` and the losses (lines naming what CASE cannot carry)."""
    builder = Builder(fw, base_url)
    package = builder.build()
    stored = builder.stored
    print_ = fingerprint(package)
    when = stored.get("lastChangeDateTime") if stored.get("fingerprint") == print_ else None
    if not isinstance(when, str):
        when = last_change(paths)
    doc = package["CFDocument"]
    if isinstance(stored.get("document"), dict) and stored.get("fingerprint") == print_:
        pass  # an imported package unchanged keeps its document's own time
    else:
        doc["lastChangeDateTime"] = PLACEHOLDER
    package = _stamp(package, when)
    losses = list(builder.losses)
    if builder.withheld:
        losses.append("text left out because its licence restricts redistribution (the "
                      "items say withheld): " + "; ".join(builder.withheld))
    return package, losses


def base_url_of(fw: Framework, base_url: str | None = None) -> str:
    """The base of the uris: given (the Python API, ``export_case(c, base_url=...)``), else
    ``NOSFRAME_CASE_BASE_URL``, else the framework's ``[framework.extensions.case] base_url``
    (an imported package's own); "" for ``urn:uuid:`` uris."""
    base = base_url or os.environ.get(BASE_URL_ENV, "") or \
        str(_case_table(fw).get("base_url", ""))
    if base and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base):
        raise FormatError(f"{base!r} is not an http(s) address", location=Location(
            file="--base-url" if base_url else BASE_URL_ENV if os.environ.get(BASE_URL_ENV)
            else "[framework.extensions.case] base_url"),
            hint="give the base of the uris, e.g. https://case.example.org")
    return base


def export_case(composed: Any, base_url: str | None = None) -> ExportResult:
    """``nosframe export PATH --to case``: the composed framework as a CFPackage."""
    fw = composed.framework
    paths = [layer.document.path for layer in composed.layers]
    package, losses = build_package(fw, base_url_of(fw, base_url), paths)
    if len(composed.layers) > 1 or any(layer.document.framework.overrides
                                       for layer in composed.layers):
        losses.insert(0, "extends and overrides are flattened: the package holds the composed "
                      "framework (provenance is in the json export)")
    if fw.library_lock:
        losses.append("[[library_lock]] records: "
                      + ", ".join(e.standard.code for e in fw.library_lock)
                      + " (their standards are exported as standards)")
    root = composed.root.document.framework
    if root.acknowledged:
        losses.append("[[acknowledged]] findings: " + ", ".join(
            f"{a.code} {a.element}".strip() for a in root.acknowledged))
    if any(item.get("extensions", {}).get(EXT) for item in package["CFItems"]):
        losses.append("NOS, role and behaviour fields CASE has no property for (validity, review "
                      "date, a role's purpose, its grade...) are in each item's "
                      "extensions.nosframe, which CASE tools keep but do not show")
    return ExportResult(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                        tuple(losses))


__all__ = ["Builder", "build_package", "export_case", "ident"]
