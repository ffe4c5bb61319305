"""The ente's DCAT-AP_IT catalogue as JSON-LD: one dataset per published year, one distribution per
format, so that dati.gov.it (and any DCAT harvester) can collect the open data.

Properties as DCAT-AP_IT (profile of DCAT-AP by AgID) asks: catalogue with title, description,
publisher, modified, homepage, language; each dataset with identifier (IPA code:id), title,
description, modified, theme (GOVE), publisher and rights holder (the ente with its IPA code),
frequency, temporal coverage; each distribution with format, accessURL/downloadURL, licence, byte
size and SHA-256 checksum."""

from . import table, writers

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
}
THEME = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/ITA"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LICENCE_TYPE = "http://purl.org/adms/licencetype/Attribution"


def _date(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _it(text):
    return {"@value": text, "@language": "it"}


def agent(ente, url):
    node = {"@id": url, "@type": ["foaf:Agent", "dcatapit:Agent"], "foaf:name": ente.nome}
    if ente.codice_ipa:
        node["dct:identifier"] = ente.codice_ipa
    return node


def licence():
    return {"@id": table.LICENZA_URI, "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
            "foaf:name": table.LICENZA["title"], "dct:type": {"@id": LICENCE_TYPE}}


def catalogue(ente, datasets, *, catalogue_url, ente_url, homepage):
    """`datasets`: [{"anno", "url" (page), "modified" (date), "issued" (date), "distribuzioni":
    [{"formato", "url", "schema_url", "dimensione", "sha256"}]}], newest first."""
    publisher = agent(ente, ente_url)
    identifier_prefix = ente.codice_ipa or ente.slug
    modified = max((d["modified"] for d in datasets), default=None)
    nodes = []
    for d in datasets:
        anno = d["anno"]
        nodes.append({
            "@id": d["url"] + "#dataset",
            "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": f"{identifier_prefix}:performance-{anno}",
            "dct:title": _it(f"Risultati della performance {anno} - {ente.nome}"),
            "dct:description": _it(
                f"Obiettivi, indicatori, target, valori a luglio e a fine anno, grado di raggiungimento ed esiti "
                f"della Relazione sulla Performance {anno} del {ente.nome} (D.Lgs. 150/2009), dai dati approvati."),
            "dct:issued": _date(d["issued"]),
            "dct:modified": _date(d["modified"]),
            "dcat:theme": {"@id": THEME},
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:rightsHolder": {"@id": publisher["@id"]},
            "dct:accrualPeriodicity": {"@id": FREQUENCY},
            "dct:language": {"@id": LANGUAGE},
            "dcat:keyword": ["performance", "obiettivi", "indicatori", "relazione sulla performance"],
            "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": {"@value": f"{anno}-01-01", "@type": "xsd:date"},
                             "dcat:endDate": {"@value": f"{anno}-12-31", "@type": "xsd:date"}},
            "dcat:landingPage": {"@id": d["url"]},
            "dcat:distribution": [_distribution(anno, x) for x in d["distribuzioni"]],
        })
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": catalogue_url,
                "@type": ["dcat:Catalog", "dcatapit:Catalog"],
                "dct:title": _it(f"Open data della performance - {ente.nome}"),
                "dct:description": _it(f"I dati della performance pubblicati dal {ente.nome}, un dataset per anno."),
                "dct:publisher": {"@id": publisher["@id"]},
                "dct:language": {"@id": LANGUAGE},
                "foaf:homepage": {"@id": homepage},
                **({"dct:modified": _date(modified)} if modified else {}),
                "dcat:themeTaxonomy": {"@id": "http://publications.europa.eu/resource/authority/data-theme"},
                "dcat:dataset": [{"@id": n["@id"]} for n in nodes],
            },
            publisher,
            licence(),
            *nodes,
        ],
    }


def _distribution(anno, x):
    formato = x["formato"]
    _writer, media_type, file_type, label = writers.FORMATI[formato]
    return {
        "@id": x["url"],
        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
        "dct:title": _it(f"Risultati della performance {anno} ({label})"),
        "dct:format": {"@id": FILE_TYPE + file_type},
        "dcat:mediaType": media_type,
        "dcat:accessURL": {"@id": x["url"]},
        "dcat:downloadURL": {"@id": x["url"]},
        "dct:license": {"@id": table.LICENZA_URI},
        "dcat:byteSize": {"@value": str(x["dimensione"]), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                          "spdx:checksumValue": {"@value": x["sha256"], "@type": "xsd:hexBinary"}},
        "dct:conformsTo": {"@id": x["schema_url"], "@type": "dct:Standard"},
    }
