"""Amministrazione Trasparente > Performance: the sub-sections of the D.Lgs. 33/2013 tree, each with
its documents and the dates of first publication and last update. Data-driven: each sub-section's
documents come from ONE function returning dicts {"sottosezione", "titolo", "url", "pubblicato_il",
"aggiornato_il", "file": [{"url", "formato", "dimensione"}]}; the evaluation ones (SMVP, premi) are
another app's (valutazioni)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relazioni.models import VersioneRelazione

from .models import DocumentoPiano

SMVP = _("Sistema di misurazione e valutazione della Performance")
PIANO = _("Piano della Performance")
RELAZIONE = _("Relazione sulla Performance")
AMMONTARE_PREMI = _("Ammontare complessivo dei premi")
DATI_PREMI = _("Dati relativi ai premi")


def _size(fieldfile):
    """A stored file's size in bytes, or None if it cannot be read (the link still says its format)."""
    try:
        return fieldfile.size if fieldfile else None
    except (OSError, ValueError):
        return None


def documenti_smvp(ente):
    """The adopted SMVP documents (valutazioni/), each a PDF link that says its format and size."""
    from valutazioni import selectors as valutazioni

    voci = []
    for voce in valutazioni.documenti_smvp(ente):
        voce = {**voce, "file": [{"url": voce["url"], "formato": "PDF", "dimensione": voce.get("dimensione"),
                                  "etichetta": _("documento adottato")}]}
        voce["url"] = None
        voci.append(voce)
    return voci


def pubblicazioni_premi(ente):
    """The premi's two sub-sections (valutazioni/): aggregates only, each page with its CSV, frozen at
    the last confirmation of premi (the size is that of the stored file the link serves)."""
    from valutazioni import selectors as valutazioni

    csv_of = {str(AMMONTARE_PREMI): "valutazioni:pubblico_ammontare_premi_csv",
              str(DATI_PREMI): "valutazioni:pubblico_dati_premi_csv"}
    voci = []
    for voce in valutazioni.pubblicazioni_premi(ente):
        voci.append({**voce, "file": [{"url": reverse(csv_of[voce["sottosezione"]], args=[ente.slug]),
                                       "formato": "CSV", "dimensione": voce.pop("dimensione"),
                                       "etichetta": _("dati")}]})
    return voci


def documenti_piano(ente):
    """Each approved Piano with its deliberation, newest first; its page and frozen PDF/A once the
    Segretario has published it (the dates are those of its publications)."""
    from obiettivi.models import Piano

    piani = list(ente.piani.exclude(stato=Piano.Stato.BOZZA).order_by("-anno_inizio"))
    by_piano = {}
    for d in DocumentoPiano.objects.filter(piano__in=piani).defer("dati").order_by("numero"):
        by_piano.setdefault(d.piano_id, []).append(d)
    voci = []
    for piano in piani:
        versioni = by_piano.get(piano.pk, [])
        args = [ente.slug, piano.anno_inizio]
        voce = {
            "sottosezione": str(PIANO),
            "titolo": f"{piano.titolo} {piano.anno_inizio}–{piano.anno_fine}",
            "atto": _("approvato con deliberazione %(organo)s n. %(numero)s del %(data)s") % {
                "organo": piano.get_organo_approvazione_display(), "numero": piano.numero_atto,
                "data": piano.data_atto.strftime("%d/%m/%Y")} if piano.numero_atto and piano.data_atto else "",
            "url": None, "pubblicato_il": None, "aggiornato_il": None, "file": [], "variazioni": [],
            "_piano_id": piano.pk,
        }
        if versioni:
            voce.update({
                "url": reverse("pubblicazioni:piano", args=args),
                "pubblicato_il": versioni[0].pubblicato_il.date(),
                "aggiornato_il": versioni[-1].pubblicato_il.date(),
                "file": [{"url": reverse("pubblicazioni:piano_pdf", args=args), "formato": "PDF",
                          "dimensione": versioni[-1].dimensione, "etichetta": _("Piano in PDF/A")}],
            })
        voci.append(voce)
    return voci


def documenti_relazione(ente):
    """Each published Relazione: its page, its approved PDF and its data; newest year first."""
    relazioni = ente.relazioni.order_by("-anno").prefetch_related(Prefetch(
        "versioni", to_attr="pubblicate",
        queryset=VersioneRelazione.objects.exclude(pubblicata_il=None).defer("dati").order_by("numero")),
        "pubblicate__allegati")
    voci = []
    for r in relazioni:
        if not r.pubblicate:
            continue
        prima, ultima = r.pubblicate[0], r.pubblicate[-1]
        args = [ente.slug, r.anno]
        file = [{"url": reverse("relazioni:relazione_pdf", args=args), "formato": "PDF",
                 "dimensione": _size(ultima.pdf), "etichetta": _("Relazione in PDF/A")},
                {"url": reverse("relazioni:dati_csv", args=args), "formato": "CSV",
                 "dimensione": _size(ultima.csv), "etichetta": _("dati")}]
        if ultima.attestazione_pdf:
            file.append({"url": reverse("relazioni:attestazione_pdf", args=args), "formato": "PDF",
                         "dimensione": _size(ultima.attestazione_pdf), "etichetta": _("attestazione di pubblicazione")})
        for allegato in ultima.allegati.all():  # a large Relazione's annexes, by area (prefetched)
            file.append({"url": reverse("relazioni:relazione_allegato", args=[*args, allegato.numero]), "formato": "PDF",
                         "dimensione": allegato.dimensione,
                         "etichetta": str(allegato)})
        voci.append({
            "sottosezione": str(RELAZIONE),
            "titolo": _("Relazione sulla Performance %(anno)s") % {"anno": r.anno},
            "url": reverse("relazioni:relazione", args=args),
            "pubblicato_il": prima.pubblicata_il.date(),
            "aggiornato_il": ultima.pubblicata_il.date(),
            "in_correzione": bool(ultima.riaperta_il),
            "file": file,
        })
    return voci


def _sottosezione(titolo, voci):
    return {
        "titolo": str(titolo),
        "voci": voci,
        "pubblicato_il": min((v["pubblicato_il"] for v in voci if v["pubblicato_il"]), default=None),
        "aggiornato_il": max((v["aggiornato_il"] for v in voci if v["aggiornato_il"]), default=None),
    }


def sottosezioni(ente):
    """The five sub-sections of Amministrazione Trasparente > Performance, in the tree's order; one
    without documents is shown as "non ancora pubblicato"."""
    premi = pubblicazioni_premi(ente)
    return [
        _sottosezione(SMVP, documenti_smvp(ente)),
        _sottosezione(PIANO, _with_variazioni(documenti_piano(ente))),
        _sottosezione(RELAZIONE, documenti_relazione(ente)),
        _sottosezione(AMMONTARE_PREMI, [p for p in premi if p["sottosezione"] == str(AMMONTARE_PREMI)]),
        _sottosezione(DATI_PREMI, [p for p in premi if p["sottosezione"] == str(DATI_PREMI)]),
    ]


def _with_variazioni(voci):
    """The variazioni of each published Piano, in one query."""
    from obiettivi.models import Variazione

    ids = [v.pop("_piano_id") for v in voci]
    by_piano = {}
    for variazione in Variazione.objects.filter(piano_id__in=ids).order_by("data_atto", "id"):
        by_piano.setdefault(variazione.piano_id, []).append(variazione)
    for voce, pk in zip(voci, ids):
        voce["variazioni"] = [{"atto": str(v), "organo": v.get_organo_display(), "motivazione": v.motivazione}
                              for v in by_piano.get(pk, [])]
    return voci
