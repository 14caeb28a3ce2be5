"""Where a record lives: case types register the page of each target type ("app_label.model"),
so a deadline or an audit event in a work list links to its case."""

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

# target_type -> (url name, what it takes from the record's pk: the pk itself, or a key a type
# addresses its pages by so that they do not count its records, None when there is no record)
TARGET_PAGES: dict[str, tuple[str, Callable[[str], str | None] | None]] = {}


def register_target_page(target_type: str, url_name: str, key: Callable[[str], str | None] | None = None) -> None:
    TARGET_PAGES[target_type] = (url_name, key)


def target_url(target_type: str, target_id: str) -> str | None:
    if target_type not in TARGET_PAGES:
        return None
    name, key = TARGET_PAGES[target_type]
    arg = target_id if key is None else key(target_id)
    if arg is None:
        return None
    try:
        return reverse(name, args=[arg])
    except NoReverseMatch:
        return None


# target_type -> describe(target_ids) -> {target_id: (case number, customer or caller)}, one
# query for all the ids, so a list of deadlines names its cases without a query per row.
TARGET_DESCRIBERS: dict[str, Callable[[list[str]], dict[str, tuple[str, str]]]] = {}


def register_target_describer(target_type: str, describe: Callable[[list[str]], dict[str, tuple[str, str]]]) -> None:
    TARGET_DESCRIBERS[target_type] = describe


def describe_targets(rows) -> None:
    """Set `case_number` and `case_party` on each row (a deadline, an audit event) from its
    target's describer: one query per target type; "" where the type has none."""
    ids: dict[str, set[str]] = {}
    for row in rows:
        ids.setdefault(row.target_type, set()).add(row.target_id)
    found = {t: TARGET_DESCRIBERS[t](sorted(i)) for t, i in ids.items() if t in TARGET_DESCRIBERS}
    for row in rows:
        row.case_number, row.case_party = found.get(row.target_type, {}).get(row.target_id, ("", ""))
