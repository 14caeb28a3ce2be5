"""What enforcement subscribes to in other contexts (called from AppConfig.ready()):

- inspections: a finding of suspected violation or theft opens a case (§2.5(2), §2.6(2));
- billing: a payment on a case's receivable moves the case to PAID once nothing is unpaid
  (§2.6(4))."""


def subscribe() -> None:
    from utilicase.billing.hooks import register_payment_listener
    from utilicase.enforcement.selectors import TARGET_TYPE
    from utilicase.enforcement.services import case_open_from_finding, payment_received
    from utilicase.inspections.hooks import register_suspicion_listener

    register_suspicion_listener(case_open_from_finding)
    register_payment_listener(TARGET_TYPE, payment_received)
