"""The error every refused action raises: the regulation's clause and why."""

from collections.abc import Callable

from utilicase.core import clauses


class RuleViolation(Exception):
    """An action the regulation does not allow. The API answers 409 with the clause.

    `message` is Chinese, marked with gettext_noop; what varies goes in `params` (as %(name)s in
    the message), so that the message stays one catalogue entry. `message` reads with the
    params filled in; `text(gettext)` is the same in the active language."""

    def __init__(self, clause: str, message: str, params: dict[str, str] | None = None):
        clauses.get(clause)  # a rule that cites an unknown clause is a programming error
        self.clause = clause
        self.msgid = message
        self.params = params or {}
        self.message = message % self.params if self.params else message
        super().__init__(f"{clause}: {self.message}")

    def text(self, translate: Callable[[str], str]) -> str:
        """The message translated; so are the params (words of the domain; a value that is not
        in the catalogue, such as a number, comes back unchanged)."""
        if not self.params:
            return translate(self.msgid)
        return translate(self.msgid) % {name: translate(value) for name, value in self.params.items()}

    def as_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "detail": self.message}
