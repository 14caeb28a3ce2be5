"""Human names of deadline kinds ("complaint.reply" → 投诉答复). Case types register theirs."""

LABELS: dict[str, str] = {}


def register_kind(kind: str, label) -> None:
    LABELS[kind] = label


def kind_label(kind: str) -> str:
    return str(LABELS.get(kind, kind))
