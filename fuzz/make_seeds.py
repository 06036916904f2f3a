#!/usr/bin/env python3
"""Seed corpus for fuzz/run.sh, made in SEEDS/ (a scratch folder outside the repository).

fuzz_dicom_file/ already holds the samples and fixture files; from them this makes
  fuzz_frame_decode/  each encapsulated file's first fragment behind the 8 header bytes the
                      target reads (syntax, colour/bits/planar, rows, columns, frames, split)
  fuzz_inputs/        zips of a few files (first byte 0) and DICOMDIRs (first byte 1)
  fuzz_json/          the project's JSON files and examples, behind the byte choosing the parser
"""
import glob
import io
import json
import os
import struct
import sys
import zipfile

seeds = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dicom = sorted(glob.glob(os.path.join(seeds, "fuzz_dicom_file", "*")))

SYNTAX = {b"1.2.840.10008.1.2.5": 0, b"1.2.840.10008.1.2.4.50": 1, b"1.2.840.10008.1.2.4.70": 2,
          b"1.2.840.10008.1.2.4.80": 3, b"1.2.840.10008.1.2.4.90": 4}


def us(data, group, element):
    key = struct.pack("<HH", group, element) + b"US\x02\x00"
    at = data.find(key)
    return struct.unpack("<H", data[at + 8:at + 10])[0] if at >= 0 else None


def first_fragment(data):
    at = data.find(b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff")
    if at < 0:
        return None
    pos = at + 12
    items = []
    while pos + 8 <= len(data) and data[pos:pos + 4] == b"\xfe\xff\x00\xe0" and len(items) < 2:
        length = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        items.append(data[pos + 8:pos + 8 + length])
        pos += 8 + length
    return items[1] if len(items) == 2 else None


made = 0
for path in dicom:
    data = open(path, "rb").read()
    at = data.find(b"\x02\x00\x10\x00UI")
    uid = data[at + 8:at + 8 + struct.unpack("<H", data[at + 6:at + 8])[0]].rstrip(b"\x00 ") if at >= 0 else b""
    syntax = SYNTAX.get(uid)
    frag = first_fragment(data) if syntax is not None else None
    if not frag or len(frag) > 512 * 1024:
        continue
    samples, bits = us(data, 0x28, 0x02) or 1, us(data, 0x28, 0x100) or 8
    rows, cols = us(data, 0x28, 0x10) or 1, us(data, 0x28, 0x11) or 1
    if rows > 1024 or cols > 1024:
        continue  # the target's header holds at most 1024 x 1024
    planar = us(data, 0x28, 0x06) or 0
    head = bytes([syntax, (1 if samples == 3 else 0) | (2 if bits == 16 else 0) | (4 if planar else 0)]) + \
        struct.pack("<HH", rows - 1, cols - 1) + bytes([0, 0])
    open(os.path.join(seeds, "fuzz_frame_decode", "seed-%d" % made), "wb").write(head + frag)
    made += 1

small = [p for p in dicom if os.path.getsize(p) < 64 * 1024][:12]
for i in range(0, len(small), 3):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for j, p in enumerate(small[i:i + 3]):
            z.write(p, "study/IM%04d.dcm" % j)
    open(os.path.join(seeds, "fuzz_inputs", "zip-%d" % i), "wb").write(b"\x00" + buf.getvalue())
for i, p in enumerate(glob.glob(os.path.join(seeds, "**", "DICOMDIR"), recursive=True)[:4]):
    open(os.path.join(seeds, "fuzz_inputs", "dicomdir-%d" % i), "wb").write(b"\x01" + open(p, "rb").read())

def put_json(kind, name, text):
    open(os.path.join(seeds, "fuzz_json", name), "wb").write(bytes([kind]) + text.encode())

put_json(0, "profile-doc", json.dumps({
    "veilProfile": 1, "name": "Lung trial 7", "base": "ps3.15", "level": "limited",
    "options": {"retainPatientCharacteristics": True, "cleanGraphics": False},
    "overrides": [{"keyword": "InstitutionName", "action": "D", "value": "TRIAL SITE 7"},
                  {"tag": "(0010,1010)", "action": "K", "comment": "age is needed"},
                  {"tag": "(60xx,0022)", "action": "X"}, {"tag": "(50xx,xxxx)", "action": "X"},
                  {"privateCreator": "SIEMENS CT VA0  COAD", "tag": "(0019,xx23)", "action": "K"}]}))
put_json(1, "review", json.dumps({
    "format": "veil-review", "version": 1, "nextBox": 2,
    "boxes": [{"id": "b1", "sopInstanceUid": "1.2.3", "frame": "all", "x": 0, "y": 0, "w": 10, "h": 5,
               "origin": "drawn", "findingId": ""}],
    "decisions": {"f1": "accepted"},
    "instances": {"1.2.3": {"reviewed": True, "reviewedBy": "A", "bulkReason": "", "framesSeen": [0]}},
    "profile": {"level": "publication", "options": [], "overrides": []}}))
put_json(2, "boxes-doc", json.dumps([
    {"file": "study/US/IM0001.dcm", "frame": "all", "x": 0, "y": 0, "w": 640, "h": 48},
    {"sopInstanceUid": "1.2.840.113619.2.55.3.1234", "frame": 0, "x": 410, "y": 12, "w": 220, "h": 30}]))
for i, p in enumerate(sorted(glob.glob(os.path.join(root, "profiles", "templates", "*.json")))):
    put_json(3, "template-%d" % i, open(p).read())
put_json(4, "allowlist", open(os.path.join(root, "profiles", "ocr-allowlist.json")).read())
print("seeds: %d frames, %d inputs, %d json" % (made, len(os.listdir(os.path.join(seeds, "fuzz_inputs"))),
                                                len(os.listdir(os.path.join(seeds, "fuzz_json")))))
