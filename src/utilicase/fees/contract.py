"""The calculator's JSON contract as the CLI and the API give it: the output object with its
texts (breakdown lines, note) and error reasons in the active language."""

from django.utils.translation import gettext

from utilicase.core.i18n import translated


def result_json(result: dict) -> dict:
    out = dict(result)
    out["lines"] = [{**line, "text": translated(line["text"], gettext)} for line in result["lines"]]
    out["note"] = translated(result["note"], gettext) if result.get("note") else None
    return out


def errors_json(errors: dict[str, str]) -> dict[str, str]:
    return {str(field): translated(reason, gettext) for field, reason in errors.items()}
