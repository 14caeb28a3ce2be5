"""Organisation: company → enterprises (one per utility) → business offices and departments;
staff with a role and a home unit; inspector certificates (检查证)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Utility(models.TextChoices):
    POWER = "POWER", _("电力")
    HEAT = "HEAT", _("热力")
    GAS = "GAS", _("燃气")


class UnitKind(models.TextChoices):
    COMPANY = "COMPANY", _("股份公司")
    ENTERPRISE = "ENTERPRISE", _("供应企业")
    OFFICE = "OFFICE", _("营业所")
    DEPARTMENT = "DEPARTMENT", _("部门")
    HALL = "HALL", _("营业厅")
    DISCIPLINE = "DISCIPLINE", _("纪检监察部门")


class Unit(models.Model):
    """A unit of the organisation. `path` is the chain of ids from the root ("/1/4/9/"),
    so "this unit and every unit below it" is one indexed prefix match."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    short_name = models.CharField(
        _("文号简称"), max_length=20, blank=True, help_text=_("用于文书编号，如“天富电”")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("上级单位"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="ENTERPRISE") | ~models.Q(utility=""),
                name="org_unit_enterprise_has_utility",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def enterprise(self) -> "Unit | None":
        """The enterprise this unit is or belongs to (None for the company itself)."""
        ids = [int(p) for p in self.path.strip("/").split("/")]
        return Unit.objects.filter(id__in=ids, kind=UnitKind.ENTERPRISE).first()


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("检查员")
    OFFICE_HEAD = "office_head", _("营业所所长")
    ENTERPRISE_DEPUTY = "enterprise_deputy", _("企业主管副经理")
    COMPANY_DEPUTY = "company_deputy", _("股份公司主管副经理")
    FIELD_WORKER = "field_worker", _("现场服务人员")
    HALL_STAFF = "hall_staff", _("营业厅人员")
    HALL_HEAD = "hall_head", _("营业厅负责人")
    HANDLER = "handler", _("部门处理人")
    DISCIPLINE = "discipline", _("纪检监察")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    """A member of staff: one role, one home unit. Scope = the home unit and the units below."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("所属单位"),
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class GrantStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("待确认")
    CONFIRMED = "CONFIRMED", _("有效")
    DECLINED = "DECLINED", _("未确认")
    REMOVED = "REMOVED", _("已撤销")


class DisciplineGrant(models.Model):
    """Membership of a discipline inspection unit, the only role that sees whistleblower reports
    (§6.7(iii)(1-6)). An administrator proposes it for someone else; it is in force once a member
    of the unit other than the proposer confirms it, until a member removes it. The first member
    of a unit is granted at installation on the command line (no proposer, no confirmer). The
    user holds the role `discipline` in that unit exactly while the grant is in force; database
    triggers keep the two together (migration 0003)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="discipline_grants",
                             verbose_name=_("员工"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="discipline_grants",
                             verbose_name=_("纪检监察部门"))
    status = models.CharField(_("状态"), max_length=10, choices=GrantStatus.choices)
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("提名人"))
    proposed_at = models.DateTimeField(_("提名时间"))
    confirmed_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True)
    ended_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("撤销或拒绝人"))
    ended_at = models.DateTimeField(_("撤销或拒绝时间"), null=True)

    class Meta:
        verbose_name = _("纪检监察成员资格")
        verbose_name_plural = _("纪检监察成员资格")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status__in=["PROPOSED", "CONFIRMED"]),
                                    name="org_grant_one_open_per_user"),
            models.CheckConstraint(condition=~models.Q(proposed_by=models.F("user")),
                                   name="org_grant_not_proposed_by_grantee"),
            models.CheckConstraint(condition=~models.Q(confirmed_by=models.F("proposed_by")),
                                   name="org_grant_confirmed_by_another"),
            models.CheckConstraint(condition=~models.Q(confirmed_by=models.F("user")),
                                   name="org_grant_not_confirmed_by_grantee"),
            # In force only by a confirmation, or at installation (neither proposer nor confirmer).
            models.CheckConstraint(
                condition=models.Q(status__in=["PROPOSED", "DECLINED"])
                | models.Q(confirmed_at__isnull=False, confirmed_by__isnull=False)
                | models.Q(confirmed_at__isnull=False, proposed_by__isnull=True),
                name="org_grant_in_force_is_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


class Certificate(models.Model):
    """An inspector certificate (检查证) for one utility, valid between two dates unless revoked."""

    holder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name=_("持证人"))
    number = models.CharField(_("证号"), max_length=40, unique=True)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    valid_from_date = models.DateField(_("有效期起"))
    valid_to_date = models.DateField(_("有效期止"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("吊销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查证")
        verbose_name_plural = _("检查证")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to_date__gte=models.F("valid_from_date")),
                name="org_certificate_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day) -> bool:
        if self.revoked_at is not None and self.revoked_at.date() <= day:
            return False
        return self.valid_from_date <= day <= self.valid_to_date


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")

    def __str__(self) -> str:
        return f"{self.prefix}…"


class LoginFailure(models.Model):
    """One failed login, kept to throttle guessing (by username and by address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username}@{self.at:%Y-%m-%d %H:%M}"
