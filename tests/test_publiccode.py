"""The project as reusable PA software: a LICENSE (EUPL-1.2) and a publiccode.yml complete per the
Developers Italia standard (core 0.4, Italian extension 1.0), with no deprecated key."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ["publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus",
            "softwareType", "description", "legal", "maintenance", "localisation"]
# Keys the standard marks deprecated (core and Italian section): none may appear.
DEPRECATED = {
    ("legal", "authorsFile"), ("inputTypes",), ("outputTypes",), ("description", "it", "genericName"),
    ("it",),  # the lowercase country section: the standard now wants "IT"
    ("IT", "conforme", "lineeGuidaDesign"), ("IT", "conforme", "modelloInteroperabilita"),
}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}


def _publiccode():
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def _has(data, path):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def test_publiccode_has_every_required_key_of_version_0_4():
    data = _publiccode()
    assert [k for k in REQUIRED if k not in data] == []
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["softwareType"] == "standalone/web"
    assert data["platforms"] == ["web"]
    assert data["developmentStatus"] in DEVELOPMENT_STATUSES
    assert data["categories"]
    assert data["url"].startswith("https://") and data["landingURL"].startswith("https://")
    assert data["legal"]["license"] == "EUPL-1.2"
    assert data["maintenance"]["type"] in {"internal", "contract", "community", "none"}
    assert data["maintenance"]["contacts"][0]["name"]
    assert data["localisation"]["localisationReady"] is True
    assert "it" in data["localisation"]["availableLanguages"]
    assert data["dependsOn"]["open"]


def test_the_italian_description_is_complete_and_its_screenshots_exist():
    it = _publiccode()["description"]["it"]
    assert 0 < len(it["shortDescription"]) <= 150
    assert 150 <= len(it["longDescription"]) <= 10_000
    assert it["features"]
    assert it["screenshots"]
    for shot in it["screenshots"]:
        path = ROOT / shot
        assert path.is_file(), shot
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot


def test_the_italian_section_has_its_version_and_no_deprecated_key():
    data = _publiccode()
    section = data["IT"]
    assert section["countryExtensionVersion"] == "1.0"
    assert {"conforme", "piattaforme", "riuso"} <= set(section)
    assert section["riuso"]["codiceIPA"]
    assert [path for path in DEPRECATED if _has(data, path)] == []


def test_the_licence_is_the_eupl_1_2_and_the_readme_says_why():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "EUPL-1.2" in readme
