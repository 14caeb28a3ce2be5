"""What the accident pages register with the web app: the case page, so that a deadline or an
audit event of an accident case in a work list links to it. Called from AccidentsConfig.ready()."""


def register() -> None:
    from utilicase.accidents.selectors import TARGET_TYPE
    from utilicase.web.targets import register_target_page

    register_target_page(TARGET_TYPE, "accidents:detail")
