"""The whole catalogue of Missioni and Programmi of the harmonised budget, shared by every ente.

D.Lgs. 118/2011, allegato 14 (as amended by D.Lgs. 126/2014): 23 missions, 99 programmes. The
programmes marked "(solo per le Regioni)" are kept, as the allegato names them, so that the
catalogue is the law's and not a selection. Rows are matched by `codice`: an installation that
already holds some of them (the demo's, or one typed by hand) keeps their ids and references.
"""

from django.db import migrations

# The data is the law's, kept in one place (obiettivi/catalogo.py) for this migration and the demo.
from obiettivi.catalogo import MISSIONI, PROGRAMMI

def load_catalogue(apps, schema_editor):
    Programma = apps.get_model("obiettivi", "Programma")
    for codice, nome in PROGRAMMI:
        missione = codice[:2]
        Programma.objects.update_or_create(
            codice=codice, defaults={"codice_missione": missione, "nome_missione": MISSIONI[missione], "nome": nome}
        )


class Migration(migrations.Migration):

    dependencies = [
        ("obiettivi", "0003_ente_versione_dati"),
    ]

    # Reversing leaves the rows: objectives may already point at them (PROTECT).
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
