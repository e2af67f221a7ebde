"""Django's radio and checkbox widgets, drawn the site's way (templates/pathways/widgets/).

Two additions to Django's own: a hint under an option, tied to its input by aria-describedby, and
the word "eller" before an option that excludes the others ("Inget av detta just nu").
"""

from django import forms


class _Choices:
    def __init__(self, attrs=None, choices=(), hints=None, exclusive=None):
        super().__init__({"class": "choice-input", **(attrs or {})}, choices)
        self.hints = hints or {}
        self.exclusive = exclusive  # the value that "eller" stands before

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        if option["hint"]:
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        option["exclusive"] = self.exclusive is not None and str(value) == self.exclusive
        return option


class Radios(_Choices, forms.RadioSelect):
    template_name = "pathways/widgets/choices.html"
    option_template_name = "pathways/widgets/choice.html"


class Checkboxes(_Choices, forms.CheckboxSelectMultiple):
    template_name = "pathways/widgets/choices.html"
    option_template_name = "pathways/widgets/choice.html"
