"""Open data of a published Relazione: the DCAT-AP_IT catalogue, the licence and the sizes on the
page, the formula guard in every format, files made once and never rewritten."""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from opendata.models import DistribuzioneOpenData

pytestmark = pytest.mark.django_db

PAGE = reverse("relazioni:relazione", args=["lodrino", 2018])
CATALOGO = reverse("opendata:catalogo", args=["lodrino"])


def url(formato):
    if formato == "csv":
        return reverse("relazioni:dati_csv", args=["lodrino", 2018])
    return reverse("opendata:dati", args=["lodrino", 2018, formato])


def test_the_dcat_ap_it_catalogue_parses_and_lists_every_dataset_with_licence_and_distributions(pubblicata, client):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    spdx = Namespace("http://spdx.org/rdf/terms#")
    dcatapit = Namespace("http://dati.gov.it/onto/dcatapit#")
    response = client.get(CATALOGO)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert "@context" in document and "@graph" in document
    graph = Graph().parse(data=response.content, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, dcatapit.Catalog))
    datasets = list(graph.subjects(RDF.type, dcatapit.Dataset))
    assert len(catalogs) == 1 and len(datasets) == 1
    assert set(graph.objects(catalogs[0], DCAT.dataset)) == set(datasets)
    dataset = datasets[0]
    assert graph.value(dataset, DCTERMS.identifier) == Literal("c_e638:performance-2018")
    assert graph.value(dataset, DCAT.theme) == URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
    assert graph.value(dataset, DCTERMS.modified) is not None and graph.value(dataset, DCTERMS.title) is not None
    holder = graph.value(dataset, DCTERMS.rightsHolder)
    assert holder == graph.value(dataset, DCTERMS.publisher)
    assert graph.value(holder, DCTERMS.identifier) == Literal("c_e638")
    assert graph.value(holder, FOAF.name) == Literal("Comune di Lodrino")
    distributions = list(graph.objects(dataset, DCAT.distribution))
    formats = set()
    for distribution in distributions:
        download = str(graph.value(distribution, DCAT.downloadURL))
        content = client.get(download.removeprefix("http://testserver")).content
        assert graph.value(distribution, DCTERMS.license) == URIRef(
            "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40")
        assert int(graph.value(distribution, DCAT.byteSize)) == len(content)
        checksum = graph.value(distribution, spdx.checksum)
        assert str(graph.value(checksum, spdx.checksumValue)) == hashlib.sha256(content).hexdigest()
        formats.add(str(graph.value(distribution, DCTERMS["format"])).rsplit("/", 1)[1])
    assert formats == {"CSV", "XLSX", "ODS", "JSON"}
    licence = URIRef("https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40")
    assert "CC BY 4.0" in str(graph.value(licence, FOAF.name))


def test_a_draft_year_is_not_in_the_catalogue(relazione_2018, client):
    from rdflib import Graph
    from rdflib.namespace import DCAT, RDF

    graph = Graph().parse(data=client.get(CATALOGO).content, format="json-ld")
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []


def test_the_page_declares_the_licence_and_every_link_says_format_and_size(pubblicata, client):
    page = client.get(PAGE).text
    assert 'rel="license"' in page and "CC BY 4.0" in page and 'id="open-data-titolo"' in page
    versione = pubblicata.versioni.get()
    for d in DistribuzioneOpenData.objects.filter(versione=versione):
        assert f'href="{url(d.formato)}"' in page
    assert reverse("opendata:catalogo", args=["lodrino"]) in page
    assert "(PDF, " in page and "(CSV, " in page and "(XLSX, " in page and "(ODS, " in page and "(JSON, " in page


def test_the_formula_guard_never_alters_a_number_in_any_format(relazione_2018, piano_2018, approve, client):
    from openpyxl import load_workbook
    from odf.opendocument import load
    from odf.table import TableCell, TableRow

    from obiettivi.models import Misurazione
    from relazioni import services

    Misurazione.objects.filter(motivazione__startswith="Piogge").update(motivazione='=HYPERLINK("http://x")')
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)

    text = client.get(url("csv")).content.decode("utf-8-sig")
    strade = next(r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["indicatore"] == "Strade riasfaltate")
    assert strade["scostamento"] == "-0,6" and strade["motivazione"].startswith("'=HYPERLINK")

    sheet = load_workbook(io.BytesIO(client.get(url("xlsx")).content))["dati"]
    names = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[names.index("indicatore")].value == "Strade riasfaltate")
    scostamento, motivazione = row[names.index("scostamento")], row[names.index("motivazione")]
    assert scostamento.data_type == "n" and float(scostamento.value) == -0.6
    assert motivazione.data_type == "s" and motivazione.value == '=HYPERLINK("http://x")'

    doc = load(io.BytesIO(client.get(url("ods")).content))
    rows = doc.spreadsheet.getElementsByType(TableRow)
    cells = [[c for c in r.getElementsByType(TableCell)] for r in rows]
    names = [str(c) for c in cells[0]]
    strade = next(r for r in cells if len(r) > 1 and str(r[names.index("indicatore")]) == "Strade riasfaltate")
    assert strade[names.index("scostamento")].getAttribute("valuetype") == "float"
    assert strade[names.index("scostamento")].getAttribute("value") == "-0.6"
    assert strade[names.index("motivazione")].getAttribute("valuetype") == "string"

    record = next(r for r in json.loads(client.get(url("json")).content) if r["indicatore"] == "Strade riasfaltate")
    assert record["scostamento"] == -0.6 and record["motivazione"] == '=HYPERLINK("http://x")'


def test_an_objective_without_indicators_still_has_its_row(relazione_2018, piano_2018, approve, client):
    from tests import builders

    builders.make_obiettivo(piano_2018.piano, piano_2018.area_a, codice="A.9", titolo="Senza indicatori")
    client.force_login(piano_2018.segretario)
    rows = json.loads(client.get(url("json")).content)  # a draft: made now from the live data
    row = next(r for r in rows if r["obiettivo_codice"] == "A.9")
    assert row["indicatore_id"] is None and row["indicatore"] == "" and row["target"] is None


def _simulate_before_open_data(versione):
    """A version approved before the open data existed: its CSV of display text, no distributions."""
    DistribuzioneOpenData.objects.filter(versione=versione).delete()
    old = "\ufeffArea;Indicatore;Target\r\nArea tecnica;Strade riasfaltate;3 km\r\n".encode()
    from django.core.files.base import ContentFile

    versione.csv.save("vecchio.csv", ContentFile(old), save=False)
    versione.csv_sha256 = hashlib.sha256(old).hexdigest()
    versione.save()
    return old


def test_an_old_version_gets_the_new_formats_without_rewriting_its_files(pubblicata, client):
    versione = pubblicata.versioni.get()
    old = _simulate_before_open_data(versione)
    pdf_before = versione.pdf.open("rb").read()
    csv_name = versione.csv.name
    response = client.get(url("xlsx"))
    assert response.status_code == 200
    made = {d.formato: d for d in DistribuzioneOpenData.objects.filter(versione=versione)}
    assert set(made) == {"csv", "xlsx", "ods", "json"}
    versione.refresh_from_db()
    assert versione.csv.name == csv_name and versione.csv.open("rb").read() == old  # never rewritten
    assert versione.pdf.open("rb").read() == pdf_before
    assert made["csv"].file.name != csv_name  # the typed CSV is a file of its own
    assert client.get(url("csv")).content.decode("utf-8-sig").startswith("anno;ente_codice_ipa;")
    stored = {f: (d.file.name, d.file.open("rb").read()) for f, d in made.items()}
    client.get(url("json"))
    call_command("make_opendata", stdout=io.StringIO())
    again = {d.formato: d for d in DistribuzioneOpenData.objects.filter(versione=versione)}
    assert {f: (d.file.name, d.file.open("rb").read()) for f, d in again.items()} == stored


def test_make_opendata_makes_the_missing_formats_once(pubblicata):
    versione = pubblicata.versioni.get()
    DistribuzioneOpenData.objects.filter(versione=versione, formato__in=["ods", "json"]).delete()
    kept = DistribuzioneOpenData.objects.get(versione=versione, formato="xlsx")
    out = io.StringIO()
    call_command("make_opendata", stdout=out)
    assert "2" in out.getvalue()
    assert DistribuzioneOpenData.objects.filter(versione=versione).count() == 4
    assert DistribuzioneOpenData.objects.get(versione=versione, formato="xlsx").file.name == kept.file.name
    out = io.StringIO()
    call_command("make_opendata", stdout=out)
    assert ": 0." in out.getvalue()


def test_the_new_csv_is_the_one_frozen_at_approval_named_by_the_attestazione(pubblicata, client):
    versione = pubblicata.versioni.get()
    csv = DistribuzioneOpenData.objects.get(versione=versione, formato="csv")
    assert csv.file.name == versione.csv.name and csv.sha256 == versione.csv_sha256 == versione.attestazione["csv_sha256"]
    assert hashlib.sha256(client.get(url("csv")).content).hexdigest() == csv.sha256


def test_an_altered_open_data_file_is_not_served(pubblicata, client):
    d = DistribuzioneOpenData.objects.get(versione=pubblicata.versioni.get(), formato="ods")
    with open(d.file.path, "ab") as handle:
        handle.write(b"x")
    assert client.get(url("ods")).status_code == 503
    from relazioni.selectors import altered_files

    assert (1, "open data (ODS)") in altered_files(pubblicata)  # the Segretario's page lists it


def test_the_files_are_served_from_storage_not_made_per_request(pubblicata, client, monkeypatch):
    import opendata.writers

    client.get(url("json"))
    monkeypatch.setattr(opendata.writers, "make", lambda *a, **k: pytest.fail("made per request"))
    for formato in ("csv", "xlsx", "ods", "json"):
        assert client.get(url(formato)).status_code == 200
    assert client.get(CATALOGO).status_code == 200


def test_the_catalogue_costs_the_same_queries_for_one_year_or_two(pubblicata, piano_2018, approve, client,
                                                                  django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relazioni import services
    from relazioni.models import Relazione

    client.get(CATALOGO)
    with CaptureQueriesContext(connection) as one:
        assert client.get(CATALOGO).status_code == 200
    queries = len(one)  # now: the next request clears the connection's log
    relazione_2019 = Relazione.objects.create(ente=piano_2018.ente, piano=piano_2018.piano, anno=2019)
    approve(piano_2018.segretario, relazione_2019)
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2019)
    client.get(CATALOGO)
    with django_assert_num_queries(queries):
        response = client.get(CATALOGO)
    assert len(json.loads(response.content)["@graph"]) == 3 + 2  # catalogue, ente, licence, two datasets
