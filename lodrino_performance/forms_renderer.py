"""The form renderer: Django's, with a few widget templates of our own first (templates/widgets/).

Django renders a select as one template for the select, one for each option and one for the attributes
of each: 90 renders for a 40-person select. Ours are Django's with those includes written in place:
the same HTML (tests/test_forms_renderer.py) in one render. Any widget template we do not have is
Django's own."""

from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend({
            "APP_DIRS": True,
            "DIRS": [settings.BASE_DIR / "templates" / "widgets", Path(django.forms.__file__).parent / "templates"],
            "NAME": "djangoforms",
            "OPTIONS": {},
        })
