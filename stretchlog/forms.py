from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form rendering, with our field template (templates/forms/field.html)."""

    field_template_name = "forms/field.html"
