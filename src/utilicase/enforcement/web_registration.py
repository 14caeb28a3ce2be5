"""What the enforcement pages register with the web app: the case page, so that a deadline or an
audit event of a case in a work list links to it. Called from EnforcementConfig.ready()."""


def register() -> None:
    from utilicase.enforcement.selectors import TARGET_TYPE
    from utilicase.web.targets import register_target_page

    register_target_page(TARGET_TYPE, "enforcement:detail")
