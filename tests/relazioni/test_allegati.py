"""A large Relazione: a main document and one annex per area, each a PDF/A-3a of its own, rendered in
parallel, stored with its SHA-256, served verified, listed, and its progress shown (issue 14, item 3)."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from relazioni import allegati, services
from relazioni.models import AllegatoVersione, VersioneRelazione
from relazioni.pdf import versione_pdf
from relazioni.tasks import render_versione_pdf
from tests.pdf_tools import is_pdf_a

pytestmark = pytest.mark.django_db
StatoRendering = VersioneRelazione.StatoRendering


@pytest.fixture
def annexes(settings):
    """Annexes from the first objective, rendered in this process (no pool: quick)."""
    settings.RELAZIONE_ALLEGATI_SOGLIA = 1
    settings.PDF_WORKERS = 1
    return settings


def _versione(relazione):
    return relazione.versioni.order_by("-numero").first()


def _pages(content, tmp_path, name="f.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _page_texts(content, tmp_path, *, layout=False, name="t.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


def _outline_titles(reader, items=None):
    titles = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            titles.extend(_outline_titles(reader, item))
        else:
            titles.append(item.title)
    return titles


def _tagged_archivable(content, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(content)
    reader = PdfReader(io.BytesIO(content))
    return is_pdf_a(path) and "/StructTreeRoot" in reader.trailer["/Root"] and bool(reader.outline)


TOC_LINE = re.compile(r"^\s*(?P<titolo>\S.*?)\s*(?:\.\s*){3,}(?P<pagina>\d+)\s*$")


def _toc_is_right(content, tmp_path, name):
    """Every entry of the index points to the page where its heading is; returns the entries checked."""
    pages = _page_texts(content, tmp_path, layout=True, name=name)
    indice = next(i for i, text in enumerate(pages) if "Indice" in text)
    entries = [m.groupdict() for line in pages[indice].splitlines() if (m := TOC_LINE.match(line))]
    for entry in entries:
        numero = int(entry["pagina"])
        assert numero - 1 != indice, entry
        assert entry["titolo"] in " ".join(pages[numero - 1].split()), (entry, name)
    return entries


def _read(fieldfile):
    with fieldfile.open("rb") as handle:
        return handle.read()


def test_below_the_threshold_the_approved_pdf_stays_one_document(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)
    versione = _versione(relazione_2018)
    assert versione.stato_rendering == StatoRendering.COMPLETATO
    assert not versione.allegati.exists()
    assert (versione.parti_totali, versione.parti_fatte) == (1, 1)
    assert versione.pagine == versione.pagine_fatte == allegati.count_pages(_read(versione.pdf))


def test_above_the_threshold_the_version_is_a_main_document_and_one_pdf_a_per_area(
        relazione_2018, piano_2018, approve, annexes, tmp_path):
    approve(piano_2018.segretario, relazione_2018)
    versione = _versione(relazione_2018)
    aree = versione.dati["risultati"]["aree"]
    assert versione.stato_rendering == StatoRendering.COMPLETATO
    assert versione.parti_totali == versione.parti_fatte == 1 + len(aree)
    main = _read(versione.pdf)
    assert services.files.sha256(main) == versione.sha256
    assert _tagged_archivable(main, tmp_path, "main.pdf")
    words = " ".join(" ".join(_page_texts(main, tmp_path)).split())
    pagine = versione.pagine
    for allegato, area in zip(versione.allegati.all(), aree, strict=True):
        content = _read(allegato.file)
        assert services.files.sha256(content) == allegato.sha256
        assert allegato.area == area["area"]["nome"] and allegato.dimensione == len(content)
        assert allegato.pagine == _pages(content, tmp_path)
        assert _tagged_archivable(content, tmp_path, f"a{allegato.numero}.pdf")
        assert _outline_titles(PdfReader(io.BytesIO(content)))[0] == f"Allegato {allegato.numero} – {allegato.area}"
        assert f"Allegato {allegato.numero} – {allegato.area}" in words  # listed in chapter 3 of the main one
        pagine += allegato.pagine
    assert versione.pagine_fatte == pagine
    # A second run of the task changes nothing.
    stored = list(versione.allegati.values_list("numero", "sha256", "file"))
    render_versione_pdf.call(versione.pk)
    assert list(versione.allegati.values_list("numero", "sha256", "file")) == stored


def test_a_failed_annex_is_rendered_again_and_only_it(relazione_2018, piano_2018, approve, annexes, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    real, rendered = allegati.render_parte, []

    def failing_second(numero, part, extra):
        rendered.append(numero)
        if numero == 2:
            raise RuntimeError("WeasyPrint si è fermato")
        return real(numero, part, extra)

    monkeypatch.setattr(allegati, "render_parte", failing_second)
    approve(piano_2018.segretario, relazione_2018)  # the immediate backend records the task's failure
    versione = _versione(relazione_2018)
    assert versione.stato_rendering == StatoRendering.ERRORE and "WeasyPrint" in versione.errore
    assert sorted(rendered) == list(range(versione.parti_totali))
    assert versione.parti_fatte == versione.parti_totali - 1  # the others are stored
    assert not versione.allegati.filter(numero=2).exists()

    monkeypatch.setattr(allegati, "render_parte", lambda *args: (rendered.append(args[0]), real(*args))[1])
    rendered.clear()
    relazione_2018.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.versione_render_again(user=piano_2018.segretario, relazione=relazione_2018)
    versione.refresh_from_db()
    assert rendered == [2]
    assert versione.stato_rendering == StatoRendering.COMPLETATO
    assert versione.parti_fatte == versione.parti_totali


def test_a_render_process_that_dies_is_retried_like_a_dead_worker_and_completes_the_set(
        relazione_2018, piano_2018, approve, annexes, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    real, rendered = allegati.render_parte, []

    def dies_once(numero, part, extra):
        rendered.append(numero)
        if numero == 2 and rendered.count(2) == 1:
            raise BrokenProcessPool("A process in the process pool was terminated abruptly")
        return real(numero, part, extra)

    monkeypatch.setattr(allegati, "render_parte", dies_once)
    approve(piano_2018.segretario, relazione_2018)  # the retry is queued at once and runs (immediate backend)
    versione = _versione(relazione_2018)
    assert versione.stato_rendering == StatoRendering.COMPLETATO
    assert versione.tentativi == 2
    assert rendered[versione.parti_totali:] == [2]  # the second attempt renders only the missing annex
    assert versione.allegati.count() == versione.parti_totali - 1


def test_the_segretario_sees_the_progress_part_by_part(relazione_2018, piano_2018, annexes, login):
    """The render driven by hand: after each part the status fragment says how many parts and pages."""
    services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018)  # task not run
    versione = _versione(relazione_2018)
    services.versione_rendering_start(versione_id=versione.pk)
    data = services.versione_dati(versione)
    totali, mancanti = services.versione_parti_da_fare(versione_id=versione.pk, data=data)
    elenco = allegati.elenco(data)
    client = login(piano_2018.segretario)
    url = reverse("relazioni:stato_pdf", args=[piano_2018.ente.slug, 2018])
    pagine = 0
    for fatte, numero in enumerate(mancanti, start=1):
        parte = allegati.render_parte(*allegati.payload(data, numero, elenco))
        services.versione_store_parte(versione_id=versione.pk, numero=parte.numero, content=parte.content,
                                      pagine=parte.pagine, allegato=elenco[numero - 1] if numero else None)
        pagine += parte.pagine
        text = " ".join(client.get(url).content.decode().split())
        if fatte < totali:
            assert (f"Parti pronte: {fatte} di {totali} (il documento principale e {totali - 1} allegati, "
                    f"uno per area), {pagine} pagine.") in text
        else:
            assert "PDF: pronto e archiviato." in text
            assert f"Con {totali - 1} allegati, uno per area ({pagine} pagine in tutto)" in text
            assert f"Allegato 1 – {elenco[0]['area']}" in text
    versione.refresh_from_db()
    assert (versione.parti_fatte, versione.pagine_fatte) == (totali, pagine)


def test_annexes_are_served_verified_listed_and_attested(relazione_2018, piano_2018, approve, annexes, client,
                                                        login, personas):
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    versione = _versione(relazione_2018)
    allegato = versione.allegati.get(numero=1)
    args = [piano_2018.ente.slug, 2018, 1]
    url = reverse("relazioni:relazione_allegato", args=args)
    assert client.get(url).status_code == 404  # not published: citizens do not read it
    login(personas.outsider)  # no role in the ente
    assert client.get(url).status_code == 404
    client.logout()
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == _read(allegato.file)
    versioned = reverse("relazioni:relazione_allegato_versione", args=[piano_2018.ente.slug, 2018, 1, 1])
    assert client.get(versioned).status_code == 200
    assert client.get(reverse("relazioni:relazione_allegato", args=[piano_2018.ente.slug, 2018, 99])).status_code == 404

    page = client.get(reverse("relazioni:relazione", args=[piano_2018.ente.slug, 2018])).content.decode()
    assert f'href="{url}"' in page and f"Allegato 1 – {allegato.area}" in page
    trasparenza = client.get(reverse("relazioni:performance", args=[piano_2018.ente.slug])).content.decode()
    assert f'href="{url}"' in trasparenza
    versione.refresh_from_db()
    assert {"numero": 1, "area": allegato.area, "sha256": allegato.sha256} in versione.attestazione["allegati"]

    with allegato.file.open("wb") as handle:  # altered on disk: never served
        handle.write(b"%PDF-altro")
    assert client.get(url).status_code == 503


@pytest.fixture
def cento(db, settings):
    """100 objectives over the benchmark's areas, approved, the PDF not rendered yet."""
    from bench.synthetic import build_plan
    from relazioni.context import relazione_for

    ente, piano, segretario, _responsabile = build_plan(100, slug="cento")
    relazione = relazione_for(ente, 2018)
    relazione.save()
    services.relazione_approve(user=segretario, relazione=relazione)
    return _versione(relazione)


def _body_words(pages, testatina):
    """The words of the pages (pdftotext -layout: line by line, as printed, so that a table's cells come
    in the same order wherever the page breaks) without the running header and "Pagina X di Y", the
    index's leaders and page numbers and the table heads repeated where a table breaks across pages."""
    lines = [line for text in pages for line in text.splitlines()
             if not line.strip().startswith(testatina) and not re.fullmatch(r"Pagina \d+ di \d+", line.strip())]
    text = re.sub(r"(?:\s*\.){3,}\s*\d+", " ", " ".join(" ".join(lines).split()))
    return " ".join(text.replace("Indicatore Target Luglio Fine anno Grado", " ").split())


def test_at_100_objectives_main_and_annexes_say_what_the_single_document_says(cento, settings, tmp_path):
    """The set made by the pool (2 processes) against a single-pass render of the same snapshot."""
    settings.RELAZIONE_ALLEGATI_SOGLIA = 50
    settings.PDF_WORKERS = 2
    render_versione_pdf.call(cento.pk)
    cento.refresh_from_db()
    assert cento.stato_rendering == StatoRendering.COMPLETATO, cento.errore
    single = versione_pdf(cento)
    testatina = f"{cento.dati['ente']['nome']} – Relazione sulla Performance"
    single_words = _body_words(_page_texts(single, tmp_path, layout=True, name="single.pdf"), testatina)
    main = _read(cento.pdf)
    main_words = _body_words(_page_texts(main, tmp_path, layout=True, name="main.pdf"), testatina)

    parts = list(cento.allegati.all())
    assert len(parts) == len(cento.dati["risultati"]["aree"]) >= 2
    bodies, annex_titles = [], []
    for allegato in parts:
        content = _read(allegato.file)
        assert _tagged_archivable(content, tmp_path, f"a{allegato.numero}.pdf")
        entries = _toc_is_right(content, tmp_path, f"toc{allegato.numero}.pdf")
        assert len(entries) == len(cento.dati["risultati"]["aree"][allegato.numero - 1]["obiettivi"])
        words = _body_words(_page_texts(content, tmp_path, layout=True, name=f"w{allegato.numero}.pdf"), testatina)
        bodies.append(words[words.index(f"{allegato.area} Responsabile:"):])  # from the area's heading on
        annex_titles += _outline_titles(PdfReader(io.BytesIO(content)))[1:]
    chapter_3 = " ".join(bodies)
    assert chapter_3 in single_words  # every annex is its area's text as the single document prints it
    lista = main_words[main_words.index("Il dettaglio degli obiettivi"):]
    lista = lista[:lista.index(f"Allegato {len(parts)} – {parts[-1].area}") + len(f"Allegato {len(parts)} – {parts[-1].area}")]
    assert single_words.replace(chapter_3, "").split() == main_words.replace(lista, "").split()

    # Page counts add up: the stored figures are the files' own; each part starts on a page of its own.
    counts = [_pages(main, tmp_path, "m.pdf"), *[_pages(_read(a.file), tmp_path, f"p{a.numero}.pdf") for a in parts]]
    assert cento.pagine_fatte == sum(counts) == cento.pagine + sum(a.pagine for a in parts)
    single_pages = _pages(single, tmp_path, "s.pdf")
    assert single_pages <= sum(counts) <= single_pages + 2 * len(parts)
    # The same bookmarks: the main one's chapters and every annex's area.
    single_titles = _outline_titles(PdfReader(io.BytesIO(single)))
    assert sorted(_outline_titles(PdfReader(io.BytesIO(main))) + annex_titles) == sorted(single_titles)
    assert _tagged_archivable(main, tmp_path, "main-a.pdf")
    assert len(_toc_is_right(main, tmp_path, "toc-main.pdf")) >= 4


# --- A large area in several annexes ---------------------------------------------------------------


def _snapshot(*sizes, indicatori=3):
    """A snapshot's shape with areas of the given sizes (what the partition reads)."""
    return {"risultati": {"aree": [
        {"area": {"nome": f"Area {i + 1}"},
         "obiettivi": [{"obiettivo": {"codice": f"{i}.{k}"}, "indicatori": [{}] * indicatori} for k in range(n)]}
        for i, n in enumerate(sizes)]}}


def test_an_area_above_the_maximum_is_split_in_contiguous_even_parts_numbered_in_chapter_order(settings):
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 100
    data = _snapshot(40, 250, 101, 0, 409)  # 800 objectives: an eighth is more than 100
    assert allegati.quanti_allegati(data) == 1 + 3 + 2 + 1 + 5
    elenco = allegati.elenco(data)
    assert [al["numero"] for al in elenco] == list(range(1, 13))
    assert [(al["area"], al["parte"], al["parti"]) for al in elenco] == [
        ("Area 1", 1, 1), ("Area 2", 1, 3), ("Area 2", 2, 3), ("Area 2", 3, 3), ("Area 3", 1, 2), ("Area 3", 2, 2),
        ("Area 4", 1, 1), *[("Area 5", p, 5) for p in range(1, 6)]]
    assert [al["nome"] for al in elenco[:3]] == ["Area 1", "Area 2 (parte 1 di 3)", "Area 2 (parte 2 di 3)"]
    for indice, area in enumerate(data["risultati"]["aree"]):
        parts = [al for al in elenco if al["indice"] == indice]
        # Every objective once, in order, each part of about the same size.
        assert [(al["da"], al["a"]) for al in parts] == list(zip([0] + [al["a"] for al in parts[:-1]],
                                                                 [al["a"] for al in parts]))
        assert parts[-1]["a"] == len(area["obiettivi"])
        sizes = [al["a"] - al["da"] for al in parts]
        assert max(sizes) - min(sizes) <= 1 and max(sizes) <= 100


def test_no_annex_holds_more_than_an_eighth_of_the_plan(settings):
    """5 areas of 80: 5 annexes would leave the last fifth of the work to one process."""
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 100
    data = _snapshot(80, 80, 80, 80, 80)
    assert allegati.massimo_per_allegato(data) == 50
    elenco = allegati.elenco(data)
    assert len(elenco) == 10 and {al["a"] - al["da"] for al in elenco} == {40}
    # Not below 40 objectives an annex: 5 areas of 20 stay 5 annexes.
    assert [al["parti"] for al in allegati.elenco(_snapshot(20, 20, 20, 20, 20))] == [1] * 5


def test_parts_are_balanced_by_rows_not_objectives():
    """An area whose first half has objectives with many indicators: the cut falls where the rows halve."""
    data = _snapshot(20)
    for o in data["risultati"]["aree"][0]["obiettivi"][:10]:
        o["indicatori"] = [{}] * 9  # 10 rows each against 4 for the others
    (uno, due) = allegati.elenco(data, annessi=2)
    assert (uno["da"], uno["a"], due["a"]) == (0, 7, 20)
    assert abs(uno["peso"] - due["peso"]) <= 10


def test_the_number_of_annexes_stored_at_the_first_render_gives_the_same_partition_whatever_the_setting(settings):
    data = _snapshot(250, 90)
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 100
    first = allegati.elenco(data)
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 30
    assert allegati.quanti_allegati(data) != len(first)
    assert allegati.elenco(data, annessi=len(first)) == first
    # A version from before the split (one annex per area) stays one annex per area.
    assert [al["parti"] for al in allegati.elenco(data, annessi=2)] == [1, 1]


def test_the_main_document_is_given_the_summary_of_each_area_not_the_detail_of_its_objectives(settings):
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 100
    data = _snapshot(3)
    for o in data["risultati"]["aree"][0]["obiettivi"]:
        o.update(ritirato=False, grado={"percent": "80", "esito": "parziale", "explanation": "lunga spiegazione"})
    data["ente"] = {"nome": "Comune", "stemma": ""}
    elenco = allegati.elenco(data, annessi=1)
    _numero, part, extra = allegati.payload(data, allegati.PRINCIPALE, elenco)
    (area,) = part["risultati"]["aree"]
    assert len(area["obiettivi"]) == 3  # counted in the summary table and the chart
    assert area["obiettivi"][0] == {"ritirato": False, "grado": {"percent": "80", "esito": "parziale", "explanation": ""}}
    assert extra == {"parte": "principale", "allegati": elenco, "allegati_divisi": False}
    assert data["risultati"]["aree"][0]["obiettivi"][0]["indicatori"]  # the snapshot itself is not touched


@pytest.fixture
def trenta(db, settings):
    """30 objectives over 5 areas (6 each), approved, the PDF not rendered yet; annexes from 10
    objectives, at most 4 an annex: every area in 2 parts of 3."""
    from bench.synthetic import build_plan
    from relazioni.context import relazione_for

    settings.RELAZIONE_ALLEGATI_SOGLIA = 10
    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 4
    ente, piano, segretario, _responsabile = build_plan(30, slug="trenta")
    from tests.builders import SITE_LINKS

    ente.pubblicazione_richiede_validazione = False
    for field, value in SITE_LINKS.items():  # what publication asks of the ente's site
        setattr(ente, field, value)
    ente.save()
    relazione = relazione_for(ente, 2018)
    relazione.save()
    services.relazione_approve(user=segretario, relazione=relazione)
    return _versione(relazione), segretario


def test_split_areas_parts_say_together_what_the_single_document_says_and_are_listed_everywhere(
        trenta, settings, client, login, tmp_path):
    versione, segretario = trenta
    settings.PDF_WORKERS = 2
    render_versione_pdf.call(versione.pk)
    versione.refresh_from_db()
    assert versione.stato_rendering == StatoRendering.COMPLETATO, versione.errore
    aree = versione.dati["risultati"]["aree"]
    assert (versione.parti_totali, versione.aree_allegati, versione.allegati_divisi) == (11, 5, True)
    parts = list(versione.allegati.all())
    assert [(a.numero, a.area, a.parte, a.parti) for a in parts] == [
        (2 * i + p, area["area"]["nome"], p, 2) for i, area in enumerate(aree) for p in (1, 2)]

    single = versione_pdf(versione)
    testatina = f"{versione.dati['ente']['nome']} – Relazione sulla Performance"
    single_words = _body_words(_page_texts(single, tmp_path, layout=True, name="single.pdf"), testatina)
    main = _read(versione.pdf)
    main_words = " ".join(" ".join(_page_texts(main, tmp_path)).split())
    bodies, codici = [], []
    for allegato in parts:
        content = _read(allegato.file)
        titolo = f"Allegato {allegato.numero} – {allegato.area} (parte {allegato.parte} di 2)"
        assert allegato.nome == f"{allegato.area} (parte {allegato.parte} di 2)" and str(allegato) == titolo
        assert _tagged_archivable(content, tmp_path, f"a{allegato.numero}.pdf")
        assert _outline_titles(PdfReader(io.BytesIO(content)))[0] == titolo  # its own bookmarks
        entries = _toc_is_right(content, tmp_path, f"toc{allegato.numero}.pdf")  # its own index
        assert len(entries) == 3
        codici += [e["titolo"].split(" – ")[0] for e in entries]
        assert titolo in main_words  # the main document lists every part
        words = _body_words(_page_texts(content, tmp_path, layout=True, name=f"w{allegato.numero}.pdf"), testatina)
        area = words.index(f"{allegato.area} Responsabile:")  # every part opens with its area's heading
        # The first part from there on, a next one from its first objective (the index lists it before).
        bodies.append(words[area if allegato.parte == 1 else words.index(f"{entries[0]['titolo']} ", area):])
    # Every objective once, in the order of chapter 3; the parts of each area its text, as printed in one pass.
    assert codici == [o["obiettivo"]["codice"] for area in aree for o in area["obiettivi"]]
    assert " ".join(bodies) in single_words
    assert "uno per area e le aree più ampie in più parti" in main_words

    client.force_login(segretario)
    stato = " ".join(client.get(reverse("relazioni:stato_pdf", args=[versione.relazione.ente.slug, 2018])).content
                     .decode().split())
    assert "Con 10 allegati per 5 aree, le più ampie in più parti" in stato
    services.relazione_publish(user=segretario, relazione=versione.relazione)
    client.logout()
    page = client.get(reverse("relazioni:relazione", args=[versione.relazione.ente.slug, 2018])).content.decode()
    trasparenza = client.get(reverse("relazioni:performance", args=[versione.relazione.ente.slug])).content.decode()
    versione.refresh_from_db()
    for allegato in parts:
        url = reverse("relazioni:relazione_allegato", args=[versione.relazione.ente.slug, 2018, allegato.numero])
        assert f'href="{url}"' in page and f"Allegato {allegato.numero} – {allegato.nome}" in page
        assert f'href="{url}"' in trasparenza and f"Allegato {allegato.numero} – {allegato.nome}" in trasparenza
        assert {"numero": allegato.numero, "area": allegato.nome, "sha256": allegato.sha256} in \
            versione.attestazione["allegati"]
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == _read(allegato.file)


def test_a_retry_renders_only_the_missing_parts_of_a_split_area_as_first_split(trenta, settings, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    versione, segretario = trenta
    settings.PDF_WORKERS = 1
    real, rendered = allegati.render_parte, []

    def failing_fourth(numero, part, extra):
        rendered.append(numero)
        if numero == 4:
            raise RuntimeError("WeasyPrint si è fermato")
        return real(numero, part, extra)

    monkeypatch.setattr(allegati, "render_parte", failing_fourth)
    with pytest.raises(RuntimeError):  # the task records the failure, then raises it
        render_versione_pdf.call(versione.pk)
    versione.refresh_from_db()
    assert versione.stato_rendering == StatoRendering.ERRORE
    stored = list(versione.allegati.values_list("numero", "area", "parte", "parti", "sha256"))
    assert len(stored) == 9 and 4 not in [s[0] for s in stored]

    settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI = 100  # would be one annex per area now: the set stays as first split
    monkeypatch.setattr(allegati, "render_parte", lambda *args: (rendered.append(args[0]), real(*args))[1])
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.versione_render_again(user=segretario, relazione=versione.relazione)
    versione.refresh_from_db()
    assert rendered == [4]
    assert versione.stato_rendering == StatoRendering.COMPLETATO and versione.parti_totali == 11
    assert list(versione.allegati.exclude(numero=4).values_list("numero", "area", "parte", "parti", "sha256")) == stored
    quarto = versione.allegati.get(numero=4)
    assert (quarto.area, quarto.parte, quarto.parti) == (versione.dati["risultati"]["aree"][1]["area"]["nome"], 2, 2)
