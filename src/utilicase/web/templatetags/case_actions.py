"""`{% action_form %}`: the attributes of a case page's action form (see web/actions.py)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def action_form(url: str, block: str, confirm: str = ""):
    """`<form {% action_form url "action-close" confirm=question %}>`: posts to `url`, normally
    without JavaScript; with htmx in the background (its button disabled meanwhile), and a
    refused or invalid answer replaces only this form (its id `block`) with the same form
    re-rendered. `confirm`: the question an irreversible step asks first; htmx then sends
    `confirmed=1` (without JavaScript the form's own `confirmed` box, see
    web.forms.ConfirmedForm, is ticked instead)."""
    attrs = format_html('id="{}" method="post" action="{}" hx-post="{}" hx-target="this" hx-select="#{}" '
                        'hx-swap="outerHTML" hx-disabled-elt="find button[type=submit]"', block, url, url, block)
    if confirm:
        attrs += format_html(' hx-confirm="{}" hx-vals=\'{{"confirmed": "1"}}\'', confirm)
    return attrs
