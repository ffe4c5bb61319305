import os
import time

from django.apps import AppConfig


class SlowPdfConfig(AppConfig):
    name = "tests.slow_pdf"

    def ready(self):
        from weasyprint import HTML

        delay = float(os.environ["TEST_PDF_RENDER_DELAY_SECONDS"])
        render = HTML.render

        def slow_render(self, *args, **kwargs):
            time.sleep(delay)
            return render(self, *args, **kwargs)

        # Patched on WeasyPrint itself (its write_pdf lays out through render too), so that whatever the
        # task renders (a Relazione, a snapshot, an annex) is slow.
        HTML.render = slow_render
