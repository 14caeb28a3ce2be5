"""Where a record lives: case types register the page of each target type ("app_label.model"),
so a deadline or an audit event in a work list links to its case."""

from django.urls import NoReverseMatch, reverse

# target_type -> url name that takes the record's pk
TARGET_PAGES: dict[str, str] = {}


def register_target_page(target_type: str, url_name: str) -> None:
    TARGET_PAGES[target_type] = url_name


def target_url(target_type: str, target_id: str) -> str | None:
    name = TARGET_PAGES.get(target_type)
    if name is None:
        return None
    try:
        return reverse(name, args=[target_id])
    except NoReverseMatch:
        return None
