"""Writes of the publications: the Piano della Performance published as a frozen document."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.models import Piano
from obiettivi.permissions import is_segretario
from obiettivi.services import DomainError, log_change
from relazioni import files
from relazioni.services import missing_site_links

from .models import DocumentoPiano
from .piano import piano_data, piano_pdf


@transaction.atomic
def piano_publish(*, user, piano, quando=None):
    """Publish the Piano in Amministrazione Trasparente: its data and the PDF/A made from them are
    frozen as a new version (the first, or a new one after a variation); nothing earlier changes."""
    if not is_segretario(user, piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può pubblicare il Piano."))
    piano = Piano.objects.select_for_update().select_related("ente").get(pk=piano.pk)
    if piano.stato != Piano.Stato.APPROVATO:
        raise DomainError(_("Il Piano è ancora in bozza: si pubblica dopo la deliberazione che lo approva."))
    if not piano.numero_atto or not piano.data_atto:
        raise DomainError(_("Prima di pubblicare il Piano indichi il numero e la data della deliberazione."))
    missing = missing_site_links(piano.ente)
    if missing:
        raise DomainError(_("Prima di pubblicare manca: %(cosa)s.") % {"cosa": "; ".join(missing)})
    data = piano_data(piano)
    ultima = piano.documenti.order_by("-numero").first()
    if ultima is not None and ultima.dati == data:
        raise DomainError(_("Il Piano pubblicato è già aggiornato: non ci sono modifiche da pubblicare."))
    numero = ultima.numero + 1 if ultima else 1
    content = piano_pdf(data)
    documento = DocumentoPiano(piano=piano, numero=numero, dati=data, dimensione=len(content),
                               pubblicato_il=quando or timezone.now(), pubblicato_da=user)
    documento.sha256 = files.store(
        documento.pdf, f"{piano.ente.slug}-piano-{piano.anno_inizio}-v{numero}.pdf", content)
    documento.save()
    log_change(ente_id=piano.ente_id, utente=user, azione=_("Piano pubblicato"), anno=piano.anno_inizio,
               dopo=_("versione %(n)s") % {"n": numero})
    return documento
