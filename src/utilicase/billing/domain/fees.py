"""Fee types of receivables, the clause each rests on, and the rules of payments. Pure: no Django."""

from decimal import Decimal

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation

BACK_BILLING = "BACK_BILLING"  # 追补电费/费用, §2.6(4)
VIOLATION_FEE = "VIOLATION_FEE"  # 违约使用费, §2.6(4)
COMPENSATION = "COMPENSATION"  # 客户过错致停电的赔偿, §2.7(5)
OTHER = "OTHER"

FEE_TYPES = (BACK_BILLING, VIOLATION_FEE, COMPENSATION, OTHER)

CLAUSES = {
    BACK_BILLING: "§2.6(4)",
    VIOLATION_FEE: "§2.6(4)",
    COMPENSATION: "§2.7(5)",
    OTHER: "§2.6(4)",
}

MANUAL = "MANUAL"
BILLING_API = "BILLING_API"
CSV = "CSV"
REVERSAL = "REVERSAL"
SOURCES = (MANUAL, BILLING_API, CSV)


def clause_of(fee_type: str) -> str:
    return CLAUSES[fee_type]


def receivable_refusal(*, fee_type: str, amount: Decimal) -> RuleViolation | None:
    """Why a receivable may not be created: a fee is a positive amount of a known type."""
    if fee_type not in CLAUSES:
        raise ValueError(f"unknown fee type {fee_type!r}")
    if amount <= 0:
        return RuleViolation(clause_of(fee_type), gettext_noop("应收费用的金额须大于零。"))
    return None


def payment_refusal(*, clause: str, amount: Decimal, balance: Decimal, receipt_number: str,
                    receipt_recorded: bool) -> RuleViolation | None:
    """Why a payment may not be recorded against a receivable with this balance: a positive
    amount, not more than what is still owed, with a receipt number not recorded before."""
    if not receipt_number.strip():
        return RuleViolation(clause, gettext_noop("收款须有收据号。"))
    if amount <= 0:
        return RuleViolation(clause, gettext_noop("收款金额须大于零。"))
    if balance <= 0:
        return RuleViolation(clause, gettext_noop("该笔费用已全部缴清。"))
    if amount > balance:
        return RuleViolation(clause, gettext_noop("收款金额 %(amount)s 元超过未缴余额 %(balance)s 元。"),
                             {"amount": f"{amount:.2f}", "balance": f"{balance:.2f}"})
    if receipt_recorded:
        return RuleViolation(clause, gettext_noop("收据号 %(receipt)s 已登记过，不重复登记。"),
                             {"receipt": receipt_number.strip()})
    return None


def reversal_refusal(*, clause: str, is_reversal: bool, already_reversed: bool, reason: str) -> RuleViolation | None:
    """Payments are never edited: a wrong one is corrected by a reversing entry, once, with a reason."""
    if is_reversal:
        return RuleViolation(clause, gettext_noop("冲正记录不能再冲正。"))
    if already_reversed:
        return RuleViolation(clause, gettext_noop("该笔收款已冲正。"))
    if not reason.strip():
        return RuleViolation(clause, gettext_noop("冲正须写明原因。"))
    return None
