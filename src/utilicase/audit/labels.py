"""How an audit event's action reads on a timeline. Each context registers the labels of the
actions its services write, in its AppConfig.ready(); every label is a past participle phrase
("文书已签发" / "Document issued"). Reference data edited in the admin (`AuditedAdminMixin`)
reads "<model> added/changed/deleted". An action nobody labelled shows as it is."""

from collections.abc import Mapping

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

_LABELS: dict[str, Promise | str] = {}

ADMIN_VERBS = {
    "added": gettext_lazy("%(model)s已添加"),
    "changed": gettext_lazy("%(model)s已修改"),
    "deleted": gettext_lazy("%(model)s已删除"),
}


def register_labels(labels: Mapping[str, Promise | str]) -> None:
    """Labels of actions ("app.record.verb" -> lazy translated text)."""
    _LABELS.update(labels)


def labelled_actions() -> frozenset[str]:
    return frozenset(_LABELS)


def action_label(action: str) -> str:
    label = _LABELS.get(action)
    if label is not None:
        return str(label)
    model, _sep, verb = action.rpartition(".")
    if verb in ADMIN_VERBS and model.count(".") == 1:
        try:
            meta = apps.get_model(model)._meta
        except LookupError:
            return action
        return str(ADMIN_VERBS[verb]) % {"model": meta.verbose_name}
    return action
