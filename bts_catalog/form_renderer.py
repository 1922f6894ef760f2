"""How forms draw their fields: Django's own widget templates through Jinja2.

Django draws every widget from a template, and a select box includes one more
template per option: on a page of filters that was a third of the page's time in
the Django template language. Django ships the same widget templates for Jinja2,
which renders them several times faster. Templates Django does not ship for Jinja2
(the admin's own widgets) are drawn with the Django template language, as before.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(BaseRenderer):
    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
