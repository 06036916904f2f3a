#!/usr/bin/env python3
"""Converts the DICOM standard's PS3.15 tables into Veil's profile data files.

    profiles/tools/convert_ps315.py [SHARED_PS315_DIR]

Reads table-e1-1.json (Annex E Table E.1-1, Application Level Confidentiality
Profile Attributes) and table-e3-10-1.json (Table E.3.10-1, Safe Private
Attributes) from SHARED_PS315_DIR (default: ../shared/ps3.15 beside the
repository) and writes, next to this script's folder:

    profiles/ps315-e1-1.json     one row per attribute or wildcard pattern
    profiles/safe-private.json   one row per safe private element, with its source

Both state the edition they came from and the SHA-256 of the file they were
made from. Run it again when a new edition of the standard is dropped in; the
engine reads the outputs at run time (embedded as Qt resources).
"""
import hashlib
import json
import pathlib
import re
import sys

ACTIONS = {"D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"}
OPTIONS = [
    "retainSafePrivate", "retainUIDs", "retainDeviceIdentity", "retainInstitutionIdentity",
    "retainPatientCharacteristics", "retainLongitudinalFullDates",
    "retainLongitudinalModifiedDates", "cleanDescriptors", "cleanStructuredContent",
    "cleanGraphics",
]
TAG = re.compile(r"^\(([0-9A-Fa-fx]{4}),([0-9A-Fa-fx]{4})\)$")
PRIVATE_ROW = "(gggg,eeee) where gggg is odd"


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tag_pattern(raw):
    """'(0008,0050)' stays; '(50xx,xxxx)' becomes '(50XX,XXXX)' with X as a wildcard nibble."""
    if raw == PRIVATE_ROW:
        return None
    m = TAG.match(raw)
    if not m:
        sys.exit(f"table-e1-1.json: unrecognised tag pattern {raw!r}")
    return "({},{})".format(m.group(1).upper(), m.group(2).upper())


def convert_e11(src):
    data = json.loads(src.read_text())
    rows, private_row = [], None
    for r in data["rows"]:
        action = r["basicProfile"]
        if action not in ACTIONS:
            sys.exit(f"table-e1-1.json: {r['tag']} has unknown action {action!r}")
        for key, value in r["options"].items():
            if key not in OPTIONS or value not in ACTIONS:
                sys.exit(f"table-e1-1.json: {r['tag']} option {key}={value!r} not understood")
        row = {"tag": tag_pattern(r["tag"]), "name": r["name"], "retired": r["retired"],
               "inStdCompIOD": r["inStdCompIOD"], "basic": action, "options": r["options"]}
        if row["tag"] is None:
            private_row = {k: v for k, v in row.items() if k != "tag"}
        else:
            rows.append(row)
    rows.sort(key=lambda r: r["tag"])
    return {
        "table": data["table"],
        "edition": data["edition"],
        "source": f"{src.name} (sha256 {sha256(src)})",
        "generatedBy": "profiles/tools/convert_ps315.py",
        "privateAttributes": private_row,
        "rows": rows,
    }


def convert_safe_private(src):
    data = json.loads(src.read_text())
    rows = []
    for r in data["rows"]:
        m = re.match(r"^\(([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\)$", r["tag"])
        if not m:
            sys.exit(f"table-e3-10-1.json: unrecognised private tag {r['tag']!r}")
        rows.append({
            "group": m.group(1).upper(), "element": m.group(2).upper(),
            "privateCreator": r["privateCreator"].strip(), "vr": r.get("vr", ""),
            "meaning": r.get("meaning", ""),
            "source": f"PS3.15 Table E.3.10-1, edition {data['edition']}",
        })
    rows.sort(key=lambda r: (r["privateCreator"].lower(), r["group"], r["element"]))
    return {
        "table": data["table"],
        "edition": data["edition"],
        "source": f"{src.name} (sha256 {sha256(src)})",
        "generatedBy": "profiles/tools/convert_ps315.py",
        "rows": rows,
    }


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    shared = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent.parent / "shared" / "ps3.15"
    if not (shared / "table-e1-1.json").exists():
        sys.exit(f"{shared}: no table-e1-1.json here (pass the folder holding the PS3.15 tables)")
    outputs = {
        "ps315-e1-1.json": convert_e11(shared / "table-e1-1.json"),
        "safe-private.json": convert_safe_private(shared / "table-e3-10-1.json"),
    }
    for name, doc in outputs.items():
        (here / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote profiles/{name}: {len(doc['rows'])} rows, edition {doc['edition']}")


if __name__ == "__main__":
    main()
