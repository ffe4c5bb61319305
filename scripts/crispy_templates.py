"""Write templates/bootstrap5/field.html from crispy-bootstrap5's own templates: its field.html with the
templates it includes for every field (help text and errors, checkbox and radio lists, their attributes)
inlined, and the conditions on FormHelper settings folded away (no form of ours has a helper). Same HTML,
one template render a field instead of four or more: the forms were most of the fixed cost of the
Segretario's pages (issue 14). Run it again after upgrading crispy-bootstrap5; every replacement checks
that the text it replaces is still there, and tests/test_crispy_templates.py compares the output.

    .venv/bin/python scripts/crispy_templates.py
"""
import sys
from pathlib import Path

import crispy_bootstrap5

SRC = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5"
DST = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "templates" / "bootstrap5"

def read(name):
    return (SRC / name).read_text()

def sub(text, old, new, count=None):
    n = text.count(old)
    assert n >= 1, (old, text[:200])
    if count is not None:
        assert n == count, (old, n)
    return text.replace(old, new)

help_text = read("layout/help_text.html")
help_text = sub(help_text, """    {% if help_text_inline %}
        <span id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text|safe}}</span>
    {% else %}
""", "    \n")
help_text = sub(help_text, """</div>
    {% endif %}
{% endif %}""", """</div>
    \n{% endif %}""")
errors_block = read("layout/field_errors_block.html")
errors_block = sub(errors_block, "{% if form_show_errors and field.errors %}", "{% if field.errors %}")
hte = read("layout/help_text_and_errors.html")
hte = sub(hte, """{% if help_text_inline and not error_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}""", "")
hte = sub(hte, """{% if error_text_inline %}
    {% include 'bootstrap5/layout/field_errors.html' %}
{% else %}
    {% include 'bootstrap5/layout/field_errors_block.html' %}
{% endif %}""", "\n    " + errors_block + "\n")
hte = sub(hte, """{% if not help_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}""", "\n    " + help_text + "\n")

rcs = read("layout/radio_checkbox_select.html")
rcs = sub(rcs, '<div {% if field_class %}class="{{ field_class }}"{% endif %}{% if flat_attrs %} {{ flat_attrs }}{% endif %}>', "<div >")
rcs = sub(rcs, '<div class="form-check{% if inline_class %} form-check-inline{% endif %}">', '<div class="form-check">')
attrs = read("layout/attrs.html")
assert attrs.count("\n") <= 1
rcs = sub(rcs, '{% include "bootstrap5/layout/attrs.html" with widget=option %}',
          attrs.replace("widget.attrs.items", "option.attrs.items").rstrip("\n") + ("\n" if attrs.endswith("\n") else ""))
rcs = sub(rcs, "{% if field.errors and forloop.last and not inline_class and forloop.parentloop.last %}",
          "{% if field.errors and forloop.last and forloop.parentloop.last %}")
rcs = sub(rcs, "{% include 'bootstrap5/layout/field_errors_block.html' %}", errors_block)
rcs = sub(rcs, """{% if field.errors and inline_class %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
        {% for error in field.errors %}
            <p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>
        {% endfor %}
    </div>
{% endif %}""", "")
rcs = sub(rcs, "{% include 'bootstrap5/layout/help_text.html' %}", help_text)

f = read("field.html")
f = sub(f, '{% if field|is_checkbox and tag != "td" %}', "{% if field|is_checkbox %}", 2)
f = sub(f, "{% if 'form-horizontal' in form_class %} row{% endif %}", "", 2)
f = sub(f, """{% if label_class %}
            <div class="{% for offset in bootstrap_checkbox_offsets %}{{ offset|slice:"7:14" }}{{ offset|slice:"4:7" }}{{ offset|slice:"14:16" }} {% endfor %}{{ field_class }}">
        {% endif %}""", "")
f = sub(f, "{% if tag %}{{ tag }}{% else %}div{% endif %}", "div", 2)
f = sub(f, "{% if field|is_checkbox and form_show_labels %}form-check{% else %}mb-3{% endif %}{% if wrapper_class %} {{ wrapper_class }}{% endif %}",
        "{% if field|is_checkbox %}form-check{% else %}mb-3{% endif %}")
f = sub(f, "{% if field.label and not field|is_checkbox and form_show_labels %}", "{% if field.label and not field|is_checkbox %}")
f = sub(f, "{% if 'form-horizontal' in form_class %} class=\"row\"{% endif %}", "")
f = sub(f, "{% if 'form-horizontal' in form_class %}col-form-label pt-0{% else %}form-label{% endif %}{% if label_class %} {{ label_class }}{% endif %}", "form-label")
f = sub(f, "{% include 'bootstrap5/layout/radio_checkbox_select.html' %}", rcs)
f = sub(f, "{% if field|is_checkbox and form_show_labels %}\n", "{% if field|is_checkbox %}\n")
f = sub(f, "{% include 'bootstrap5/layout/help_text_and_errors.html' %}", hte, 2)
f = sub(f, '{% if field_class %}<div class="{{ field_class }}">{% endif %}', "")
f = sub(f, "{% if field_class %}</div>{% endif %}", "")
f = sub(f, "{% if field.use_fieldset and field.label and form_show_labels %}", "{% if field.use_fieldset and field.label %}")
f = sub(f, """{% if label_class %}
            </div>
        {% endif %}""", "")
assert "field_class" not in f and "label_class" not in f and "form_class" not in f and "tag" not in f.replace("{% load", ""), f
assert "include" in f  # field_file.html stays an include (file fields are rare)
header = ("{% comment %}crispy-bootstrap5's bootstrap5/field.html for this project, where no form has a FormHelper: the\n"
          "includes it makes for every field are inlined and the conditions on helper settings (horizontal forms,\n"
          "label and field classes, wrapper classes, inline help and errors) are folded away. The HTML is the same\n"
          "(tests/test_crispy_templates.py); rendering a field no longer renders four templates.\n"
          "Generated by scripts/crispy_templates.py from crispy-bootstrap5's templates.{% endcomment %}")
DST.mkdir(parents=True, exist_ok=True)
(DST / "field.html").write_text(f.replace("{% load crispy_forms_field %}", "{% load crispy_forms_field %}" + header, 1))
