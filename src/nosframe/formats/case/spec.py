"""What the official CASE 1.1 CFPackage schema allows, and the repairs a real package needs.

The tables below are the properties and required properties of each class of the 1EdTech
JSON Schema ``case_v1p1_cfpackage-jsonschema1.json`` (every class has
``additionalProperties: false`` except the ``extensions`` objects). Real packages do not
follow it (OpenSALT and the Smarter Balanced server put ``CFDocumentURI`` on every item and
association, ``CFPackageURI`` on the document, leave out an item type's ``description``...), so
:func:`conform` makes a published object valid without losing anything: a property the class
does not have goes into the object's ``extensions`` (which CASE leaves open for exactly this)
under :data:`UNLISTED`, a required one missing is filled in, and each change is described.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

#: class -> (properties, required properties), as in the official CASE 1.1 package schema
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "CFPckgDocument": (
        ("identifier", "uri", "frameworkType", "caseVersion", "creator", "title",
         "lastChangeDateTime", "officialSourceURL", "publisher", "description", "subject",
         "subjectURI", "language", "version", "adoptionStatus", "statusStartDate",
         "statusEndDate", "licenseURI", "notes", "extensions"),
        ("identifier", "uri", "creator", "title", "lastChangeDateTime")),
    "CFPckgItem": (
        ("identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri",
         "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
         "conceptKeywordsURI", "notes", "subject", "subjectURI", "language", "educationLevel",
         "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate",
         "lastChangeDateTime", "extensions"),
        ("identifier", "fullStatement", "uri", "lastChangeDateTime")),
    "CFPckgAssociation": (
        ("identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
         "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime", "notes",
         "extensions"),
        ("identifier", "associationType", "uri", "originNodeURI", "destinationNodeURI",
         "lastChangeDateTime")),
    "LinkURI": (("title", "identifier", "uri"), ("title", "identifier", "uri")),
    "LinkGenURI": (("title", "identifier", "uri", "targetType"), ("title", "identifier", "uri")),
    "CFConcept": (
        ("identifier", "uri", "title", "keywords", "hierarchyCode", "description",
         "lastChangeDateTime", "extensions"),
        ("identifier", "uri", "title", "hierarchyCode", "lastChangeDateTime")),
    "CFSubject": (
        ("identifier", "uri", "title", "hierarchyCode", "description", "lastChangeDateTime",
         "extensions"),
        ("identifier", "uri", "title", "hierarchyCode", "lastChangeDateTime")),
    "CFLicense": (
        ("identifier", "uri", "title", "description", "licenseText", "lastChangeDateTime",
         "extensions"),
        ("identifier", "uri", "title", "licenseText", "lastChangeDateTime")),
    "CFItemType": (
        ("identifier", "uri", "title", "description", "hierarchyCode", "typeCode",
         "lastChangeDateTime", "extensions"),
        ("identifier", "uri", "title", "description", "hierarchyCode", "lastChangeDateTime")),
    "CFAssociationGrouping": (
        ("identifier", "uri", "title", "description", "lastChangeDateTime", "extensions"),
        ("identifier", "uri", "title", "lastChangeDateTime")),
    "CFRubric": (
        ("identifier", "uri", "title", "description", "lastChangeDateTime", "CFRubricCriteria",
         "extensions"),
        ("identifier", "uri", "lastChangeDateTime")),
    "CFRubricCriterion": (
        ("identifier", "uri", "category", "description", "CFItemURI", "weight", "position",
         "rubricId", "lastChangeDateTime", "CFRubricCriterionLevels", "extensions"),
        ("identifier", "uri", "lastChangeDateTime")),
    "CFRubricCriterionLevel": (
        ("identifier", "uri", "description", "quality", "score", "feedback", "position",
         "rubricCriterionId", "lastChangeDateTime", "extensions"),
        ("identifier", "uri", "lastChangeDateTime")),
}

#: CFDefinitions key -> class of its entries
DEFINITIONS = {"CFConcepts": "CFConcept", "CFSubjects": "CFSubject", "CFLicenses": "CFLicense",
               "CFItemTypes": "CFItemType", "CFAssociationGroupings": "CFAssociationGrouping"}

#: properties holding links: (class, property) -> (class of the link, a list of them)
LINKS = {
    ("CFPckgDocument", "subjectURI"): ("LinkURI", True),
    ("CFPckgDocument", "licenseURI"): ("LinkURI", False),
    ("CFPckgItem", "conceptKeywordsURI"): ("LinkURI", False),
    ("CFPckgItem", "subjectURI"): ("LinkURI", True),
    ("CFPckgItem", "CFItemTypeURI"): ("LinkURI", False),
    ("CFPckgItem", "licenseURI"): ("LinkURI", False),
    ("CFPckgAssociation", "originNodeURI"): ("LinkGenURI", False),
    ("CFPckgAssociation", "destinationNodeURI"): ("LinkGenURI", False),
    ("CFPckgAssociation", "CFAssociationGroupingURI"): ("LinkURI", False),
    ("CFRubricCriterion", "CFItemURI"): ("LinkURI", False),
}

#: nested objects that are not links
NESTED = {("CFRubric", "CFRubricCriteria"): "CFRubricCriterion",
          ("CFRubricCriterion", "CFRubricCriterionLevels"): "CFRubricCriterionLevel"}

#: the association types CASE 1.1 names; any other must be written ``ext:name``
ASSOCIATION_TYPES = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes",
                     "isRelatedTo", "replacedBy", "exemplar", "hasSkillLevel",
                     "isTranslationOf")
_EXT_NAME = re.compile(r"ext:[A-Za-z0-9.|\-_]+")

#: where conform() keeps what the class has no property for, inside ``extensions``
UNLISTED = "nosframe:notInCASE1.1"

_DATE_TIME_FIELDS = ("lastChangeDateTime",)
_DATE_FIELDS = ("statusStartDate", "statusEndDate")
_INTEGER_FIELDS = ("sequenceNumber", "position")
_NUMBER_FIELDS = ("weight", "score")


def is_uuid(text: Any) -> bool:
    """What the schema's ``format: uuid`` accepts (as jsonschema checks it)."""
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return all(text[i] == "-" for i in (8, 13, 18, 23))


def date_time(value: Any) -> str | None:
    """``value`` as an RFC 3339 date-time (a zone is required; naive times are taken as UTC),
    or None when it is not a date-time at all."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        return value
    return parsed.isoformat()


class Repairs:
    """What :func:`conform` changed, one line each, for the importer's report."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, where: str, text: str) -> None:
        self.lines.append(f"{where}: {text}")


def conform(obj: dict, cls: str, where: str, repairs: Repairs, *, fill: dict) -> dict:
    """A copy of ``obj`` (a published CASE object of class ``cls``) that the CASE 1.1 schema
    accepts, keeping everything: unlisted properties go to ``extensions[UNLISTED]``; ``null``
    values are dropped (TOML has no null); required properties missing are taken from ``fill``
    (or ``""``). ``where`` names the object in repair lines (``CFItems[3]``)."""
    allowed, required = CLASSES[cls]
    out: dict[str, Any] = {}
    unlisted: dict[str, Any] = {}
    for key, value in obj.items():
        at = f"{where}.{key}"
        if value is None:
            repairs.add(at, "null dropped")
            continue
        if key not in allowed:
            unlisted[key] = _plain(value, at, repairs)
            continue
        link = LINKS.get((cls, key))
        if link is not None:
            link_cls, many = link
            if many and isinstance(value, list):
                value = [conform(v, link_cls, f"{at}[{n}]", repairs, fill={})
                         if isinstance(v, dict) else v for n, v in enumerate(value)]
                value = [v for v in value if isinstance(v, dict)]
            elif isinstance(value, dict):
                value, extra = _conform_link(value, link_cls, at, repairs)
                if extra:
                    unlisted[key] = extra
            else:
                unlisted[key] = _plain(value, at, repairs)
                repairs.add(at, f"not a link object: kept in extensions[{UNLISTED!r}]")
                continue
        elif (cls, key) in NESTED and isinstance(value, list):
            value = [conform(v, NESTED[(cls, key)], f"{at}[{n}]", repairs, fill={})
                     for n, v in enumerate(value) if isinstance(v, dict)]
        elif key == "extensions":
            if not isinstance(value, dict):
                repairs.add(at, f"not an object: kept in extensions[{UNLISTED!r}]")
                unlisted[key] = _plain(value, at, repairs)
                continue
            value = _plain(value, at, repairs)
        else:
            value = _scalar(key, value, at, repairs)
            if value is None:
                unlisted[key] = _plain(obj[key], at, repairs)
                continue
        out[key] = value
    if cls == "CFPckgAssociation" and isinstance(out.get("associationType"), str):
        kind = out["associationType"]
        if kind not in ASSOCIATION_TYPES and not _EXT_NAME.fullmatch(kind):
            name = "ext:" + (re.sub(r"[^A-Za-z0-9._\-]", "_", kind.removeprefix("ext:")) or "x")
            unlisted["associationType"] = kind
            out["associationType"] = name
            repairs.add(f"{where}.associationType", f"{kind!r} is not a CASE 1.1 type: written "
                        f"{name!r} (the original is kept in extensions)")
    for key in required:
        if key not in out:
            out[key] = fill.get(key, "")
            repairs.add(where, f"required {key!r} missing: set to {out[key]!r}")
    if unlisted:
        ext = dict(out.get("extensions", {}))
        ext[UNLISTED] = {**ext.get(UNLISTED, {}), **unlisted}
        out["extensions"] = ext
        repairs.add(where, "kept in extensions: " + ", ".join(sorted(unlisted))
                    + " (not properties of " + cls + " in CASE 1.1)")
    return out  # in the object's own key order


def _conform_link(value: dict, cls: str, at: str, repairs: Repairs) -> tuple[dict, dict]:
    allowed, required = CLASSES[cls]
    link = {k: v for k, v in value.items() if k in allowed and v is not None}
    extra = {k: _plain(v, f"{at}.{k}", repairs) for k, v in value.items()
             if k not in allowed and v is not None}
    for key in required:
        if not isinstance(link.get(key), str):
            if key in link:
                extra[key] = link[key]
            link[key] = "" if key != "uri" else f"urn:uuid:{link.get('identifier', '')}"
            repairs.add(at, f"link without a {key!r}: set to {link[key]!r}")
    target = link.get("targetType")
    if target is not None and target != "CASE" and not (
            isinstance(target, str) and _EXT_NAME.fullmatch(target)):
        extra["targetType"] = target
        del link["targetType"]
        repairs.add(f"{at}.targetType", f"{target!r} is not a CASE 1.1 target type: kept in "
                    "extensions")
    ordered = [k for k in value if k in link] + [k for k in link if k not in value]
    return {k: link[k] for k in ordered}, extra


def _scalar(key: str, value: Any, at: str, repairs: Repairs) -> Any:
    """A property value as the schema types it, repaired where the meaning is clear; None when
    it cannot be (the caller keeps the original in extensions)."""
    if key in _DATE_TIME_FIELDS:
        fixed = date_time(value)
        if fixed is None:
            repairs.add(at, f"{value!r} is not a date-time")
            return None
        if fixed != value:
            repairs.add(at, f"{value!r} written as the date-time {fixed!r}")
        return fixed
    if key in _DATE_FIELDS:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 \
                    else None
            except ValueError:
                pass
        repairs.add(at, f"{value!r} is not a date")
        return None
    if key in _INTEGER_FIELDS:
        if type(value) is int:
            return value
        if isinstance(value, str) and value.strip().isdigit():
            repairs.add(at, f"{value!r} written as the number {int(value)}")
            return int(value)
        repairs.add(at, f"{value!r} is not a whole number")
        return None
    if key in _NUMBER_FIELDS:
        return value if type(value) in (int, float) else None
    if key in ("subject", "educationLevel", "conceptKeywords"):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        if isinstance(value, str):
            repairs.add(at, "a single string written as a list of one")
            return [value]
        return None
    return value if isinstance(value, str) else None


def _plain(value: Any, at: str, repairs: Repairs) -> Any:
    """``value`` without nulls (TOML cannot hold them), each dropped one described."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                repairs.add(f"{at}.{k}", "null dropped")
            else:
                out[str(k)] = _plain(v, f"{at}.{k}", repairs)
        return out
    if isinstance(value, list):
        kept = [_plain(v, f"{at}[{n}]", repairs) for n, v in enumerate(value) if v is not None]
        if len(kept) != len(value):
            repairs.add(at, "null entries dropped")
        return kept
    return value


def canonical(obj: Any, cls: str) -> Any:
    """``obj`` with its keys in the schema's order of ``cls`` (unknown keys after them) and
    the keys of ``extensions`` sorted: saving to TOML moves tables after plain keys, so an
    export keeps one order however often it went through a framework file."""
    if not isinstance(obj, dict) or cls not in CLASSES:
        return obj
    allowed = CLASSES[cls][0]
    keys = [k for k in allowed if k in obj] + [k for k in obj if k not in allowed]
    out = {}
    for key in keys:
        value = obj[key]
        link = LINKS.get((cls, key))
        if link is not None:
            value = ([canonical(v, link[0]) for v in value] if isinstance(value, list)
                     else canonical(value, link[0]))
        elif (cls, key) in NESTED and isinstance(value, list):
            value = [canonical(v, NESTED[(cls, key)]) for v in value]
        elif key == "extensions":
            value = sorted_keys(value)
        out[key] = value
    return out


def sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_keys(v) for v in value]
    return value
