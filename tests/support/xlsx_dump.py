#!/usr/bin/env python3
"""Issue 14 item 6: an independent reader of .xlsx files for the tests.

Reads a workbook with zipfile and xml.etree only (no spreadsheet library,
nothing of ours) and prints it as JSON on stdout:

  {"sheets": [{"name": ..., "frozen_rows": 1, "frozen_cols": 0,
               "autofilter": "A1:C4",
               "rows": [[{"v": value, "t": "n"|"s"|"b", "fmt": "0.00%"}, ...], ...]}]}

Rows are dense from A1 (missing cells are null); "fmt" is the cell's number
format code ("General" for none). Usage: xlsx_dump.py FILE.xlsx
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# ECMA-376 part 1, 18.8.30: the built-in number formats the writer may use.
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
                   9: "0%", 10: "0.00%", 14: "mm-dd-yy", 22: "m/d/yy h:mm"}


def column_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n - 1


def split_ref(ref):
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    return int(m.group(2)) - 1, column_index(m.group(1))


def read_formats(z):
    if "xl/styles.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode")
              for f in root.findall("m:numFmts/m:numFmt", NS)}
    out = []
    for xf in root.findall("m:cellXfs/m:xf", NS):
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid, BUILTIN_FORMATS.get(fid, "builtin:%d" % fid)))
    return out


def read_shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
            for si in root.findall("m:si", NS)]


def read_sheet(z, path, name, strings, formats):
    root = ET.fromstring(z.read(path))
    cells = {}
    for c in root.iter("{%s}c" % NS["m"]):
        row, col = split_ref(c.get("r"))
        t = c.get("t", "n")
        fmt = formats[int(c.get("s", "0"))] if formats else "General"
        v = c.find("m:v", NS)
        if t == "inlineStr":
            value, kind = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])), "s"
        elif v is None:
            continue
        elif t == "s":
            value, kind = strings[int(v.text)], "s"
        elif t == "str":
            value, kind = v.text or "", "s"
        elif t == "b":
            value, kind = v.text == "1", "b"
        else:
            value, kind = float(v.text), "n"
        cells[(row, col)] = {"v": value, "t": kind, "fmt": fmt}
    rows = []
    if cells:
        last_row = max(r for r, _ in cells)
        last_col = max(c for _, c in cells)
        rows = [[cells.get((r, c)) for c in range(last_col + 1)] for r in range(last_row + 1)]
    frozen_rows = frozen_cols = 0
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is not None and pane.get("state") == "frozen":
        frozen_rows = int(float(pane.get("ySplit", "0")))
        frozen_cols = int(float(pane.get("xSplit", "0")))
    af = root.find("m:autoFilter", NS)
    return {"name": name, "frozen_rows": frozen_rows, "frozen_cols": frozen_cols,
            "autofilter": af.get("ref") if af is not None else None, "rows": rows}


def main(path):
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", NS)}
        strings = read_shared_strings(z)
        formats = read_formats(z)
        sheets = []
        for s in wb.findall("m:sheets/m:sheet", NS):
            target = targets[s.get("{%s}id" % NS["r"])].lstrip("/")
            path_in_zip = target if target.startswith("xl/") else "xl/" + target
            sheets.append(read_sheet(z, path_in_zip, s.get("name"), strings, formats))
    json.dump({"sheets": sheets}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
