import os
import time

from django.apps import AppConfig


class SlowPdfConfig(AppConfig):
    name = "tests.slow_pdf"

    def ready(self):
        from weasyprint import HTML

        delay = float(os.environ["TEST_PDF_RENDER_DELAY_SECONDS"])
        write_pdf = HTML.write_pdf

        def slow_write_pdf(self, *args, **kwargs):
            time.sleep(delay)
            return write_pdf(self, *args, **kwargs)

        # Patched on WeasyPrint itself, so that whatever the task renders (a Relazione, a snapshot) is slow.
        HTML.write_pdf = slow_write_pdf
