"""One form of address everywhere: the product speaks to its user with «Lei» (indichi, corregga,
salvi), never with «voi» (correggete, inserite)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Second person plural imperatives and possessives that have crept in beside «Lei» before.
VOI = re.compile(
    r"\b(correggete|inserite|verificate|controllate|scrivete|compilate|scegliete|cliccate|premete|"
    r"accedete|potete|dovete|vostro|vostra|vostri|vostre)\b",
    re.IGNORECASE,
)


def test_no_text_of_the_product_addresses_the_user_as_voi():
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt"),
             *ROOT.glob("obiettivi/**/*.py"), *ROOT.glob("relazioni/**/*.py")]
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in files if "migrations" not in path.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if VOI.search(line)]
    assert not found, "\n".join(found)
