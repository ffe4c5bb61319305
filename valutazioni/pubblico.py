"""The premi's public aggregates as CSV rows (D.Lgs. 33/2013 art. 20): one place for the download and
for the size the transparency tree prints beside its link. Aggregates only: no name, no individual figure."""

import csv
import io

from opendata.writers import neutralise

from . import rules, selectors


def csv_bytes(rows):
    """UTF-8 with the BOM (Italian spreadsheets read UTF-8 only with it), `;`, text cells guarded."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _amount(value):
    return rules.show(value) if value is not None else ""


def ammontare_rows(ente):
    """«Ammontare complessivo dei premi»: stanziati and distribuiti per year and group."""
    return [["Anno", "Destinatari", "Premi stanziati (€)", "Premi distribuiti (€)", "Note"]] + [
        [r["anno"], r["gruppo"], _amount(r["stanziato"]), _amount(r["distribuito"]), r["nota"]]
        for r in selectors.ammontare_premi(ente)]


def dati_rows(ente):
    """«Dati relativi ai premi»: the SMVP's criteria, the distribution and the differentiation achieved."""
    rows = [["Anno", "Destinatari", "Voce", "Valore"]]
    for a in selectors.dati_premi(ente):
        for testo in a["criteri"]:
            rows.append([a["anno"], "Tutti", "Criterio del SMVP", testo])
        for g in a["gruppi"]:
            if not g["pubblicabile"]:
                rows.append([a["anno"], g["gruppo"], "Nota", "Dati non pubblicati: meno di 3 persone."])
                continue
            rows.append([a["anno"], g["gruppo"], "Persone valutate con premio", g["persone"]])
            for label, n in g["distribuzione"]:
                rows.append([a["anno"], g["gruppo"], f"Distribuzione: {label}", n])
            rows.append([a["anno"], g["gruppo"], "Persone con la maggiorazione", g["con_maggiorazione"]])
            if g["grado"]:
                rows.append([a["anno"], g["gruppo"], "Rapporto tra premio più alto e più basso",
                             rules.show(g["grado"]["rapporto_max_min"])])
                rows.append([a["anno"], g["gruppo"], "Quota di premi sopra la media (%)",
                             rules.show(g["grado"]["quota_sopra_media"])])
    return rows
