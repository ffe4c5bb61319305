"""Import of a Piano from a workbook: every cell checked, every problem reported with its sheet, row
and column in Italian, and the writes done in one go (the caller rolls them back for a preview or
when any row is wrong). Matching is by code, else by area and title; nothing is ever deleted."""

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from obiettivi import selectors as obiettivi_selectors
from obiettivi import services as obiettivi_services
from obiettivi.achievement import Confronto, PesiMisti, check_pesi, format_decimal, parse_target
from obiettivi.forms import parse_italian_decimal
from obiettivi.models import (
    MESI,
    Area,
    Fase,
    Indicatore,
    Obiettivo,
    ObiettivoStrategico,
    Piano,
    Programma,
    Ruolo,
    Target,
)

from . import layout

DATE_TEXT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
MONTH_TEXT = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Problema:
    foglio: str = ""
    riga: int | None = None
    colonna: str = ""
    messaggio: str = ""

    def __str__(self):
        where = []
        if self.foglio:
            where.append(_("Foglio %(foglio)s") % {"foglio": self.foglio})
        if self.riga:
            where.append(_("riga %(riga)s") % {"riga": self.riga})
        if self.colonna:
            where.append(_("colonna %(colonna)s") % {"colonna": self.colonna})
        return f"{', '.join(where)}: {self.messaggio}" if where else self.messaggio


@dataclass(frozen=True)
class Modifica:
    """One thing the import creates or changes, for the preview (grouped by area and objective)."""

    area: str
    obiettivo: str
    azione: str  # "crea", "modifica", "variazione"
    cosa: str
    prima: str = ""
    dopo: str = ""


@dataclass
class Riga:
    foglio: str
    numero: int
    celle: dict  # key -> value
    intestazioni: dict  # key -> header as written
    target: dict = field(default_factory=dict)  # year -> (value, header)


class Errori(Exception):
    pass


def _text_of(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _looks_like_formula(text):
    """A text cell that a spreadsheet would run as a formula once exported again (CSV injection)."""
    if text[0] in "=@\t\r":
        return True
    # "+cmd|..." or "-2+3+cmd|..." run; "- riduzione dei tempi (entro 30 giorni)", a bullet, does not.
    return text[0] in "+-" and len(text) > 1 and not text[1].isspace() and any(mark in text for mark in "=(|!")


def _fase_anno(fase):
    day = fase.data_inizio or fase.data_fine
    return day.year if day else None


def _norm(text):
    return " ".join(str(text).split()).casefold()


class Importazione:
    """One import of a workbook into an ente. `run()` writes; the caller decides to keep or roll back."""

    def __init__(self, *, ente, sheets, user=None, variazione=None):
        self.ente = ente
        self.sheets = sheets
        self.user = user
        self.variazione_dati = variazione  # {"numero_atto", "data_atto", "motivazione", "organo"} or None
        self.problemi = []
        self.modifiche = []
        self.cambi_variazione = []  # TargetVariato / PesoCambiato for an approved Piano
        self.piano = None
        self.piano_creato = False
        self._indicatori_precedenti = None
        self.richiede_variazione = False
        self.nuovi_in_approvato = []  # objectives new to an approved Piano: inserted by the Variazione
        self.nota_import = _("Importazione del Piano da foglio di calcolo")

    # Cells ----------------------------------------------------------------------------------------

    def problem(self, riga, key, messaggio):
        colonna = riga.intestazioni.get(key, key) if riga is not None else ""
        self.problemi.append(Problema(riga.foglio if riga else "", riga.numero if riga else None, colonna, messaggio))

    def testo(self, riga, key, *, required=False, max_length=300, value=None, header=None):
        if header is not None:
            key = header  # a target cell: its value is passed, its header names it
        else:
            value = riga.celle.get(key)
        if value is None:
            if required:
                self.problem(riga, key, _("il valore manca, ed è obbligatorio."))
            return ""
        text = _text_of(value).strip()
        if _looks_like_formula(text):
            self.problem(riga, key, _("«%(v)s» sembra una formula: scriva il testo senza «=», «+», «-» o «@» iniziali.") % {"v": text[:40]})
            return ""
        if max_length and len(text) > max_length:
            self.problem(riga, key, _("il testo è lungo %(n)s caratteri, il massimo è %(max)s.") % {"n": len(text), "max": max_length})
            return ""
        return text

    def numero(self, riga, key, *, required=False, value=None, header=None, minimo=None, massimo=None,
               decimali=4, cifre=14):
        value = riga.celle.get(key) if value is None and header is None else value
        where = (riga, key) if header is None else (riga, header)
        if value is None:
            if required:
                self.problem(*where, _("il valore manca, ed è obbligatorio."))
            return None
        if isinstance(value, bool) or isinstance(value, date):
            self.problem(*where, _("«%(v)s» non è un numero.") % {"v": _text_of(value)})
            return None
        if isinstance(value, Decimal):
            number = value
        else:
            try:
                number = parse_italian_decimal(str(value))
            except (ValueError, InvalidOperation):
                self.problem(*where, _("«%(v)s» non è un numero.") % {"v": str(value)[:40]})
                return None
        if not number.is_finite():
            self.problem(*where, _("«%(v)s» non è un numero.") % {"v": _text_of(value)})
            return None
        if abs(number) >= Decimal(10) ** (cifre - decimali):
            self.problem(*where, _("«%(v)s» è troppo grande.") % {"v": _text_of(value)})
            return None
        if number != number.quantize(Decimal(1).scaleb(-decimali)):
            self.problem(*where, _("«%(v)s» ha più di %(n)s cifre decimali.") % {"v": _text_of(value), "n": decimali})
            return None
        if (minimo is not None and number < minimo) or (massimo is not None and number > massimo):
            self.problem(*where, _("%(v)s non è compreso tra %(min)s e %(max)s.") % {
                "v": format_decimal(number), "min": format_decimal(minimo), "max": format_decimal(massimo)})
            return None
        return number.normalize() if number == number.to_integral_value() else number

    def intero(self, riga, key, *, required=False, minimo=0, massimo=32767):
        number = self.numero(riga, key, required=required, minimo=minimo, massimo=massimo, decimali=0)
        return int(number) if number is not None else None

    def data(self, riga, key, *, required=False, value=None, header=None):
        value = riga.celle.get(key) if value is None and header is None else value
        where = (riga, key) if header is None else (riga, header)
        if value is None:
            if required:
                self.problem(*where, _("il valore manca, ed è obbligatorio."))
            return None
        if isinstance(value, date):
            return value
        match = DATE_TEXT.match(_text_of(value).strip())
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        self.problem(*where, _("«%(v)s» non è una data: la scriva come gg/mm/aaaa.") % {"v": _text_of(value)[:40]})
        return None

    def mese_o_data(self, riga, key, *, fine=False):
        """(date, month_only) of a phase's cell: a date, or a month ("03/2016", "marzo 2016") read as
        its first day (its last for an end); (None, False) when empty or wrong (then reported)."""
        value = riga.celle.get(key)
        if value is None:
            return None, False
        if isinstance(value, date):
            return value, False
        text = _norm(_text_of(value))
        month = year = None
        if match := MONTH_TEXT.match(text):
            month, year = int(match[1]), int(match[2])
        else:
            parts = text.split()
            if len(parts) == 2 and parts[0] in MESI and parts[1].isdigit() and len(parts[1]) == 4:
                month, year = MESI.index(parts[0]) + 1, int(parts[1])
        if month is None:
            return self.data(riga, key), False
        if not 1 <= month <= 12:
            self.problem(riga, key, _("«%(v)s» non è un mese: lo scriva come «03/2016» o «marzo 2016».") % {"v": _text_of(value)[:40]})
            return None, False
        if not fine:
            return date(year, month, 1), True
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return date.fromordinal(following.toordinal() - 1), True

    def scelta(self, riga, key, choices, *, required=False, default=None):
        value = riga.celle.get(key)
        if value is None:
            if required:
                self.problem(riga, key, _("il valore manca, ed è obbligatorio."))
            return default
        text = _norm(_text_of(value))
        for code, label in choices:
            if text in (_norm(label), _norm(code)):
                return code
        self.problem(riga, key, _("«%(v)s» non è fra i valori ammessi (%(ammessi)s).") % {
            "v": _text_of(value)[:40], "ammessi": ", ".join(label for _code, label in choices)})
        return None

    # Sheets ---------------------------------------------------------------------------------------

    def righe(self, foglio, colonne=None, *, con_target=False):
        """The non-empty data rows of a sheet, with cells keyed by column; [] if the sheet is absent."""
        rows = self.sheets.get(foglio)
        if rows is None:
            return []
        colonne = colonne or layout.COLONNE[foglio]
        if not rows:
            return []
        by_header = {_norm(c.header): c for c in colonne}
        # Messages name a column by its header, also one the file left out.
        positions, intestazioni, targets = {}, {c.key: c.header for c in colonne}, {}
        for index, header in enumerate(rows[0]):
            if header is None:
                continue
            text = _text_of(header).strip()
            colonna = by_header.get(_norm(text))
            if colonna is not None:
                positions[colonna.key] = index
                intestazioni[colonna.key] = colonna.header
            elif con_target and _norm(text).startswith(_norm(layout.TARGET_PREFIX)):
                anno = text[len(layout.TARGET_PREFIX):].strip()
                if anno.isdigit() and len(anno) == 4:
                    targets[int(anno)] = (index, text)
                else:
                    self.problemi.append(Problema(foglio, 1, text, _("l'intestazione di un target è «Target» seguito dall'anno, es. «Target 2019».")))
        for colonna in colonne:
            if colonna.obbligatoria and colonna.key not in positions:
                self.problemi.append(Problema(foglio, 1, colonna.header, _("la colonna manca: la intestazione deve essere «%(h)s».") % {"h": colonna.header}))
        result = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(value is not None for value in row):
                continue
            cell = lambda index: row[index] if index < len(row) else None  # noqa: E731
            result.append(Riga(
                foglio, number, {key: cell(index) for key, index in positions.items()}, intestazioni,
                {anno: (cell(index), header) for anno, (index, header) in targets.items()},
            ))
        return result

    def layout_piatto(self):
        return layout.OBIETTIVI not in self.sheets and layout.PIATTO in self.sheets

    # Run ------------------------------------------------------------------------------------------

    def run(self):
        known = set(self.sheets) & (set(layout.ORDINE_FOGLI) | {layout.PIATTO})
        if not known:
            self.problemi.append(Problema(messaggio=_(
                "Il file non contiene nessuno dei fogli del modello (%(fogli)s): scarichi il modello e lo compili."
            ) % {"fogli": ", ".join(layout.ORDINE_FOGLI)}))
            return
        self.piano = self._piano()
        if self.piano is None:
            return
        self.frozen = {anno for anno in self.piano.anni if obiettivi_selectors.year_is_frozen(self.ente.pk, anno)}
        # A Piano this import creates is written as the file says; only an existing approved one varies.
        self.approvato = self.piano.stato == Piano.Stato.APPROVATO and not self.piano_creato
        self.persone = self._persone()
        self.aree = self._aree()
        self.strategici = self._strategici()
        if self.layout_piatto():
            obiettivi_rows, indicatori_rows = self._piatto()
        else:
            obiettivi_rows, indicatori_rows = self.righe(layout.OBIETTIVI), self.righe(layout.INDICATORI, con_target=True)
        self.obiettivi = self._obiettivi(obiettivi_rows)
        if not self.layout_piatto():
            self._fasi()
        self._indicatori(indicatori_rows)
        self._anni_precedenti()
        self._pesi_misti()
        self._variazione()

    # The Piano ------------------------------------------------------------------------------------

    def _piano(self):
        if self.layout_piatto():
            return self._piano_from_targets()
        rows = self.righe(layout.PIANO)
        if len(rows) != 1:
            self.problemi.append(Problema(layout.PIANO, None, "", _(
                "il foglio Piano deve avere una sola riga sotto le intestazioni, con gli anni del Piano.")))
            return None
        riga = rows[0]
        inizio = self.intero(riga, "anno_inizio", required=True, minimo=2000, massimo=2100)
        fine = self.intero(riga, "anno_fine", required=True, minimo=2000, massimo=2100)
        titolo = self.testo(riga, "titolo", max_length=200) or "Piano della Performance"
        organo = self.scelta(riga, "organo", layout._choices(Piano.Organo), default=Piano.Organo.GIUNTA)
        numero = self.testo(riga, "numero_atto", max_length=20)
        data_atto = self.data(riga, "data_atto")
        stato = self.scelta(riga, "stato", layout.STATI_PIANO, default=Piano.Stato.BOZZA)
        if inizio is None or fine is None:
            return None
        if fine < inizio:
            self.problem(riga, "anno_fine", _("l'ultimo anno (%(fine)s) viene prima del primo (%(inizio)s).") % {"fine": fine, "inizio": inizio})
            return None
        if stato == Piano.Stato.APPROVATO and not (numero and data_atto):
            self.problem(riga, "stato", _("un Piano approvato ha il numero e la data della deliberazione."))
        piano = Piano.objects.filter(ente=self.ente, anno_inizio=inizio).first()
        if piano is None:
            piano = Piano(ente=self.ente, anno_inizio=inizio, anno_fine=fine, titolo=titolo, organo_approvazione=organo or Piano.Organo.GIUNTA,
                          numero_atto=numero, data_atto=data_atto, stato=stato or Piano.Stato.BOZZA)
            if Piano.objects.filter(ente=self.ente, anno_inizio__lte=fine, anno_fine__gte=inizio).exists():
                self.problem(riga, "anno_inizio", _("un altro Piano dell'ente copre già alcuni di questi anni."))
                return None
            piano.full_clean()
            piano.save()
            self.piano_creato = True
            self.modifiche.append(Modifica("", "", "crea", _("Piano %(p)s") % {"p": piano}))
            self._log(azione=_("Piano creato"), campo=str(piano), dopo=str(piano))
            return piano
        if piano.anno_fine != fine:
            self.problem(riga, "anno_fine", _("il Piano %(inizio)s esiste già e finisce nel %(fine)s.") % {"inizio": inizio, "fine": piano.anno_fine})
            return None
        self._update(piano, {"titolo": titolo, "organo_approvazione": organo or piano.organo_approvazione,
                             "numero_atto": numero, "data_atto": data_atto}, "", "", label=_("Piano"))
        return piano

    def _piano_from_targets(self):
        rows = self.sheets[layout.PIATTO]
        anni = sorted({int(str(h)[len(layout.TARGET_PREFIX):]) for h in (rows[0] if rows else [])
                       if isinstance(h, str) and h.startswith(layout.TARGET_PREFIX) and h[len(layout.TARGET_PREFIX):].strip().isdigit()})
        if not anni:
            self.problemi.append(Problema(layout.PIATTO, 1, "", _("mancano le colonne dei target, es. «Target 2019».")))
            return None
        piano = Piano.objects.filter(ente=self.ente, anno_inizio__lte=anni[0], anno_fine__gte=anni[-1]).first()
        if piano is None:
            if Piano.objects.filter(ente=self.ente, anno_inizio__lte=anni[-1], anno_fine__gte=anni[0]).exists():
                self.problemi.append(Problema(layout.PIATTO, 1, "", _(
                    "gli anni dei target (%(dal)s-%(al)s) non sono quelli di un Piano dell'ente.") % {"dal": anni[0], "al": anni[-1]}))
                return None
            piano = Piano.objects.create(ente=self.ente, anno_inizio=anni[0], anno_fine=anni[-1])
            self.piano_creato = True
            self.modifiche.append(Modifica("", "", "crea", _("Piano %(p)s") % {"p": piano}))
            self._log(azione=_("Piano creato"), campo=str(piano), dopo=str(piano))
        return piano

    # People ---------------------------------------------------------------------------------------

    def _persone(self):
        """{e-mail (case-folded): user} for the people the file names, created where new."""
        User = get_user_model()
        persone, seen = {}, {}
        for riga in self.righe(layout.PERSONE):
            email = self.testo(riga, "email", required=True, max_length=254).lower()
            ruolo = self.scelta(riga, "ruolo", layout.RUOLI_IMPORTABILI, required=True)
            nome = self.testo(riga, "nome", max_length=150)
            cognome = self.testo(riga, "cognome", max_length=150)
            denominazione = self.testo(riga, "denominazione", max_length=200)
            if not email or not ruolo:
                continue
            if "@" not in email or " " in email:
                self.problem(riga, "email", _("«%(v)s» non è un indirizzo e-mail.") % {"v": email})
                continue
            if (email, ruolo) in seen:
                self.problem(riga, "email", _("questa persona con questo ruolo è già alla riga %(n)s.") % {"n": seen[(email, ruolo)]})
                continue
            seen[(email, ruolo)] = riga.numero
            user = persone.get(email) or self._user_by_email(riga, email)
            if user is False:
                continue
            if user is None:
                user = User(username=self._username(email), email=email, first_name=nome, last_name=cognome)
                # A new person sets a password through the reset e-mail; never staff nor superuser.
                user.set_unusable_password()
                user.save()
                self.modifiche.append(Modifica("", "", "crea", _("Persona %(p)s") % {"p": f"{nome} {cognome} <{email}>".strip()}))
                self._log(azione=_("Persona creata"), campo=_("persona"), dopo=email)
            persone[email] = user
            ruolo_row, created = Ruolo.objects.get_or_create(
                utente=user, ente=self.ente, tipo=ruolo, defaults={"denominazione": denominazione})
            if created:
                self.modifiche.append(Modifica("", "", "crea", _("Ruolo %(r)s per %(p)s") % {"r": ruolo_row.get_tipo_display(), "p": email}))
                self._log(azione=_("Ruolo assegnato"), campo=ruolo_row.get_tipo_display(), dopo=email)
            elif denominazione and ruolo_row.denominazione != denominazione:
                self.modifiche.append(Modifica("", "", "modifica", _("Denominazione di %(p)s") % {"p": email}, ruolo_row.denominazione, denominazione))
                ruolo_row.denominazione = denominazione
                ruolo_row.save(update_fields=["denominazione"])
        return persone

    def _user_by_email(self, riga, email):
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            self.problem(riga, "email", _("più utenti hanno l'e-mail «%(v)s»: lo segnali all'amministratore.") % {"v": email})
            return False
        return users[0] if users else None

    def _username(self, email):
        User = get_user_model()
        base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "utente"
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        return username

    def persona(self, riga, key):
        """The user an e-mail cell names: in the file's Persone or already with a role in this ente."""
        email = self.testo(riga, key, max_length=254).lower()
        if not email:
            return None
        if email in self.persone:
            return self.persone[email]
        user = get_user_model().objects.filter(email__iexact=email, ruoli__ente=self.ente).distinct().first()
        if user is None:
            self.problem(riga, key, _("«%(v)s» non è una persona dell'ente: la aggiunga al foglio Persone.") % {"v": email})
            return False
        return user

    def _ensure_responsabile_role(self, user):
        _row, created = Ruolo.objects.get_or_create(utente=user, ente=self.ente, tipo=Ruolo.Tipo.RESPONSABILE)
        if created:
            self.modifiche.append(Modifica("", "", "crea", _("Ruolo Responsabile per %(p)s") % {"p": user.email or user.username}))

    # Areas ----------------------------------------------------------------------------------------

    def _aree(self):
        """Areas by code and by name (case-folded), the ente's and the file's."""
        esistenti = list(Area.objects.filter(ente=self.ente))
        rows, seen, pending_superiore = self.righe(layout.AREE), {}, []
        for ordine, riga in enumerate(rows):
            codice = self.testo(riga, "codice", max_length=20)
            nome = self.testo(riga, "nome", required=True, max_length=200)
            responsabile = self.persona(riga, "responsabile")
            numero_ordine = self.intero(riga, "ordine")
            if not nome or responsabile is False:
                continue
            key = ("c", _norm(codice)) if codice else ("n", _norm(nome))
            if key in seen or ("n", _norm(nome)) in seen:
                self.problem(riga, "codice" if codice else "nome", _("l'area è già alla riga %(n)s.") % {"n": seen.get(key) or seen[("n", _norm(nome))]})
                continue
            seen[key] = seen[("n", _norm(nome))] = riga.numero
            area = next((a for a in esistenti if codice and _norm(a.codice) == _norm(codice)), None) or next(
                (a for a in esistenti if _norm(a.nome) == _norm(nome) and (not codice or not a.codice)), None)
            values = {"codice": codice, "nome": nome, "responsabile": responsabile,
                      "ordine": numero_ordine if numero_ordine is not None else (area.ordine if area else ordine + 1)}
            if area is not None and any(_norm(a.nome) == _norm(nome) and a.pk != area.pk for a in esistenti):
                self.problem(riga, "nome", _("un'altra area dell'ente si chiama già «%(v)s».") % {"v": nome})
                continue
            if area is None:
                area = Area(ente=self.ente, **values)
                area.save()
                esistenti.append(area)
                self.modifiche.append(Modifica(nome, "", "crea", _("Area %(a)s") % {"a": nome}))
                self._log(azione=_("Area creata"), campo=_("area"), dopo=nome)
            else:
                self._update(area, values, nome, "", label=_("Area"))
            if responsabile:
                self._ensure_responsabile_role(responsabile)
            pending_superiore.append((riga, area))
        index = self._index_aree(esistenti)
        for riga, area in pending_superiore:
            ref = self.testo(riga, "superiore", max_length=200)
            superiore = None
            if ref:
                superiore = index.get(_norm(ref))
                if superiore is None:
                    self.problem(riga, "superiore", _("l'area «%(v)s» non esiste.") % {"v": ref})
                    continue
                if superiore.pk == area.pk:
                    self.problem(riga, "superiore", _("un'area non può essere superiore a sé stessa."))
                    continue
            self._update(area, {"superiore": superiore}, area.nome, "", label=_("Area"))
        return index

    @staticmethod
    def _index_aree(aree):
        index = {}
        for area in aree:
            index[_norm(area.nome)] = area
        for area in aree:
            if area.codice:
                index[_norm(area.codice)] = area  # a code wins over a name that happens to be equal
        return index

    def area(self, riga, key):
        ref = self.testo(riga, key, required=True, max_length=200)
        if not ref:
            return None
        area = self.aree.get(_norm(ref))
        if area is None:
            self.problem(riga, key, _("l'area «%(v)s» non esiste: la aggiunga al foglio Aree.") % {"v": ref})
        return area

    # DUP ------------------------------------------------------------------------------------------

    def _strategici(self):
        esistenti = {_norm(s.codice): s for s in ObiettivoStrategico.objects.filter(ente=self.ente)}
        seen = {}
        for riga in self.righe(layout.STRATEGICI):
            codice = self.testo(riga, "codice", required=True, max_length=20)
            titolo = self.testo(riga, "titolo", required=True)
            linea = self.testo(riga, "linea_mandato")
            if not codice or not titolo:
                continue
            if _norm(codice) in seen:
                self.problem(riga, "codice", _("il codice «%(v)s» è già alla riga %(n)s.") % {"v": codice, "n": seen[_norm(codice)]})
                continue
            seen[_norm(codice)] = riga.numero
            strategico = esistenti.get(_norm(codice))
            if strategico is None:
                esistenti[_norm(codice)] = ObiettivoStrategico.objects.create(ente=self.ente, codice=codice, titolo=titolo, linea_mandato=linea)
                self.modifiche.append(Modifica("", "", "crea", _("Obiettivo strategico %(c)s") % {"c": codice}))
            else:
                self._update(strategico, {"titolo": titolo, "linea_mandato": linea}, "", "", label=_("Obiettivo strategico %(c)s") % {"c": codice})
        return esistenti

    # Objectives -----------------------------------------------------------------------------------

    def _obiettivi(self, rows):
        """{reference (code or title, case-folded): Obiettivo} for the objectives of the file and the plan."""
        esistenti = list(Obiettivo.objects.filter(piano=self.piano).select_related("area"))
        by_code = {_norm(o.codice): o for o in esistenti}
        programmi = {_norm(p.codice): p for p in Programma.objects.all()}
        index, seen, self.obiettivi_falliti = {}, {}, set()
        base_ordine = max((o.ordine for o in esistenti), default=0)
        for position, riga in enumerate(rows, start=1):
            prefix = "obiettivo_" if riga.foglio == layout.PIATTO else ""
            codice = self.testo(riga, prefix + "codice", max_length=20)
            titolo = self.testo(riga, prefix + "titolo", required=True)
            if riga.foglio == layout.PIATTO and (codice or titolo):
                # The flat layout repeats an objective on each of its indicators' rows: the first wins.
                ref = _norm(codice) if codice else ("t", _norm(titolo))
                if ref in seen:
                    continue
            area = self.area(riga, "area")
            tipo = self.scelta(riga, prefix + "tipo", layout._choices(Obiettivo.Tipo), required=True)
            peso = self.numero(riga, prefix + "peso", minimo=Decimal(0), massimo=Decimal(100), decimali=2, cifre=5)
            responsabile = self.persona(riga, "responsabile")
            values = {}
            if riga.foglio != layout.PIATTO:
                values = {
                    "descrizione": self.testo(riga, "descrizione", max_length=5000),
                    "risultato_atteso": self.testo(riga, "risultato_atteso", max_length=5000),
                    "data_inizio": self.data(riga, "data_inizio"),
                    "scadenza": self.data(riga, "scadenza"),
                }
                strategico_ref = self.testo(riga, "strategico", max_length=20)
                programma_ref = self.testo(riga, "programma", max_length=4)
                values["obiettivo_strategico"] = self.strategici.get(_norm(strategico_ref)) if strategico_ref else None
                if strategico_ref and values["obiettivo_strategico"] is None:
                    self.problem(riga, "strategico", _("l'obiettivo strategico «%(v)s» non esiste: lo aggiunga al foglio Obiettivi strategici.") % {"v": strategico_ref})
                values["programma"] = programmi.get(_norm(programma_ref)) if programma_ref else None
                if programma_ref and values["programma"] is None:
                    self.problem(riga, "programma", _("il programma «%(v)s» non esiste.") % {"v": programma_ref})
                if values["data_inizio"] and values["scadenza"] and values["scadenza"] < values["data_inizio"]:
                    self.problem(riga, "scadenza", _("la scadenza viene prima dell'inizio."))
                values["altri_soggetti"] = self.testo(riga, "altri_soggetti", max_length=5000)
            ref = _norm(codice) if codice else ("t", _norm(titolo))
            if codice and ref in seen:
                self.problem(riga, prefix + "codice", _("il codice «%(v)s» è già alla riga %(n)s.") % {"v": codice, "n": seen[ref]})
                continue
            if not codice and area and ("t", _norm(area.nome), _norm(titolo)) in seen:
                self.problem(riga, prefix + "titolo", _("l'obiettivo è già alla riga %(n)s.") % {"n": seen[("t", _norm(area.nome), _norm(titolo))]})
                continue
            if titolo:
                seen[ref] = riga.numero
                if area:
                    seen[("t", _norm(area.nome), _norm(titolo))] = riga.numero
            if riga.celle.get(prefix + "peso") is not None and peso is None:
                self.obiettivi_falliti.update({_norm(codice), _norm(titolo)} - {""})
                continue  # a weight written wrong (reported), not a weight left out
            if None in (area, tipo) or not titolo or responsabile is False:
                self.obiettivi_falliti.update({_norm(codice), _norm(titolo)} - {""})
                continue
            responsabile = responsabile or area.responsabile
            if responsabile is None:
                self.problem(riga, "responsabile", _("l'area %(a)s non ha un responsabile: lo indichi qui o nel foglio Aree.") % {"a": area.nome})
                self.obiettivi_falliti.update({_norm(codice), _norm(titolo)} - {""})
                continue
            obiettivo = by_code.get(_norm(codice)) if codice else next(
                (o for o in esistenti if o.area_id == area.pk and _norm(o.titolo) == _norm(titolo)), None)
            values.update({"area": area, "titolo": titolo, "tipo": tipo, "responsabile": responsabile})
            if obiettivo is None:
                codice = codice or self._new_code(area, by_code)
                obiettivo = Obiettivo(piano=self.piano, codice=codice, peso=peso, ordine=base_ordine + position, **values)
                if self.approvato:
                    self.nuovi_in_approvato.append(obiettivo)
                obiettivo.save()
                by_code[_norm(codice)] = obiettivo
                esistenti.append(obiettivo)
                self.modifiche.append(Modifica(area.nome, f"{codice} {titolo}", "crea", _("Obiettivo %(c)s") % {"c": codice}))
                self._log(azione=_("Obiettivo creato"), obiettivo=obiettivo, campo=_("obiettivo"), dopo=str(obiettivo))
            else:
                self._update(obiettivo, values, area.nome, f"{obiettivo.codice} {obiettivo.titolo}", label=_("Obiettivo"), obiettivo=obiettivo)
                self._peso(riga, prefix + "peso", obiettivo, peso)
            if riga.foglio != layout.PIATTO:
                self._aree_concorrenti(riga, obiettivo)
            index[_norm(obiettivo.codice)] = obiettivo
            index.setdefault(("t", _norm(obiettivo.titolo)), obiettivo)
            if riga.foglio == layout.PIATTO:
                index[("riga", riga.numero)] = obiettivo
        for obiettivo in esistenti:
            index.setdefault(_norm(obiettivo.codice), obiettivo)
            index.setdefault(("t", _norm(obiettivo.titolo)), obiettivo)
        return index

    def _aree_concorrenti(self, riga, obiettivo):
        """The contributing areas the row names (codes or names separated by ";" or ","), set as
        written: an empty cell leaves none."""
        refs = [r.strip() for r in re.split(r"[;,\n]", self.testo(riga, "aree_concorrenti", max_length=2000)) if r.strip()]
        aree = []
        for ref in refs:
            area = self.aree.get(_norm(ref))
            if area is None:
                self.problem(riga, "aree_concorrenti", _("l'area «%(v)s» non esiste: la aggiunga al foglio Aree.") % {"v": ref[:40]})
                return
            if area.pk == obiettivo.area_id:
                self.problem(riga, "aree_concorrenti", _("«%(v)s» è l'area dell'obiettivo, non una che concorre.") % {"v": ref[:40]})
                return
            if area not in aree:
                aree.append(area)
        prima = sorted(a.nome for a in obiettivo.aree_concorrenti.all())
        dopo = sorted(a.nome for a in aree)
        if prima != dopo:
            obiettivo.aree_concorrenti.set(aree)
            gruppo = (obiettivo.area.nome, f"{obiettivo.codice} {obiettivo.titolo}")
            verbose = str(Obiettivo._meta.get_field("aree_concorrenti").verbose_name)
            self.modifiche.append(Modifica(*gruppo, "modifica", f"{_('Obiettivo')}: {verbose}", ", ".join(prima), ", ".join(dopo)))
            self._log(azione=_("Modifica da importazione"), obiettivo=obiettivo, campo=f"{_('Obiettivo')}: {verbose}",
                      prima=", ".join(prima), dopo=", ".join(dopo))

    def _pesi_misti(self):
        """Weights are given to all the objectives of the Piano, and to all the indicators of an
        objective, or to none: mixing is refused (then nothing is imported)."""
        obiettivi = list(Obiettivo.objects.filter(piano=self.piano).prefetch_related("indicatori"))
        foglio_o = layout.PIATTO if self.layout_piatto() else layout.OBIETTIVI
        foglio_i = layout.PIATTO if self.layout_piatto() else layout.INDICATORI
        try:
            check_pesi([o.peso for o in obiettivi], what=_("obiettivi del Piano"))
        except PesiMisti as error:
            self.problemi.append(Problema(foglio_o, None, _("Peso"), str(error)))
        for obiettivo in obiettivi:
            try:
                check_pesi([i.peso for i in obiettivo.indicatori.all()], what=_("indicatori dell'obiettivo %(c)s") % {"c": obiettivo.codice})
            except PesiMisti as error:
                self.problemi.append(Problema(foglio_i, None, _("Peso"), str(error)))

    def _new_code(self, area, by_code):
        return obiettivi_services.new_objective_code(area, by_code, norm=_norm)

    def _peso(self, riga, key, obiettivo, peso):
        gruppo = (obiettivo.area.nome, f"{obiettivo.codice} {obiettivo.titolo}")
        if not self.approvato:
            self._update(obiettivo, {"peso": peso}, *gruppo, label=_("Obiettivo"), obiettivo=obiettivo)
            return
        before = obiettivi_selectors.peso_in_force(obiettivo)
        if peso != before:
            self.modifiche.append(Modifica(*gruppo, "variazione", _("Peso"), format_decimal(before), format_decimal(peso)))
            self.cambi_variazione.append((riga, key, obiettivi_services.PesoCambiato(obiettivo=obiettivo, peso=peso)))

    def obiettivo(self, riga, key):
        ref = self.testo(riga, key, required=True)
        if not ref:
            return None
        obiettivo = self.obiettivi.get(_norm(ref)) or self.obiettivi.get(("t", _norm(ref)))
        if obiettivo is None and not ({_norm(ref)} & self.obiettivi_falliti):
            self.problem(riga, key, _("l'obiettivo «%(v)s» non è nel foglio Obiettivi né nel Piano.") % {"v": ref})
        return obiettivo

    # Phases ---------------------------------------------------------------------------------------

    def _fasi(self):
        esistenti = defaultdict(list)
        for fase in Fase.objects.filter(obiettivo__piano=self.piano):
            esistenti[fase.obiettivo_id].append(fase)
        seen = {}
        for position, riga in enumerate(self.righe(layout.FASI), start=1):
            obiettivo = self.obiettivo(riga, "obiettivo")
            descrizione = self.testo(riga, "descrizione", required=True)
            # A plan may give only months ("marzo 2016"), or no dates at all.
            inizio, mese_inizio = self.mese_o_data(riga, "data_inizio")
            fine, mese_fine = self.mese_o_data(riga, "data_fine", fine=True)
            wrong = (riga.celle.get("data_inizio") is not None and inizio is None) or (
                riga.celle.get("data_fine") is not None and fine is None)
            if obiettivo is None or wrong or not descrizione:
                continue
            if inizio and fine and fine < inizio:
                self.problem(riga, "data_fine", _("la fine viene prima dell'inizio."))
                continue
            solo_mese = mese_inizio or mese_fine
            anno = (inizio or fine).year if (inizio or fine) else None
            # A phase is named within its year: a plan repeats "Monitoraggio" every year of the triennium.
            key = (obiettivo.pk, _norm(descrizione), anno)
            if key in seen:
                self.problem(riga, "descrizione", _("la fase è già alla riga %(n)s.") % {"n": seen[key]})
                continue
            seen[key] = riga.numero
            fase = next((f for f in esistenti[obiettivo.pk]
                         if _norm(f.descrizione) == _norm(descrizione) and _fase_anno(f) == anno), None)
            gruppo = (obiettivo.area.nome, f"{obiettivo.codice} {obiettivo.titolo}")
            if fase is None:
                fase = Fase.objects.create(obiettivo=obiettivo, descrizione=descrizione, data_inizio=inizio, data_fine=fine,
                                           solo_mese=solo_mese, ordine=position)
                esistenti[obiettivo.pk].append(fase)
                self.modifiche.append(Modifica(*gruppo, "crea", _("Fase «%(f)s»") % {"f": descrizione}))
            else:
                self._update(fase, {"data_inizio": inizio, "data_fine": fine, "solo_mese": solo_mese}, *gruppo,
                             label=_("Fase «%(f)s»") % {"f": descrizione}, obiettivo=obiettivo)

    # Indicators and targets -----------------------------------------------------------------------

    def _indicatori(self, rows):
        esistenti = defaultdict(list)
        for indicatore in Indicatore.objects.filter(obiettivo__piano=self.piano):
            esistenti[indicatore.obiettivo_id].append(indicatore)
        seen = {}
        reported_years = set()
        for position, riga in enumerate(rows, start=1):
            for anno, (_value, header) in riga.target.items():
                if not self.piano.copre(anno) and anno not in reported_years:
                    reported_years.add(anno)
                    self.problemi.append(Problema(riga.foglio, 1, header, _(
                        "il %(anno)s non è un anno del Piano (%(dal)s-%(al)s).") % {"anno": anno, "dal": self.piano.anno_inizio, "al": self.piano.anno_fine}))
            if riga.foglio == layout.PIATTO:
                obiettivo = self.obiettivi.get(("riga", riga.numero)) or self._flat_objective(riga)
            else:
                obiettivo = self.obiettivo(riga, "obiettivo")
            nome = self.testo(riga, "nome", required=True)
            formula = self.scelta(riga, "formula", layout._choices(Indicatore.TipoFormula), required=True)
            values = {
                "tipo": self.scelta(riga, "tipo", layout._choices(Indicatore.Tipo), default=Indicatore.Tipo.EFFICACIA),
                "formula": formula,
                "unita": self.testo(riga, "unita", max_length=40),
                "direzione": self.scelta(riga, "direzione", layout._choices(Indicatore.Verso), default=Indicatore.Verso.CRESCENTE),
                "fonte_dati": self.testo(riga, "fonte_dati", max_length=200),
                "baseline": self.numero(riga, "baseline"),
                "usa_baseline": self.scelta(riga, "usa_baseline", layout.SI_NO, default="no") == "si",
            }
            peso = self.numero(riga, "peso", minimo=Decimal(0), massimo=Decimal(100), decimali=2, cifre=5)
            if riga.celle.get("peso") is not None and peso is None:
                continue  # a weight written wrong (reported), not a weight left out
            values["peso"] = peso
            targets = {}
            for anno, (value, header) in riga.target.items():
                if self.piano.copre(anno) and value is not None and formula:
                    target = self._target_value(riga, header, value, formula)
                    if target is not None:
                        targets[anno] = target
            if obiettivo is None or not nome or formula is None or values["tipo"] is None or values["direzione"] is None:
                continue
            key = (obiettivo.pk, _norm(nome))
            if key in seen:
                self.problem(riga, "nome", _("l'indicatore è già alla riga %(n)s per lo stesso obiettivo.") % {"n": seen[key]})
                continue
            seen[key] = riga.numero
            gruppo = (obiettivo.area.nome, f"{obiettivo.codice} {obiettivo.titolo}")
            indicatore = next((i for i in esistenti[obiettivo.pk] if _norm(i.nome) == _norm(nome)), None)
            if indicatore is None:
                deriva_da = self._precedenti().get((_norm(obiettivo.codice), _norm(nome)))
                indicatore = Indicatore.objects.create(obiettivo=obiettivo, nome=nome, ordine=position, deriva_da_id=deriva_da, **values)
                esistenti[obiettivo.pk].append(indicatore)
                self.modifiche.append(Modifica(*gruppo, "crea", _("Indicatore «%(i)s»") % {"i": nome}))
                self._log(azione=_("Indicatore creato"), obiettivo=obiettivo, indicatore=indicatore, campo=_("indicatore"), dopo=nome)
                nuovo = True
            else:
                if self.approvato and values["peso"] != indicatore.peso:
                    # After approval a weight changes only through the deliberation of a Variazione.
                    self.modifiche.append(Modifica(*gruppo, "variazione", _("Peso dell'indicatore «%(i)s»") % {"i": nome},
                                                   format_decimal(indicatore.peso), format_decimal(values["peso"])))
                    self.cambi_variazione.append((riga, "peso", obiettivi_services.PesoIndicatoreCambiato(
                        indicatore=indicatore, peso=values["peso"])))
                    values = {k: v for k, v in values.items() if k != "peso"}
                self._update(indicatore, values, *gruppo, label=_("Indicatore «%(i)s»") % {"i": nome}, obiettivo=obiettivo, indicatore=indicatore)
                nuovo = False
            for anno, target in sorted(targets.items()):
                self._target(riga, riga.target[anno][1], indicatore, anno, *target, nuovo, gruppo)

    def _anni_precedenti(self):
        """The values of years before the Piano, through the same rules as on the indicator's page
        (`valore_storico_write`): a year of the Piano or a frozen one is refused on its row."""
        rows = self.righe(layout.ANNI_PRECEDENTI)
        if not rows:
            return
        indicatori = {(i.obiettivo_id, _norm(i.nome)): i
                      for i in Indicatore.objects.filter(obiettivo__piano=self.piano).select_related("obiettivo__piano", "obiettivo__area")}
        user = self.user if self.user and self.user.is_authenticated else None
        seen = {}
        for riga in rows:
            obiettivo = self.obiettivo(riga, "obiettivo")
            nome = self.testo(riga, "indicatore", required=True)
            anno = self.intero(riga, "anno", required=True, minimo=1990, massimo=2100)
            valore = self.numero(riga, "valore")
            testo = self.testo(riga, "testo", max_length=200)
            fonte = self.testo(riga, "fonte", max_length=200)
            wrong = any(riga.celle.get(key) is not None and not value for key, value in
                        (("valore", valore is not None), ("testo", testo), ("fonte", fonte)))
            if obiettivo is None or not nome or anno is None or wrong:
                continue
            indicatore = indicatori.get((obiettivo.pk, _norm(nome)))
            if indicatore is None:
                self.problem(riga, "indicatore", _("l'indicatore «%(v)s» non è fra quelli dell'obiettivo «%(o)s».") % {
                    "v": nome[:60], "o": obiettivo.codice})
                continue
            key = (indicatore.pk, anno)
            if key in seen:
                self.problem(riga, "anno", _("il valore del %(anno)s di questo indicatore è già alla riga %(n)s.") % {
                    "anno": anno, "n": seen[key]})
                continue
            seen[key] = riga.numero
            before = indicatore.valori_storici.filter(anno=anno).first()
            if before is not None and (before.valore, before.testo, before.fonte) == (valore, testo, fonte):
                continue  # the same file again: nothing to write, also in a year closed since
            try:
                dopo = obiettivi_services.valore_storico_write(user=user, indicatore=indicatore, anno=anno, valore=valore,
                                                               testo=testo, fonte=fonte, rimuovi=False)
            except obiettivi_services.DomainError as error:
                field = next(iter(error.field_errors), None)
                self.problem(riga, {"valore": "valore", "anno": "anno"}.get(field, "anno"), error.message)
                continue
            if before is not None and (before.valore, before.testo, before.fonte) == (dopo.valore, dopo.testo, dopo.fonte):
                continue
            testo_di = lambda r: " – ".join(p for p in (format_decimal(r.valore) if r.valore is not None else "", r.testo) if p) if r else ""  # noqa: E731
            self.modifiche.append(Modifica(obiettivo.area.nome, f"{obiettivo.codice} {obiettivo.titolo}",
                                           "crea" if before is None else "modifica",
                                           _("Valore %(anno)s di «%(i)s»") % {"anno": anno, "i": indicatore.nome},
                                           testo_di(before), testo_di(dopo)))

    def _precedenti(self):
        """{(objective code, indicator name): id} of the ente's Piano before this one, in one query: a new
        indicator with the same objective code and name continues that one (`deriva_da`), so that its
        series of values runs across Piani as after "Nuovo Piano dal precedente"."""
        if self._indicatori_precedenti is None:
            precedente = (Piano.objects.filter(ente=self.ente, anno_inizio__lt=self.piano.anno_inizio)
                          .order_by("-anno_inizio").values_list("pk", flat=True).first())
            rows = Indicatore.objects.filter(obiettivo__piano_id=precedente).values_list("obiettivo__codice", "nome", "pk")
            self._indicatori_precedenti = {(_norm(codice), _norm(nome)): pk for codice, nome, pk in rows} if precedente else {}
        return self._indicatori_precedenti

    def _piatto(self):
        rows = self.righe(layout.PIATTO, layout.COLONNE_PIATTE, con_target=True)
        return rows, rows

    def _flat_objective(self, riga):
        codice = self.testo(riga, "obiettivo_codice", max_length=20)
        titolo = self.testo(riga, "obiettivo_titolo")
        return self.obiettivi.get(_norm(codice)) if codice else self.obiettivi.get(("t", _norm(titolo)))

    def _target_value(self, riga, header, value, formula):
        """(valore, data_scadenza, confronto, testo) of a target cell for the indicator's formula, or
        None if wrong. Words are kept as written ("superiore ad 1") beside what they mean (> 1)."""
        if isinstance(value, str):
            text = self.testo(riga, None, value=value, header=header, max_length=200)
            if not text:
                return None
            letto = parse_target(text, formula)
            if letto is not None and letto.valore is not None:
                valore = self.numero(riga, None, value=letto.valore, header=header)  # the same limits as a number
                if valore is None:
                    return None
                letto = dataclasses.replace(letto, valore=valore)
            if letto is not None:
                # A bare number or a plain "Sì" needs no words beside it.
                plain = letto.confronto is Confronto.NESSUNO and letto.data is None and not letto.resto and (
                    formula != Indicatore.TipoFormula.SI_NO or _norm(text) in {"si", "sì", "no"})
                return (letto.valore, letto.data, letto.confronto.value, "" if plain else text)
            if formula == Indicatore.TipoFormula.TESTUALE:
                return (None, None, "", text)  # a judgement's target is a sentence
            messages = {
                Indicatore.TipoFormula.SCADENZA: _("«%(v)s» non contiene una data: la scriva come gg/mm/aaaa, es. «entro il 30/06/2019»."),
                Indicatore.TipoFormula.SI_NO: _("«%(v)s» non è Sì o No."),
            }
            self.problem(riga, header, messages.get(formula, _(
                "«%(v)s» non è un numero."
            )) % {"v": text[:40]})
            return None
        if formula == Indicatore.TipoFormula.SCADENZA:
            data = self.data(riga, None, value=value, header=header)
            return (None, data, "", "") if data else None
        valore = self.numero(riga, None, value=value, header=header)
        return (valore, None, "", "") if valore is not None else None

    def _target(self, riga, header, indicatore, anno, valore, data_scadenza, confronto, testo, nuovo, gruppo):
        before = None if nuovo else obiettivi_selectors.target_in_force(indicatore, anno)
        if before is not None and (before.valore, before.data_scadenza, before.confronto, before.testo) == (
            valore, data_scadenza, confronto, testo
        ):
            return
        dopo = obiettivi_services.target_text(Target(valore=valore, data_scadenza=data_scadenza, confronto=confronto, testo=testo))
        if anno in self.frozen:
            self.problem(riga, header, _("la Relazione %(anno)s è approvata: il target di quell'anno non si può più cambiare.") % {"anno": anno})
            return
        if self.approvato and not nuovo:
            self.modifiche.append(Modifica(*gruppo, "variazione", _("Target %(anno)s di «%(i)s»") % {"anno": anno, "i": indicatore.nome},
                                           obiettivi_services.target_text(before), dopo))
            self.cambi_variazione.append((riga, header, obiettivi_services.TargetVariato(
                indicatore=indicatore, anno=anno, valore=valore, data_scadenza=data_scadenza, confronto=confronto, testo=testo)))
            return
        if before is not None and before.variazione_id:
            # A varied target of a plan back in draft is still a row of that variation: keep history.
            self.problem(riga, header, _("il target %(anno)s è stato variato con una deliberazione: lo cambi con una nuova variazione.") % {"anno": anno})
            return
        Target.objects.update_or_create(indicatore=indicatore, anno=anno, variazione=None,
                                        defaults={"valore": valore, "data_scadenza": data_scadenza,
                                                  "confronto": confronto, "testo": testo})
        self.modifiche.append(Modifica(*gruppo, "crea" if before is None else "modifica",
                                       _("Target %(anno)s di «%(i)s»") % {"anno": anno, "i": indicatore.nome},
                                       obiettivi_services.target_text(before), dopo))
        self._log(azione=_("Target importato"), obiettivo=indicatore.obiettivo, indicatore=indicatore, anno=anno,
                  campo=_("target %(anno)s") % {"anno": anno}, prima=obiettivi_services.target_text(before), dopo=dopo)

    # Variazione -----------------------------------------------------------------------------------

    def _variazione(self):
        nuovi = self.nuovi_in_approvato
        if not self.cambi_variazione and not nuovi:
            return
        self.richiede_variazione = True
        if self.problemi:
            return
        dati = self.variazione_dati
        if not dati:
            # A preview: the changes are shown, the deliberation is asked before confirming.
            return
        try:
            variazione = obiettivi_services.variazione_record(
                user=self.user, piano=self.piano, numero_atto=dati.get("numero_atto", ""), data_atto=dati["data_atto"],
                motivazione=dati.get("motivazione", ""), organo=dati.get("organo") or Piano.Organo.GIUNTA,
            )
            for obiettivo in nuovi:
                obiettivo.inserito_con = variazione
                obiettivo.save(update_fields=["inserito_con"])
            for riga, key, change in self.cambi_variazione:
                try:
                    obiettivi_services.variazione_apply(user=self.user, variazione=variazione, change=change)
                except obiettivi_services.DomainError as error:
                    self.problem(riga, key, error.message)
        except obiettivi_services.DomainError as error:
            messages = list(error.field_errors.values()) or [error.message]
            for message in messages:
                self.problemi.append(Problema(messaggio=_("Deliberazione della variazione: %(m)s") % {"m": message}))

    # Helpers --------------------------------------------------------------------------------------

    def _update(self, obj, values, gruppo_area, gruppo_obiettivo, *, label, **log):
        """Set the fields that differ; each change goes to the preview and the Storico."""
        changed = []
        for name, value in values.items():
            current = getattr(obj, name)
            if current == value or (current in (None, "") and value in (None, "")):
                continue
            changed.append(name)
            verbose = str(obj._meta.get_field(name).verbose_name)
            self.modifiche.append(Modifica(gruppo_area, gruppo_obiettivo, "modifica", f"{label}: {verbose}", _text_of(current), _text_of(value)))
            self._log(azione=_("Modifica da importazione"), campo=f"{label}: {verbose}", prima=current, dopo=value, **log)
            setattr(obj, name, value)
        if changed:
            obj.save(update_fields=changed)
        return changed

    def _log(self, **fields):
        for key in ("prima", "dopo"):
            if key in fields and not isinstance(fields[key], (str, Decimal, date, type(None))):
                fields[key] = str(fields[key])
        obiettivi_services.log_change(ente_id=self.ente.pk, utente=self.user if self.user and self.user.is_authenticated else None,
                                      motivazione=self.nota_import, **fields)

