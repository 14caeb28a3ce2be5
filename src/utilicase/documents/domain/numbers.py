"""Document numbers: `天富电检〔2026〕第000123号` = the issuer's short name, the type's number word,
the year in 〔〕, the sequence number. A type may use its own format (the catalogue's
`number_format`, or settings.DOCUMENT_NUMBER_FORMATS[type]); every format must carry the year
and the sequence number, so that two documents of one sequence never share a number.

A correction keeps the number of the document it corrects and adds its version:
`天富电检〔2026〕第000123号（第2版）`."""

import string

DEFAULT_NUMBER_FORMAT = "{issuer}{word}〔{year}〕第{seq:06d}号"
PLACEHOLDERS = frozenset({"issuer", "word", "year", "seq"})


class BadNumberFormat(ValueError):
    pass


def check_format(fmt: str) -> None:
    """BadNumberFormat unless `fmt` names only the known placeholders and carries year and seq."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
    except ValueError as exc:
        raise BadNumberFormat(f"{fmt!r}: {exc}") from None
    unknown = names - PLACEHOLDERS
    if unknown:
        raise BadNumberFormat(f"{fmt!r}: unknown placeholder(s) {', '.join(sorted(unknown))}")
    for needed in ("year", "seq"):
        if needed not in names:
            raise BadNumberFormat(f"{fmt!r}: must contain {{{needed}}}")
    try:
        fmt.format(issuer="天富电", word="检", year=2026, seq=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise BadNumberFormat(f"{fmt!r}: {exc}") from None


def format_number(fmt: str, *, issuer: str, word: str, year: int, seq: int) -> str:
    check_format(fmt)
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    return fmt.format(issuer=issuer, word=word, year=year, seq=seq)


def display_number(number: str, version: int) -> str:
    """The number as printed: the first version plain, a correction with its version."""
    if not number:
        return ""
    return number if version <= 1 else f"{number}（第{version}版）"
