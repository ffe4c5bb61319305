"""Workbooks for the tests: a small valid Piano, written with the product's own headers, that a test
changes one cell of."""

import copy
from decimal import Decimal

from piani import layout
from piani.workbook import SheetSpec, write_workbook

BASE = {
    layout.PIANO: [{"Primo anno": 2018, "Ultimo anno": 2020, "Titolo": "Piano della Performance", "Stato": "Bozza"}],
    layout.PERSONE: [{"E-mail": "anna@example.org", "Nome": "Anna", "Cognome": "Rossi", "Ruolo": "Responsabile"}],
    layout.AREE: [{"Codice": "AMM", "Nome": "Area amministrativa", "Responsabile": "anna@example.org", "Ordine": 1}],
    layout.STRATEGICI: [{"Codice": "OS1", "Titolo": "Un Comune digitale"}],
    layout.OBIETTIVI: [{"Codice": "AMM.1", "Area": "AMM", "Titolo": "Protocollo digitale", "Tipo": "Strategico",
                        "Peso": Decimal(10), "Obiettivo strategico": "OS1", "Scadenza": "31/12/2018"}],
    layout.FASI: [{"Obiettivo": "AMM.1", "Fase": "Formazione", "Inizio": "15/01/2018", "Fine": "31/03/2018"}],
    layout.INDICATORI: [{"Obiettivo": "AMM.1", "Indicatore": "Documenti protocollati", "Formula": "Numero",
                         "Verso": "Crescente (più alto è meglio)", "Peso": Decimal(100),
                         "Target 2018": Decimal(90), "Target 2019": "95", "Target 2020": "97,5"}],
}


def sheets(**changes):
    """BASE with whole sheets replaced: sheets(Obiettivi=[...]); a value of None drops the sheet."""
    data = copy.deepcopy(BASE)
    for name, rows in changes.items():
        name = {"Obiettivi_strategici": layout.STRATEGICI}.get(name, name)
        if rows is None:
            data.pop(name, None)
        else:
            data[name] = rows
    return data


def with_cell(sheet, column, value, *, row=0):
    """BASE with one cell changed (column added if new)."""
    data = copy.deepcopy(BASE)
    data[sheet][row][column] = value
    return data


def book(data=None, fmt="xlsx"):
    """The bytes of a workbook with the sheets of `data` ({sheet: [ {header: value} ]})."""
    data = BASE if data is None else data
    specs = []
    for name, rows in data.items():
        headers = []
        for row in rows or [{}]:
            for header in row:
                if header not in headers:
                    headers.append(header)
        if not headers:
            headers = [c.header for c in layout.COLONNE.get(name, [])]
        specs.append(SheetSpec(name, headers, [[row.get(h) for h in headers] for row in rows]))
    return write_workbook(specs, fmt)
