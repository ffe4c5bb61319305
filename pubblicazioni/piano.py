"""The Piano della Performance as a document: every fact it shows, read once from the live rows into
plain JSON-able data (frozen in DocumentoPiano at publication), and back into a template context.
One template body (pubblicazioni/includes/piano_body.html) makes the page and the PDF/A."""

from datetime import date, datetime

from django.db.models import Prefetch

from obiettivi.achievement import format_decimal
from obiettivi.models import Area, Indicatore, Obiettivo, Target

# A weight the Piano leaves out is an equal share, computed when read (obiettivi.achievement.pesi_effettivi).
EQUAL_SHARE = "quota uguale"

PRINT_CSS = "css/relazione-print.css"
PDF_VARIANT = "pdf/a-3a"


def _iso(value):
    return None if value is None else value.isoformat()


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def target_text(target, indicatore):
    """A target as the plan writes it: "1.850 giorni", "31/12/2018", "Sì"."""
    if target.data_scadenza is not None:
        return target.data_scadenza.strftime("%d/%m/%Y")
    if target.valore is None:
        return "—"
    if indicatore.formula == Indicatore.TipoFormula.SI_NO:
        return "Sì" if target.valore else "No"
    return f"{format_decimal(target.valore)} {indicatore.unita}".strip()


def _indicatore(indicatore):
    return {
        "nome": indicatore.nome,
        "tipo": str(indicatore.get_tipo_display()),
        "formula": str(indicatore.get_formula_display()),
        "unita": indicatore.unita,
        "verso": str(indicatore.get_direzione_display()),
        "fonte_dati": indicatore.fonte_dati,
        "peso": format_decimal(indicatore.peso) if indicatore.peso is not None else EQUAL_SHARE,
        "target": [{"anno": t.anno, "testo": target_text(t, indicatore),
                    "variazione": str(t.variazione) if t.variazione_id else None}
                   for t in indicatore.target.all()],
    }


def _concorrono(obiettivo):
    """The areas and outside bodies that contribute to an objective besides its own area, as written."""
    parti = [a.nome for a in obiettivo.aree_concorrenti.all()]
    if obiettivo.altri_soggetti:
        parti.append(obiettivo.altri_soggetti)
    return "; ".join(parti)


def _obiettivo(obiettivo):
    vp = obiettivo.valore_pubblico
    return {
        "id": obiettivo.pk,
        "codice": obiettivo.codice,
        "titolo": obiettivo.titolo,
        "descrizione": obiettivo.descrizione,
        "tipo": str(obiettivo.get_tipo_display()),
        "peso": format_decimal(obiettivo.peso) if obiettivo.peso is not None else EQUAL_SHARE,
        "responsabile": _person(obiettivo.responsabile),
        "data_inizio": _iso(obiettivo.data_inizio),
        "scadenza": _iso(obiettivo.scadenza),
        "risultato_atteso": obiettivo.risultato_atteso,
        "stakeholder": obiettivo.stakeholder,
        "fonte_dati": obiettivo.fonte_dati,
        "concorrono": _concorrono(obiettivo),
        "valore_pubblico": {"codice": vp.codice, "titolo": vp.titolo} if vp else None,
        "obiettivo_strategico": str(obiettivo.obiettivo_strategico) if obiettivo.obiettivo_strategico_id else "",
        "programma": str(obiettivo.programma) if obiettivo.programma_id else "",
        "inserito_con": str(obiettivo.inserito_con) if obiettivo.inserito_con_id else "",
        "ritirato_con": str(obiettivo.ritirato_con) if obiettivo.ritirato_con_id else "",
        "indicatori": [_indicatore(i) for i in obiettivo.indicatori.all()],
    }


def _obiettivi(piano):
    """The Piano's objectives with all they show, in a fixed number of queries."""
    return (
        Obiettivo.objects.filter(piano=piano)
        .select_related("area", "responsabile", "valore_pubblico", "obiettivo_strategico", "programma",
                        "inserito_con", "ritirato_con")
        .prefetch_related(Prefetch("aree_concorrenti", queryset=Area.objects.order_by("ordine", "nome")),
                          Prefetch("indicatori", queryset=Indicatore.objects.prefetch_related(
            Prefetch("target", queryset=Target.objects.select_related("variazione")))))
    )


def piano_data(piano):
    """Every fact the Piano's document shows, from the live rows."""
    ente = piano.ente
    obiettivi = list(_obiettivi(piano))
    aree = {a.pk: a for a in Area.objects.filter(ente=ente).select_related("responsabile")}
    by_area = {}
    for o in obiettivi:
        by_area.setdefault(o.area_id, []).append(o)
    return {
        "ente": {"id": ente.pk, "nome": ente.nome, "nome_maiuscolo": ente.nome_maiuscolo, "slug": ente.slug,
                 "provincia": ente.provincia},
        "piano": {"id": piano.pk, "titolo": piano.titolo, "anno_inizio": piano.anno_inizio,
                  "anno_fine": piano.anno_fine, "organo": str(piano.get_organo_approvazione_display()),
                  "numero_atto": piano.numero_atto, "data_atto": _iso(piano.data_atto)},
        "variazioni": [{"organo": str(v.get_organo_display()), "numero_atto": v.numero_atto,
                        "data_atto": _iso(v.data_atto), "motivazione": v.motivazione}
                       for v in piano.variazioni.all()],
        "aree": [{"codice": aree[pk].codice, "nome": aree[pk].nome, "responsabile": _person(aree[pk].responsabile),
                  "obiettivi": [_obiettivo(o) for o in by_area[pk]]}
                 for pk in sorted(by_area, key=lambda pk: (aree[pk].ordine, aree[pk].nome))],
    }


def _date(value):
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def piano_context(data):
    """The template context of a Piano's data (live or frozen): dates back as dates."""
    piano = {**data["piano"], "data_atto": _date(data["piano"].get("data_atto"))}
    variazioni = [{**v, "data_atto": _date(v.get("data_atto"))} for v in data.get("variazioni", [])]
    aree = [{**a, "obiettivi": [{**o, "scadenza": _date(o.get("scadenza")), "data_inizio": _date(o.get("data_inizio"))}
                                for o in a["obiettivi"]]}
            for a in data.get("aree", [])]
    return {"ente": data["ente"], "piano": piano, "variazioni": variazioni, "aree": aree,
            "obiettivi": [o for a in aree for o in a["obiettivi"]]}


def piano_pdf(data):
    """The PDF/A bytes of a Piano's document, from its data."""
    from obiettivi.pdf import render_pdf

    return render_pdf("pubblicazioni/piano_pdf.html", piano_context(data), stylesheet=PRINT_CSS,
                      pdf_variant=PDF_VARIANT)
