"""The PIAO's chapters the product can write (DM 30 giugno 2022, n. 132, Piano-tipo): sub-section 2.2
"Performance" (the Piano's objectives) and section 4 "Monitoraggio" (how the ente runs the checks:
who, when, with which periods and acts; the method, never results). Each chapter is a list of plain
blocks, rendered both as ODT (odfpy, to merge into the ente's PIAO) and as PDF/A (WeasyPrint)."""

import io

from django.utils.translation import gettext as _

from obiettivi.models import Area, Periodo, Ruolo

from .piano import PDF_VARIANT, PRINT_CSS, piano_context, piano_data

# Art. 6 of DM 132/2022: an ente with fewer than 50 employees adopts the simplified PIAO.
SOGLIA_SEMPLIFICATO = 50


def is_semplificato(ente):
    return ente.numero_dipendenti is not None and ente.numero_dipendenti < SOGLIA_SEMPLIFICATO


def _h(level, text):
    return {"tipo": "titolo", "livello": level, "testo": text}


def _p(text):
    return {"tipo": "paragrafo", "testo": text}


def _table(caption, headers, rows, *, row_headers=False):
    return {"tipo": "tabella", "didascalia": caption, "intestazioni": headers, "righe": rows,
            "intestazioni_riga": row_headers}


def _atto(piano):
    if not piano["numero_atto"] or not piano["data_atto"]:
        return ""
    return _("approvato con deliberazione %(organo)s n. %(numero)s del %(data)s") % {
        "organo": piano["organo"], "numero": piano["numero_atto"], "data": piano["data_atto"].strftime("%d/%m/%Y")}


def _targets(indicatore):
    return "; ".join(f"{t['anno']}: {t['testo']}" + (f" ({_('variato con la')} {t['variazione']})" if t["variazione"] else "")
                     for t in indicatore["target"]) or "—"


def _obiettivo_blocks(o):
    vp = o["valore_pubblico"]
    rows = [
        [_("Tipo"), o["tipo"]],
        [_("Peso"), o["peso"]],
        [_("Responsabile"), o["responsabile"]],
        [_("Descrizione e finalità"), o["descrizione"] or "—"],
        [_("Risultato atteso"), o["risultato_atteso"] or "—"],
        [_("Aree e soggetti che concorrono"), o.get("concorrono") or "—"],
        [_("Portatori di interesse (stakeholder)"), o["stakeholder"] or "—"],
        [_("Fonte dei dati"), o["fonte_dati"] or "—"],
        [_("Obiettivo di Valore pubblico (sottosezione 2.1)"), f"{vp['codice']} {vp['titolo']}" if vp else "—"],
        [_("Obiettivo strategico del DUP"), o["obiettivo_strategico"] or "—"],
        [_("Missione e programma"), o["programma"] or "—"],
        [_("Scadenza"), o["scadenza"].strftime("%d/%m/%Y") if o["scadenza"] else "—"],
    ]
    if o["ritirato_con"]:
        rows.append([_("Ritirato"), _("con la %(atto)s") % {"atto": o["ritirato_con"]}])
    blocks = [_h(3, f"{o['codice']} – {o['titolo']}"),
              _table(_("Obiettivo %(codice)s") % {"codice": o["codice"]}, [_("Voce"), _("Contenuto")], rows,
                     row_headers=True)]
    if o["indicatori"]:
        blocks.append(_table(
            _("Indicatori dell'obiettivo %(codice)s") % {"codice": o["codice"]},
            [_("Indicatore"), _("Tipo"), _("Formula"), _("Verso"), _("Fonte dei dati"), _("Peso"), _("Target")],
            [[i["nome"], i["tipo"], i["formula"], i["verso"], i["fonte_dati"] or "—", i["peso"], _targets(i)]
             for i in o["indicatori"]], row_headers=True))
    return blocks


def performance_blocks(piano):
    """Sub-section 2.2 "Performance" of the Piano: the full Piano-tipo chapter, or the simplified
    annex for an ente with fewer than 50 employees."""
    ente = piano.ente
    ctx = piano_context(piano_data(piano))
    p = ctx["piano"]
    anni = f"{p['anno_inizio']}–{p['anno_fine']}"
    atto = _atto(p)
    if is_semplificato(ente):
        blocks = [
            _h(1, _("Allegato semplificato – Obiettivi di performance %(anni)s") % {"anni": anni}),
            _p(_("%(ente)s ha %(n)s dipendenti, meno di 50: adotta il PIAO semplificato (art. 6 del DM 30 giugno "
                 "2022, n. 132), che non richiede la sottosezione 2.2 «Performance». Gli obiettivi di performance "
                 "del %(titolo)s %(anni)s%(atto)s sono riportati in questo allegato.") % {
                "ente": ente.nome, "n": ente.numero_dipendenti, "titolo": p["titolo"], "anni": anni,
                "atto": f", {atto}," if atto else ""}),
            _table(_("Obiettivi di performance"),
                   [_("Codice"), _("Obiettivo"), _("Area"), _("Responsabile"), _("Peso"), _("Indicatori e target")],
                   [[o["codice"], o["titolo"], a["nome"], o["responsabile"], o["peso"],
                     " · ".join(f"{i['nome']} ({_targets(i)})" for i in o["indicatori"]) or "—"]
                    for a in ctx["aree"] for o in a["obiettivi"]], row_headers=True),
        ]
        return {"titolo": blocks[0]["testo"], "semplificato": True, "blocchi": blocks, "ente": ctx["ente"]}
    blocks = [
        _h(1, _("Sottosezione 2.2 – Performance")),
        _p(_("Gli obiettivi di performance di %(ente)s per il triennio %(anni)s, dal %(titolo)s%(atto)s. Per ogni "
             "obiettivo: l'area e il responsabile, il peso, i portatori di interesse, la fonte dei dati, "
             "l'obiettivo di Valore pubblico della sottosezione 2.1 a cui concorre e gli indicatori con i target "
             "di ciascun anno.") % {"ente": ente.nome, "anni": anni, "titolo": p["titolo"],
                                    "atto": f", {atto}" if atto else ""}),
    ]
    for v in ctx["variazioni"]:
        blocks.append(_p(_("Variato con deliberazione %(organo)s n. %(numero)s del %(data)s: %(motivazione)s") % {
            "organo": v["organo"], "numero": v["numero_atto"], "data": v["data_atto"].strftime("%d/%m/%Y"),
            "motivazione": v["motivazione"]}))
    for a in ctx["aree"]:
        blocks.append(_h(2, f"{a['nome']}" + (f" – {_('responsabile')} {a['responsabile']}" if a["responsabile"] else "")))
        for o in a["obiettivi"]:
            blocks.extend(_obiettivo_blocks(o))
    return {"titolo": blocks[0]["testo"], "semplificato": False, "blocchi": blocks, "ente": ctx["ente"]}


def _names(people):
    return ", ".join(people) if people else ""


def _periodo_text(periodo):
    if periodo is None or not (periodo.data_apertura or periodo.data_chiusura):
        return _("con le date che il Segretario fissa all'apertura del periodo")
    parts = []
    if periodo.data_apertura:
        parts.append(_("dal %(d)s") % {"d": periodo.data_apertura.strftime("%d/%m/%Y")})
    if periodo.data_chiusura:
        parts.append(_("al %(d)s") % {"d": periodo.data_chiusura.strftime("%d/%m/%Y")})
    return " ".join(parts)


def monitoraggio_blocks(piano):
    """Section 4 "Monitoraggio" as the ente runs it, from its settings, periods and roles."""
    ente = piano.ente
    ruoli = Ruolo.objects.filter(ente=ente).select_related("utente").order_by("tipo", "utente__last_name")
    by_tipo = {}
    for r in ruoli:
        by_tipo.setdefault(r.tipo, []).append(r.denominazione or r.utente.get_full_name() or r.utente.get_username())
    aree = Area.objects.filter(ente=ente).select_related("responsabile").order_by("ordine", "nome")
    periodi = {(p.anno, p.tipo): p for p in Periodo.objects.filter(ente=ente, anno__in=list(piano.anni))}
    segretario = _names(by_tipo.get(Ruolo.Tipo.SEGRETARIO))
    nucleo = _names(by_tipo.get(Ruolo.Tipo.NUCLEO))
    anni = f"{piano.anno_inizio}–{piano.anno_fine}"
    blocks = [
        _h(1, _("Sezione 4 – Monitoraggio")),
        _p(_("Questa sezione descrive come %(ente)s svolge il monitoraggio della sottosezione 2.2 «Performance» "
             "per il triennio %(anni)s (art. 5 del DM 30 giugno 2022, n. 132; art. 6 del D.Lgs. 150/2009): chi lo "
             "fa, quando, con quali periodi e con quali atti. I risultati sono nella Relazione sulla Performance "
             "di ciascun anno.") % {"ente": ente.nome, "anni": anni}),
        _h(2, _("Chi svolge il monitoraggio")),
        _p(_("Il Segretario Comunale%(chi)s coordina il monitoraggio: apre e chiude i periodi di rilevazione, "
             "verifica i valori inseriti e le motivazioni degli scostamenti, propone le variazioni del Piano e "
             "redige la Relazione sulla Performance.") % {"chi": f", {segretario}," if segretario else ""}),
    ]
    responsabili = [[a.nome, (a.responsabile.get_full_name() or a.responsabile.get_username()) if a.responsabile else "—"]
                    for a in aree]
    blocks.append(_p(_("I responsabili di area inseriscono, per gli obiettivi loro assegnati, il valore di ogni "
                       "indicatore, lo stato di attuazione e, dove il target non è raggiunto, la causa e la "
                       "motivazione dello scostamento.")))
    if responsabili:
        blocks.append(_table(_("Aree e responsabili"), [_("Area"), _("Responsabile")], responsabili, row_headers=True))
    blocks.append(_p(_("Il Nucleo di Valutazione%(chi)s verifica l'andamento degli obiettivi%(valida)s.") % {
        "chi": f" ({nucleo})" if nucleo else "",
        "valida": _(" e valida la Relazione sulla Performance prima della sua pubblicazione")
        if ente.pubblicazione_richiede_validazione else ""}))
    blocks.append(_h(2, _("Quando: i periodi di rilevazione")))
    blocks.append(_p(_("Ogni anno ci sono due rilevazioni: il monitoraggio intermedio di luglio, sullo stato di "
                       "attuazione al 30 giugno, e il consuntivo di fine anno, sui valori al 31 dicembre. Si inseriscono "
                       "valori solo mentre il periodo è aperto; un periodo chiuso si riapre solo con una motivazione, "
                       "registrata nello storico.")))
    blocks.append(_table(
        _("Periodi di rilevazione del triennio %(anni)s") % {"anni": anni},
        [_("Anno"), _("Monitoraggio di luglio"), _("Consuntivo di fine anno")],
        [[str(anno), _periodo_text(periodi.get((anno, Periodo.Tipo.LUGLIO))),
          _periodo_text(periodi.get((anno, Periodo.Tipo.CONSUNTIVO)))] for anno in piano.anni], row_headers=True))
    blocks.append(_h(2, _("Con quali atti")))
    atti = [_("Gli esiti del monitoraggio di luglio sono raccolti nel report di monitoraggio del Segretario."),
            _("Le variazioni di obiettivi, indicatori, target e pesi sono approvate con deliberazione %(organo)s; "
              "ciò che c'era prima resta registrato.") % {"organo": piano.get_organo_approvazione_display()}]
    relazione = _("La Relazione sulla Performance è approvata dal Segretario Comunale")
    if ente.pubblicazione_richiede_validazione:
        relazione += _(", validata dal Nucleo di Valutazione")
    if ente.pubblicazione_richiede_delibera:
        relazione += _(", approvata con delibera di Giunta")
    relazione += _(" e pubblicata in Amministrazione Trasparente > Performance entro il 30 giugno dell'anno "
                   "successivo, in PDF/A con la sua impronta SHA-256.")
    atti.append(relazione)
    blocks.extend(_p(a) for a in atti)
    blocks.append(_h(2, _("Come si misura il raggiungimento")))
    blocks.append(_p(_("Il grado di raggiungimento di un indicatore confronta il valore rilevato con il target "
                       "secondo il verso dell'indicatore; quello di un obiettivo è la media degli indicatori pesata con "
                       "i loro pesi. Fasce: almeno 90% raggiunto, da 50% a 89,9% parzialmente raggiunto, sotto il 50% "
                       "non raggiunto. Un grado fissato a mano o «non valutabile» è sempre motivato.")))
    return {"titolo": blocks[0]["testo"], "semplificato": is_semplificato(ente), "blocchi": blocks,
            "ente": {"id": ente.pk, "nome": ente.nome, "nome_maiuscolo": ente.nome_maiuscolo, "provincia": ente.provincia}}


def capitolo_odt(capitolo):
    """The chapter as an OpenDocument Text file (bytes), with real headings and tables."""
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, P

    doc = OpenDocumentText()
    for level, size in ((1, "16pt"), (2, "13pt"), (3, "11pt")):
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        doc.styles.addElement(style)
    bold = Style(name="Intestazione", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    for n, block in enumerate(capitolo["blocchi"]):
        if block["tipo"] == "titolo":
            doc.text.addElement(H(outlinelevel=block["livello"], stylename=f"Heading_20_{block['livello']}",
                                  text=block["testo"]))
        elif block["tipo"] == "paragrafo":
            doc.text.addElement(P(text=block["testo"]))
        else:
            table = Table(name=f"Tabella{n + 1}")
            width = Style(name=f"Col{n}", family="table-column")
            width.addElement(TableColumnProperties(useoptimalcolumnwidth="true"))
            doc.automaticstyles.addElement(width)
            table.addElement(TableColumn(numbercolumnsrepeated=len(block["intestazioni"]), stylename=width))
            header = TableHeaderRows()
            row = TableRow()
            for text in block["intestazioni"]:
                cell = TableCell(valuetype="string")
                cell.addElement(P(stylename=bold, text=text))
                row.addElement(cell)
            header.addElement(row)
            table.addElement(header)
            for values in block["righe"]:
                row = TableRow()
                for text in values:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(text)))
                    row.addElement(cell)
                table.addElement(row)
            doc.text.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def capitolo_pdf(capitolo):
    """The chapter as a PDF/A, from the same blocks."""
    from obiettivi.pdf import render_pdf

    return render_pdf("pubblicazioni/capitolo_pdf.html", {"capitolo": capitolo, "ente": capitolo["ente"]},
                      stylesheet=PRINT_CSS, pdf_variant=PDF_VARIANT)
