"""Upgrading an installation: a Relazione published before versions carried their publication stays public."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_a_relazione_published_before_the_upgrade_keeps_its_version_public():
    before = [("relazioni", "0001_initial"), ("obiettivi", "0003_ente_versione_dati")]
    after = [("relazioni", "0002_versione_congelata_e_atti"), ("obiettivi", "0003_ente_versione_dati")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Ente, Piano = apps.get_model("obiettivi", "Ente"), apps.get_model("obiettivi", "Piano")
    Relazione, Versione = apps.get_model("relazioni", "Relazione"), apps.get_model("relazioni", "VersioneRelazione")
    ente = Ente.objects.create(nome="Comune di Prova", slug="prova", anno_corrente=2018)
    piano = Piano.objects.create(ente=ente, anno_inizio=2018, anno_fine=2020)
    from django.utils import timezone

    quando = timezone.now()
    relazione = Relazione.objects.create(ente=ente, piano=piano, anno=2018, stato="pubblicata", pubblicata_il=quando)
    Versione.objects.create(relazione=relazione, numero=1)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    versione = apps.get_model("relazioni", "VersioneRelazione").objects.get()
    assert versione.pubblicata_il == quando
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
