"""`{% frammento o %}...{% endframmento %}`: a piece of the Relazione that the draft's preview may take
already rendered. Without a store in the context (the published page, the PDF, the annexes) it renders
its content as written, so every output of the template is the same HTML; with one (relazioni.anteprima)
the store answers with the piece rendered for the same data, or renders and keeps it."""

from django import template

register = template.Library()

# The context name of the store: relazioni.anteprima.Frammenti, or absent.
STORE = "frammenti_anteprima"


class FrammentoNode(template.Node):
    def __init__(self, nodelist, target):
        self.nodelist = nodelist
        self.target = target

    def render(self, context):
        store = context.get(STORE)
        if store is None:
            return self.nodelist.render(context)
        return store.render(self.target.resolve(context), lambda: self.nodelist.render(context))


@register.tag
def frammento(parser, token):
    """{% frammento o %}…{% endframmento %}, where `o` is what the piece shows (one objective)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: what the piece shows")
    nodelist = parser.parse(("endframmento",))
    parser.delete_first_token()
    return FrammentoNode(nodelist, parser.compile_filter(bits[1]))
