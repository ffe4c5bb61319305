"""Reading the PDFs the product makes, as citizens' tools do: poppler's pdftotext and pdfinfo."""

import subprocess


def pdf_raw(content, tmp_path, *, layout=False, name="documento.pdf"):
    """The PDF's text as pdftotext writes it (with `layout`, in its columns)."""
    path = tmp_path / name
    path.write_bytes(content)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_words(content, tmp_path):
    """The PDF's words on one line, blanks folded: a sentence can be looked for across line ends."""
    return " ".join(pdf_raw(content, tmp_path).split())


def is_pdf_a(path):
    """PDF/A-3a, as its XMP metadata declares (`path`: the file, or the folder holding documento.pdf)."""
    if path.is_dir():
        path = path / "documento.pdf"
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    return 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
