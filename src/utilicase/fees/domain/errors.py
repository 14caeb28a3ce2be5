"""Bad calculator input: `errors` maps each offending field to its reason (a marked Chinese
message, `core.i18n.Message` when it carries values)."""


class CalculationInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in errors.items()))
        self.errors = dict(errors)
