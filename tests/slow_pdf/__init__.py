"""A test-only app: with TEST_PDF_RENDER_DELAY_SECONDS set, every PDF render sleeps that long inside
WeasyPrint, so that a test can kill the worker while it renders. Never installed outside tests."""
