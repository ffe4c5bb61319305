"""Reads about the Relazione that span relations."""

from .models import Relazione


def relazione_year_in_progress(ente):
    """The year whose Relazione the Segretario works on now (the menu's "Relazione").

    Of last year and the current one (the Relazione of a year is drafted when it ends, the
    current one's next), the older that a Piano covers and whose Relazione is not published,
    never one older than the last published; last year when every candidate is published."""
    anni = [ente.anno_corrente - 1, ente.anno_corrente]
    pubblicate = set(
        Relazione.objects.filter(ente=ente, anno__in=anni, stato=Relazione.Stato.PUBBLICATA).values_list("anno", flat=True)
    )
    coperti = {
        anno for inizio, fine in ente.piani.filter(anno_inizio__lte=anni[-1], anno_fine__gte=anni[0])
        .values_list("anno_inizio", "anno_fine") for anno in anni if inizio <= anno <= fine
    }
    ultimo_pubblicato = max(pubblicate, default=0)
    for anno in anni:
        if anno in coperti and anno not in pubblicate and anno > ultimo_pubblicato:
            return anno
    return anni[0]
