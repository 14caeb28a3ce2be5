"""What the field service pages register with the web app: the order page, so that a deadline or
an audit event of an order in a work list links to it. Called from FieldworkConfig.ready()."""


def register() -> None:
    from utilicase.fieldwork.selectors import TARGET_TYPE
    from utilicase.web.targets import register_target_page

    register_target_page(TARGET_TYPE, "fieldwork:detail")
