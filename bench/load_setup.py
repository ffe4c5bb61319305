"""Data for the load test: 20 responsabili, one objective each with an open July period, and a
published Relazione for the citizens. Run with the served database's DATABASE_URL."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from bench.pages import publish_for_citizens  # noqa: E402
from bench.synthetic import build_plan  # noqa: E402
from obiettivi.models import Area, Obiettivo, Periodo, Ruolo  # noqa: E402

WRITERS = int(os.environ.get("LOAD_WRITERS", "20"))

with transaction.atomic():
    ente, piano, segretario, _ = build_plan(WRITERS, slug="carico")
    # 2018 is published for the citizens (and so frozen); the writers fill in July 2019.
    Periodo.objects.filter(ente=ente).update(aperto=False)
    Periodo.objects.create(ente=ente, anno=2019, tipo="luglio", aperto=True)
    from django.contrib.auth import get_user_model

    User = get_user_model()
    # One responsabile per objective, so that every writer owns what it writes.
    for i, obiettivo in enumerate(Obiettivo.objects.filter(piano=piano).order_by("ordine")):
        user = User.objects.create_user(f"carico{i}", password="carico-password-1")
        Ruolo.objects.create(utente=user, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE)
        area = Area.objects.create(ente=ente, nome=f"Area del carico {i}", responsabile=user, ordine=100 + i)
        Obiettivo.objects.filter(pk=obiettivo.pk).update(area=area, responsabile=user)
        print(f"carico{i} {obiettivo.pk}")
    publish_for_citizens(ente, piano, segretario)
