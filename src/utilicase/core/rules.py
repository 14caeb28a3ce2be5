"""The error every refused action raises: the regulation's clause and why."""

from utilicase.core import clauses


class RuleViolation(Exception):
    """An action the regulation does not allow. The API answers 409 with the clause."""

    def __init__(self, clause: str, message: str):
        clauses.get(clause)  # a rule that cites an unknown clause is a programming error
        self.clause = clause
        self.message = message
        super().__init__(f"{clause}: {message}")

    def as_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "detail": self.message}
