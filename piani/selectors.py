"""Reads: the Piano as workbook sheets (the export, and the empty template)."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from obiettivi import selectors as obiettivi_selectors
from obiettivi.achievement import format_decimal
from obiettivi.models import Area, Fase, Indicatore, Obiettivo, ObiettivoStrategico, Piano, Ruolo, Target, ValoreStorico, mese_anno

from . import layout
from .workbook import SheetSpec, write_workbook

FORMATS = {"xlsx", "ods"}


def _label(choices, value):
    return dict(choices).get(value, value)


def _spec(foglio, colonne, rows, extra_headers=()):
    headers = [c.header for c in colonne] + list(extra_headers)
    choices = {index: [label for _v, label in c.choices] for index, c in enumerate(colonne) if c.choices}
    widths = {index: c.width for index, c in enumerate(colonne)}
    return SheetSpec(foglio, headers, rows, choices, widths)


def _istruzioni(anni):
    rows = [[layout.ISTRUZIONI, "", "", str(_intro())]]
    for foglio in layout.ORDINE_FOGLI:
        for colonna in layout.COLONNE[foglio]:
            ammessi = ", ".join(label for _v, label in colonna.choices)
            rows.append([foglio, colonna.header, "Sì" if colonna.obbligatoria else "", str(colonna.spiegazione) + (f" ({ammessi})" if ammessi else "")])
        if foglio == layout.INDICATORI:
            for anno in anni:
                rows.append([foglio, layout.target_header(anno), "", str(layout.target_spiegazione())])
    return SheetSpec(layout.ISTRUZIONI, ["Foglio", "Colonna", "Obbligatoria", "Che cosa scrivere"], rows,
                     widths={0: 22, 1: 26, 2: 12, 3: 100})


def _intro():
    from django.utils.translation import gettext as _

    return _(
        "Un foglio per ogni tipo di dato. La prima riga di ogni foglio sono le intestazioni: non le cambi. "
        "Ogni riga si riconosce dal codice (o, se manca, dall'area e dal titolo): reimportare lo stesso file "
        "non cambia nulla, un file corretto aggiorna; le righe tolte dal file restano nel Piano. I numeri si "
        "scrivono all'italiana (12,5), le date gg/mm/aaaa. Le persone sono identificate dall'e-mail."
    )


def piano_sheets(piano):
    """The sheets of the Piano's workbook, with the values in force (varied targets and weights).

    A constant number of queries, whatever the plan's size."""
    ente = piano.ente
    aree = list(Area.objects.filter(ente=ente).select_related("superiore", "responsabile").order_by("ordine", "nome"))
    strategici = list(ObiettivoStrategico.objects.filter(ente=ente).order_by("codice"))
    targets = Target.objects.select_related("variazione")
    obiettivi = list(
        Obiettivo.objects.filter(piano=piano, ritirato_con__isnull=True)
        .select_related("area", "responsabile", "obiettivo_strategico", "programma")
        .prefetch_related(
            "pesi_variati__variazione",
            Prefetch("aree_concorrenti", queryset=Area.objects.order_by("ordine", "nome")),
            Prefetch("fasi", queryset=Fase.objects.order_by("ordine", "data_inizio", "id")),
            Prefetch("indicatori", queryset=Indicatore.objects.order_by("ordine", "id").prefetch_related(
                Prefetch("target", queryset=targets), Prefetch("valori_storici", queryset=ValoreStorico.objects.order_by("anno")))),
        )
    )
    responsabili = {a.responsabile_id for a in aree} | {o.responsabile_id for o in obiettivi}
    ruoli = list(
        Ruolo.objects.filter(ente=ente, tipo__in=[v for v, _l in layout.RUOLI_IMPORTABILI]).select_related("utente")
    )
    con_ruolo = {(r.utente_id, r.tipo) for r in ruoli}
    extra = get_user_model().objects.filter(pk__in=responsabili - {None}).exclude(
        pk__in=[r.utente_id for r in ruoli if r.tipo == Ruolo.Tipo.RESPONSABILE])
    persone = [(r.utente, r.tipo, r.denominazione) for r in ruoli]
    persone += [(u, Ruolo.Tipo.RESPONSABILE, "") for u in extra if (u.pk, Ruolo.Tipo.RESPONSABILE) not in con_ruolo]
    persone.sort(key=lambda p: ((p[0].email or p[0].username).lower(), p[1]))

    def email(user):
        return (user.email or "").lower() if user else None

    def area_ref(area):
        return area.codice or area.nome if area else None

    anni = list(piano.anni)
    sheets = [_istruzioni(anni)]
    sheets.append(_spec(layout.PIANO, layout.COLONNE[layout.PIANO], [[
        piano.anno_inizio, piano.anno_fine, piano.titolo, _label(layout._choices(Piano.Organo), piano.organo_approvazione),
        piano.numero_atto or None, piano.data_atto, _label(layout.STATI_PIANO, piano.stato),
    ]]))
    sheets.append(_spec(layout.AREE, layout.COLONNE[layout.AREE], [
        [a.codice or None, a.nome, area_ref(a.superiore), email(a.responsabile), a.ordine] for a in aree
    ]))
    sheets.append(_spec(layout.PERSONE, layout.COLONNE[layout.PERSONE], [
        [email(u), u.first_name or None, u.last_name or None, _label(layout.RUOLI_IMPORTABILI, tipo), denominazione or None]
        for u, tipo, denominazione in persone
    ]))
    sheets.append(_spec(layout.STRATEGICI, layout.COLONNE[layout.STRATEGICI], [
        [s.codice, s.titolo, s.linea_mandato or None] for s in strategici
    ]))
    obiettivi_rows, fasi_rows, indicatori_rows, storici_rows = [], [], [], []
    for o in obiettivi:
        obiettivi_rows.append([
            o.codice, area_ref(o.area), o.titolo, _label(layout._choices(Obiettivo.Tipo), o.tipo),
            _number((obiettivi_selectors._latest_variation(list(o.pesi_variati.all())) or o).peso), email(o.responsabile), o.descrizione or None, o.risultato_atteso or None,
            o.data_inizio, o.scadenza, o.obiettivo_strategico.codice if o.obiettivo_strategico else None,
            o.programma.codice if o.programma else None,
            "; ".join(area_ref(a) for a in o.aree_concorrenti.all()) or None, o.altri_soggetti or None,
        ])
        for fase in o.fasi.all():
            if fase.solo_mese:  # written back as the plan gave it: "marzo 2016"
                fasi_rows.append([o.codice, fase.descrizione, fase.data_inizio and mese_anno(fase.data_inizio),
                                  fase.data_fine and mese_anno(fase.data_fine)])
            else:
                fasi_rows.append([o.codice, fase.descrizione, fase.data_inizio, fase.data_fine])
        for i in o.indicatori.all():
            in_force = {}
            for target in i.target.all():
                in_force.setdefault(target.anno, []).append(target)
            row = [
                o.codice, i.nome, _label(layout._choices(Indicatore.Tipo), i.tipo),
                _label(layout._choices(Indicatore.TipoFormula), i.formula), i.unita or None,
                _label(layout._choices(Indicatore.Verso), i.direzione), i.fonte_dati or None, _number(i.baseline),
                "Sì" if i.usa_baseline else "No", _number(i.peso),
            ]
            for anno in anni:
                target = obiettivi_selectors._latest_variation(in_force.get(anno, []))
                row.append(_target_cell(target))
            indicatori_rows.append(row)
            for storico in i.valori_storici.all():
                storici_rows.append([o.codice, i.nome, storico.anno, _number(storico.valore), storico.testo or None,
                                     storico.fonte or None])
    sheets.append(_spec(layout.OBIETTIVI, layout.COLONNE[layout.OBIETTIVI], obiettivi_rows))
    sheets.append(_spec(layout.FASI, layout.COLONNE[layout.FASI], fasi_rows))
    sheets.append(_spec(layout.INDICATORI, layout.COLONNE[layout.INDICATORI], indicatori_rows,
                        [layout.target_header(anno) for anno in anni]))
    sheets.append(_spec(layout.ANNI_PRECEDENTI, layout.COLONNE[layout.ANNI_PRECEDENTI], storici_rows))
    return sheets


def _number(value):
    return value.normalize() if value is not None else None


def _target_cell(target):
    """A target as the workbook writes it: its words where it has them (read back to the same
    comparison), "almeno 4" for a comparison without words, else the number or the date."""
    if target is None:
        return None
    if target.testo:
        return target.testo
    if target.confronto and target.valore is not None:
        return f"{target.confronto_label} {format_decimal(target.valore)}"
    return target.data_scadenza or _number(target.valore)


def template_sheets(ente, anno_inizio, anno_fine):
    """The empty workbook for a new Piano of those years: headers, lists, the explanation."""
    piano = Piano(ente=ente, anno_inizio=anno_inizio, anno_fine=anno_fine)
    sheets = [_istruzioni(list(piano.anni))]
    sheets.append(_spec(layout.PIANO, layout.COLONNE[layout.PIANO], [[anno_inizio, anno_fine, piano.titolo, "Giunta Comunale", None, None, "Bozza"]]))
    for foglio in (layout.AREE, layout.PERSONE, layout.STRATEGICI, layout.OBIETTIVI, layout.FASI):
        sheets.append(_spec(foglio, layout.COLONNE[foglio], []))
    sheets.append(_spec(layout.INDICATORI, layout.COLONNE[layout.INDICATORI], [],
                        [layout.target_header(anno) for anno in piano.anni]))
    sheets.append(_spec(layout.ANNI_PRECEDENTI, layout.COLONNE[layout.ANNI_PRECEDENTI], []))
    return sheets


def piano_workbook(piano, fmt):
    return write_workbook(piano_sheets(piano), fmt)


def template_workbook(ente, anno_inizio, anno_fine, fmt):
    return write_workbook(template_sheets(ente, anno_inizio, anno_fine), fmt)


def piani_of(ente):
    return list(Piano.objects.filter(ente=ente).order_by("-anno_inizio"))


def piano_of(ente, anno_inizio):
    return Piano.objects.filter(ente=ente, anno_inizio=anno_inizio).select_related("ente").first()




def obiettivi_of(piano):
    """The plan's objectives for the editor's list, area by area (a queryset: the view pages it)."""
    return (Obiettivo.objects.filter(piano=piano).select_related("area", "responsabile", "ritirato_con")
            .order_by("area__ordine", "area__nome", "ordine", "codice"))


def obiettivi_of_count(piano):
    """How many objectives `obiettivi_of` lists, stored for the ente's data version (every write to
    objectives bumps it): the editor's pagination does not count the whole plan at every visit."""
    from obiettivi.cache_invalidation import count_for_version

    return count_for_version(piano.ente, f"editor-obiettivi:{piano.pk}", Obiettivo.objects.filter(piano=piano))


def obiettivo_for_editor(piano, pk):
    """The objective with its indicators and their targets in force by year, at constant queries."""
    obiettivo = (Obiettivo.objects.filter(piano=piano, pk=pk).select_related("area", "piano", "ritirato_con")
                 .prefetch_related("pesi_variati__variazione").first())
    if obiettivo is None:
        return None, [], {}, None, set()
    indicatori = list(Indicatore.objects.filter(obiettivo=obiettivo).order_by("ordine", "id")
                      .prefetch_related(Prefetch("target", queryset=Target.objects.select_related("variazione"))))
    targets = {}
    for indicatore in indicatori:
        by_year = {}
        for target in indicatore.target.all():
            by_year.setdefault(target.anno, []).append(target)
        for anno, rows in by_year.items():
            targets[(indicatore.pk, anno)] = obiettivi_selectors._latest_variation(rows)
    peso = (obiettivi_selectors._latest_variation(list(obiettivo.pesi_variati.all())) or obiettivo).peso
    frozen = frozen_years(piano)
    return obiettivo, indicatori, targets, peso, frozen


def frozen_years(piano):
    """The plan's years frozen by an approved Relazione, in one query."""
    from relazioni.models import Relazione

    return set(Relazione.objects.filter(ente_id=piano.ente_id, anno__in=list(piano.anni))
               .exclude(stato=Relazione.Stato.BOZZA).values_list("anno", flat=True))
