"""Who holds the discipline inspection role, the only one that sees whistleblower reports
(§6.7(iii)(1-6)), as pure rules: no Django.

- Nobody grants it to themselves, and an administrator neither grants nor takes it: an
  administrator proposes a grant for someone else, and it is in force only once a member of
  the unit, not the proposer, confirms it. A member removes a grant.
- The first member of a unit is granted at installation on the command line, and only while
  the unit has no member.
- Editing a member of staff never gives or takes the role: not the role, not the home unit of
  a member, not a home unit inside a discipline unit for anyone who is not a member of it.
"""

from dataclasses import dataclass

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation

CLAUSE = "§6.7(iii)(1-6)"
DISCIPLINE_ROLE = "discipline"


PASSWORD_REFUSED = gettext_noop("纪检监察成员（含被提名人）的密码只能由本人设置。")


def _refused(message: str) -> RuleViolation:
    return RuleViolation(CLAUSE, message)


@dataclass(frozen=True)
class StaffChange:
    """A member of staff before and after an edit. `member_unit_id`: the unit of their grant in
    force, None when they are not a member."""

    member_unit_id: int | None
    role_before: str
    role_after: str
    unit_before_id: int | None
    unit_after_id: int | None
    unit_after_is_discipline: bool


def staff_change_refusal(change: StaffChange) -> RuleViolation | None:
    is_member = change.member_unit_id is not None
    if change.role_after == DISCIPLINE_ROLE and not is_member:
        return _refused(gettext_noop("纪检监察角色只能由管理员提名、纪检监察部门成员确认后取得，不能直接设置。"))
    if is_member and change.role_after != DISCIPLINE_ROLE:
        return _refused(gettext_noop("纪检监察成员的角色只能由纪检监察部门成员撤销，管理员不能更改。"))
    if is_member and change.unit_after_id != change.member_unit_id:
        return _refused(gettext_noop("纪检监察成员的所属单位不能更改；须先由纪检监察部门成员撤销其成员资格。"))
    if change.unit_after_is_discipline and not is_member:
        return _refused(gettext_noop("只有经确认的纪检监察成员才能属于纪检监察部门。"))
    return None


def proposal_refusal(*, proposer_is_admin: bool, proposer_id: int, grantee_id: int, grantee_active: bool, has_open_grant: bool,
                     unit_is_discipline: bool) -> RuleViolation | None:
    if proposer_id == grantee_id:
        return _refused(gettext_noop("不能为自己提名纪检监察成员资格。"))
    if not proposer_is_admin:
        return _refused(gettext_noop("只有管理员可以提名纪检监察成员。"))
    if not unit_is_discipline:
        return _refused(gettext_noop("成员资格只能授予纪检监察部门。"))
    if not grantee_active:
        return _refused(gettext_noop("被提名人的账号已停用。"))
    if has_open_grant:
        return _refused(gettext_noop("该员工已有待确认或有效的纪检监察成员资格。"))
    return None


def confirmation_refusal(*, confirmer_id: int, proposer_id: int | None, grantee_id: int,
                         confirmer_member_unit_id: int | None, grant_unit_id: int,
                         is_proposed: bool) -> RuleViolation | None:
    """Also for declining a proposal: the same people may do either."""
    if not is_proposed:
        return _refused(gettext_noop("该提名已处理。"))
    if confirmer_member_unit_id != grant_unit_id:
        return _refused(gettext_noop("只有该纪检监察部门的现有成员才能确认提名。"))
    if confirmer_id == proposer_id:
        return _refused(gettext_noop("提名人不能确认自己的提名，须由另一名纪检监察成员确认。"))
    if confirmer_id == grantee_id:
        return _refused(gettext_noop("不能确认自己的成员资格。"))
    return None


def removal_refusal(*, remover_member_unit_id: int | None, grant_unit_id: int,
                    is_in_force: bool) -> RuleViolation | None:
    if not is_in_force:
        return _refused(gettext_noop("该成员资格不在有效状态。"))
    if remover_member_unit_id != grant_unit_id:
        return _refused(gettext_noop("只有该纪检监察部门的成员才能撤销成员资格。"))
    return None


def installation_refusal(*, unit_is_discipline: bool, unit_has_member: bool,
                         has_open_grant: bool) -> RuleViolation | None:
    if not unit_is_discipline:
        return _refused(gettext_noop("成员资格只能授予纪检监察部门。"))
    if unit_has_member:
        return _refused(gettext_noop("该纪检监察部门已有成员：新成员须由管理员提名、现有成员确认。"))
    if has_open_grant:
        return _refused(gettext_noop("该员工已有待确认或有效的纪检监察成员资格。"))
    return None
