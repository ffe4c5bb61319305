"""Years and dates a person may type: any year field accepts ANNO_MIN-ANNO_MAX, and within a plan
only the plan's years. Shared by models, forms, services and the URLs that carry a year."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Wide enough for any plan a comune keeps (the law dates from 2009) and narrow enough that a typo
# (year 1, 40000) is a message, not a row a smallint column cannot hold.
ANNO_MIN = 1990
ANNO_MAX = 2100


def validate_anno(anno):
    """ValidationError unless `anno` is a whole year between ANNO_MIN and ANNO_MAX."""
    try:
        valid = int(anno) == anno and ANNO_MIN <= anno <= ANNO_MAX
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise ValidationError(
            _("Indichi un anno tra %(min)s e %(max)s."), code="anno_fuori_intervallo",
            params={"min": ANNO_MIN, "max": ANNO_MAX},
        )


def validate_anno_nel_piano(anno, piano):
    """ValidationError unless `anno` is one of the plan's years."""
    validate_anno(anno)
    if not piano.copre(anno):
        raise ValidationError(
            _("L'anno %(anno)s non è fra gli anni del Piano (%(dal)s-%(al)s)."), code="anno_fuori_piano",
            params={"anno": str(anno), "dal": str(piano.anno_inizio), "al": str(piano.anno_fine)},
        )


def validate_data(value):
    """ValidationError unless the date's year is between ANNO_MIN and ANNO_MAX (01/01/0001 is a typo)."""
    if value is not None and not ANNO_MIN <= value.year <= ANNO_MAX:
        raise ValidationError(
            _("Indichi una data tra il %(min)s e il %(max)s."), code="data_fuori_intervallo",
            params={"min": f"01/01/{ANNO_MIN}", "max": f"31/12/{ANNO_MAX}"},
        )


def message_of(error):
    """The Italian text of a ValidationError, for a DomainError."""
    return " ".join(error.messages)
