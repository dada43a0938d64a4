#!/usr/bin/env python3
"""A second implementation of the office's side of the Excel round trip, for
tests/xlsx.rs: it reads and writes workbooks with openpyxl, not with the
crates mieruka uses.

    fill.py inspect BOOK.xlsx
        Prints what a person sees in the workbook as JSON: sheets, frozen
        rows, protection, the header row (found by looking for it), and for
        each row below it every cell's value, number format, lock and fill;
        the data validations and column widths.

    fill.py fill BOOK.xlsx OUT.xlsx CELLS.json
        Fills in cells of an exported workbook as Excel would store them and
        saves OUT.xlsx. CELLS.json is a list of
        {"indicator": id, "column": name, "as": kind, "value": v}, where kind is
        number | text | bool | date | error | formula | formula_unsaved.
        "formula" also takes "cached": the result Excel would have saved.

    fill.py scratch OUT.xlsx BOOK.json
        Writes a new workbook: {"sheet": name, "rows": [[...], ...]} from
        row 1 (the header first); JSON numbers become number cells and
        strings text cells.

Only cells left unlocked by the export are filled in; writing a locked one
is an error here, as Excel would refuse it on a protected sheet.
"""

import datetime
import json
import re
import sys
import zipfile

import openpyxl


def header_row(ws):
    """The first row that names `indicator_id`, as a person would look for it."""
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)):
        names = [c.value for c in row]
        if "indicator_id" in names:
            return row[0].row, {v: c.column for v, c in zip(names, row) if isinstance(v, str)}
    raise SystemExit("no header row with indicator_id")


def inspect(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header, columns = header_row(ws)
    rows = []
    for row in ws.iter_rows(min_row=header + 1, max_row=ws.max_row):
        cells = {}
        for name, col in columns.items():
            c = row[col - 1]
            cells[name] = {
                "value": c.value,
                "type": c.data_type,
                "number_format": c.number_format,
                "locked": c.protection.locked,
                "fill": c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None,
            }
        rows.append({"row": row[0].row, "cells": cells})
    validations = [
        {
            "sqref": str(dv.sqref),
            "type": dv.type,
            "formula1": dv.formula1,
            "formula2": dv.formula2,
            "error_title": dv.errorTitle,
            "prompt": dv.prompt,
        }
        for dv in ws.data_validations.dataValidation
    ]
    widths = {
        name: ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width
        for name, col in columns.items()
    }
    out = {
        "sheets": wb.sheetnames,
        "freeze_panes": ws.freeze_panes,
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "may_resize_columns": not ws.protection.formatColumns,
        "instructions": ws.cell(row=1, column=1).value if header > 1 else None,
        "header_row": header,
        "header": [ws.cell(row=header, column=c).value for c in range(1, ws.max_column + 1)],
        "rows": rows,
        "validations": validations,
        "widths": widths,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


def fill(src, out, cells_path):
    with open(cells_path, encoding="utf-8") as f:
        cells = json.load(f)
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    header, columns = header_row(ws)
    by_indicator = {}
    for row in ws.iter_rows(min_row=header + 1, max_row=ws.max_row):
        value = row[columns["indicator_id"] - 1].value
        if value is not None:
            by_indicator[value] = row[0].row
    cached = {}
    for spec in cells:
        cell = ws.cell(row=by_indicator[spec["indicator"]], column=columns[spec["column"]])
        if cell.protection.locked:
            raise SystemExit(f"{cell.coordinate} is locked on the protected sheet")
        kind, value = spec["as"], spec.get("value")
        if kind == "number":
            cell.value = value
        elif kind == "text":
            cell.value = value
            cell.data_type = "s"
        elif kind == "bool":
            cell.value = bool(value)
        elif kind == "date":
            cell.value = datetime.date.fromisoformat(value)
            cell.number_format = "yyyy/m/d"
        elif kind == "error":
            cell.value = value  # openpyxl stores "#VALUE!" etc. as an error cell
            assert cell.data_type == "e", cell.data_type
        elif kind in ("formula", "formula_unsaved"):
            cell.value = value  # "=400+52"
            assert cell.data_type == "f", cell.data_type
            if kind == "formula":
                cached[cell.coordinate] = spec["cached"]
        else:
            raise SystemExit(f"unknown kind {kind}")
    wb.save(out)
    if cached:
        save_results(out, wb.worksheets.index(ws), cached)


def save_results(path, index, cached):
    """openpyxl saves a formula without its result (`<f>400+52</f><v />`);
    Excel saves the result it computed beside it (`<v>452</v>`). Write the
    result in, as Excel would, by editing the sheet's XML in the archive."""
    sheet = f"xl/worksheets/sheet{index + 1}.xml"
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    rewritten = []
    for info, data in entries:
        if info.filename == sheet:
            xml = data.decode("utf-8")
            for ref, value in cached.items():
                pattern = re.compile(r'(<c r="%s"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?(</c>)' % ref)
                xml, n = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}<v>{value}</v>{m.group(4)}", xml)
                if n != 1:
                    raise SystemExit(f"formula cell {ref} not found in {sheet}")
            data = xml.encode("utf-8")
        rewritten.append((info, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in rewritten:
            z.writestr(info, data)


def scratch(out, book_path):
    with open(book_path, encoding="utf-8") as f:
        book = json.load(f)
    wb = openpyxl.Workbook()
    ws = wb.active
    if "sheet" in book:
        ws.title = book["sheet"]
    for row in book["rows"]:
        ws.append(row)
    wb.save(out)


def main(argv):
    if len(argv) == 3 and argv[1] == "inspect":
        inspect(argv[2])
    elif len(argv) == 5 and argv[1] == "fill":
        fill(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "scratch":
        scratch(argv[2], argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
