"""The pages the benchmark opens, as the users who open them."""

from django.urls import reverse

from obiettivi.models import Obiettivo


def publish_for_citizens(ente, piano, segretario):
    """A published Relazione 2018, so that the public page and the CSV answer. It is stored directly:
    approving through the service would render the PDF, which the benchmark times on its own."""
    from django.utils import timezone

    from relazioni import services
    from relazioni.models import Relazione, VersioneRelazione

    now = timezone.now()
    relazione = Relazione.objects.create(
        ente=ente, piano=piano, anno=2018, stato=Relazione.Stato.PUBBLICATA, approvata_da=segretario,
        approvata_il=now, firmatario="Rossi dott. Mario", pubblicata_da=segretario, pubblicata_il=now,
    )
    # The public page shows the published version, made from its frozen snapshot (taken here).
    versione = VersioneRelazione.objects.create(relazione=relazione, numero=1, approvata_da=segretario,
                                                stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO,
                                                pubblicata_il=now)
    services.versione_dati(versione)
    return relazione


def pages_to_measure(*, ente, piano, segretario, responsabile):
    """(name, user or None, url) for every page a user opens."""
    publish_for_citizens(ente, piano, segretario)
    first = Obiettivo.objects.filter(piano=piano, area__responsabile=responsabile).order_by("ordine").first()
    return [
        ("le_mie_schede", responsabile, reverse("obiettivi:mie_schede", args=[ente.slug]) + "?anno=2018"),
        ("scheda_obiettivo", responsabile, reverse("obiettivi:scheda", args=[ente.slug, first.pk]) + "?anno=2018"),
        ("cruscotto", segretario, reverse("ciclo:cruscotto", args=[ente.slug]) + "?anno=2018"),
        ("relazione_pubblica", None, f"/{ente.slug}/relazione/2018/"),
        # The same page for someone of the ente (never from the cache): what the first citizen waits.
        ("relazione_senza_cache", segretario, f"/{ente.slug}/relazione/2018/"),
        ("dati_csv", None, f"/{ente.slug}/relazione/2018/dati.csv"),
    ]
