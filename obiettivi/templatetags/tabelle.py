"""The one pattern for a table that may be wider than the screen: it scrolls sideways inside its own
region, which the keyboard can reach and scroll, and says so when it does; the page never scrolls."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


class ScrollingTableNode(template.Node):
    def __init__(self, nodelist, kwargs):
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        return render_to_string("includes/tabella_scorrevole.html", {
            "contenuto": mark_safe(self.nodelist.render(context)),  # already rendered and escaped
            "label": values.get("label", ""),
            "labelledby": values.get("labelledby", ""),
        })


@register.tag
def scrolling_table(parser, token):
    """{% scrolling_table label=_("Obiettivi") %}<table>...</table>{% endscrolling_table %}, or
    labelledby="an-id" to name the region by a heading or caption already on the page."""
    bits = token.split_contents()
    kwargs = token_kwargs(bits[1:], parser)
    if len(kwargs) != len(bits) - 1 or set(kwargs) - {"label", "labelledby"} or len(kwargs) != 1:
        raise template.TemplateSyntaxError(f"{bits[0]} takes label=... or labelledby=...")
    nodelist = parser.parse(("endscrolling_table",))
    parser.delete_first_token()
    return ScrollingTableNode(nodelist, kwargs)
