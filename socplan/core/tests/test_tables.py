"""The shared table writer (:mod:`socplan.core.tables`): CSV as the Czech Excel reads it,
XLSX with a bold header, column getters, widths and date formats, the download response."""

import csv
import datetime
import io
from types import SimpleNamespace

from openpyxl import load_workbook

from socplan.core import tables

PEOPLE = [
    SimpleNamespace(name="Žofie Černá", born=datetime.date(1950, 3, 1), note="=1+1"),
    SimpleNamespace(name="Jan Novák", born=None, note="ok"),
]


def people_table(**extra) -> tables.Table:
    return tables.Table(
        name="people",
        title="Lidé: seznam",
        columns=[
            tables.Column("Jméno", lambda p: p.name, width=40),
            tables.Column("Narozen", lambda p: p.born, date=True),
            tables.Column("Poznámka", lambda p: p.note),
        ],
        rows=PEOPLE,
        **extra,
    )


def test_csv_has_the_bom_semicolons_and_texts_that_cannot_run():
    data = tables.csv_bytes(people_table())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Jméno", "Narozen", "Poznámka"],
        ["Žofie Černá", "1950-03-01", "'=1+1"],
        ["Jan Novák", "", "ok"],
    ]


def test_csv_of_plain_rows_without_a_header():
    table = tables.Table(name="t", title="t", rows=[["a", "-b"], [1, None]], header=False)
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(table).decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "'-b"], ["1", ""]]


def test_xlsx_sheets_header_widths_dates_and_source():
    plain = tables.Table(name="plain", title="Lidé: seznam", columns=["A"], rows=[["x"]])
    data = tables.xlsx_bytes([people_table(source="ČSÚ"), plain])
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Lidé  seznam", "Lidé  seznam (2)"]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Jméno", "Narozen", "Poznámka"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet["B2"].value.date() == datetime.date(1950, 3, 1)
    assert sheet["B2"].number_format == tables.DATE_FORMAT
    assert sheet["C2"].value == "=1+1" and sheet["C2"].data_type == "s" and sheet["C2"].quotePrefix
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width == 40
    assert sheet["A5"].value == "Source: ČSÚ"
    assert workbook.worksheets[1].column_dimensions["A"].width == tables.FIRST_COLUMN_WIDTH


def test_the_response_is_an_attachment_of_the_format():
    response = tables.response([people_table()], fmt="csv", file_name="lide")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lide.csv"'
    assert response.content.decode("utf-8-sig").startswith("Jméno;Narozen;Poznámka")
    xlsx = tables.download(b"PK", fmt="xlsx", file_name="x")
    assert xlsx["Content-Type"] == tables.FORMATS["xlsx"]
    assert xlsx["Content-Disposition"] == 'attachment; filename="x.xlsx"'


def test_xlsx_intro_rows_come_above_the_table():
    table = tables.Table(
        name="figures",
        title="Ukazatele",
        columns=["Ukazatel", "Hodnota"],
        rows=[["Jednání", 5]],
        intro=[["KPSS Humpolec"], ["Od", datetime.date(2019, 1, 1)]],
    )
    sheet = load_workbook(io.BytesIO(tables.xlsx_bytes([table]))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "KPSS Humpolec" and sheet["A1"].font.bold and sheet["A1"].font.sz == 13
    assert sheet["B2"].value.date() == datetime.date(2019, 1, 1)
    assert sheet["B2"].number_format == tables.DATE_FORMAT
    assert rows[2] == (None, None)
    assert rows[3:] == [("Ukazatel", "Hodnota"), ("Jednání", 5)] and sheet["A4"].font.bold
    assert sheet.freeze_panes is None


def test_xlsx_filter_freezes_under_the_header_and_wrapped_columns_wrap():
    table = tables.Table(
        name="comments",
        title="Připomínky",
        columns=[tables.Column("Č."), tables.Column("Text", wrap=True)],
        rows=[[1, "Dlouhý text"], [2, "Jiný text"]],
        intro=[["Kolo 1"]],
        filter=True,
    )
    sheet = load_workbook(io.BytesIO(tables.xlsx_bytes([table]))).active
    assert sheet["A3"].value == "Č."
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:B5"
    assert sheet["B4"].alignment.wrap_text and sheet["B4"].alignment.vertical == "top"
    assert not sheet["A4"].alignment.wrap_text


def test_documents_download_as_attachment_or_inline():
    pdf = tables.download(b"%PDF", fmt="pdf", file_name="zapis")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="zapis.pdf"'
    shown = tables.download(b"%PDF", fmt="pdf", file_name="zapis", inline=True)
    assert shown["Content-Disposition"] == 'inline; filename="zapis.pdf"'
    docx = tables.download(b"PK", fmt="docx", file_name="zprava")
    assert docx["Content-Type"].endswith("wordprocessingml.document")
