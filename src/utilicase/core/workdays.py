"""The working-day calendar: pure Python, no Django.

China's working days are Monday to Friday, except the holidays that fall on a weekday
(rest days), plus the weekend days the State Council notice turns into working days
(调休). A year is *official* when its notice is known. In a year without a notice the
statutory holidays (fixed by law, see `statutory_holidays`) and weekends are rest days, the
swaps being unknown until the notice, and every answer touching that year is flagged
provisional.

Within the supported years (and a year either side) every query is two lookups in tables
built with the calendar: per day, how many working days there are up to it, and per working-day
ordinal, which day it is, so the Nth working day after a day is `nth[upto[day] + N]`, however
large N. Outside them the number of working days up to a date is a closed formula (weekdays by
arithmetic, corrected by two bisect counts), and the Nth working day after a date a binary
search over that count: O(log n) in the number of known rest/working days.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate, compress
from zoneinfo import ZoneInfo

from utilicase.core.i18n import Message, gettext_noop

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The years the system supports, in Asia/Shanghai: an instant outside is a typing error (and
# before 1901 the time zone has no standard offset, only local mean time).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

_MAX_ORDINAL = date.max.toordinal()
# The span of the lookup tables: the supported years and one either side (a New Year period
# may start in December of the year before; a limit started late in LATEST_YEAR ends after it).
_TABLE_FIRST = date(EARLIEST_YEAR - 1, 1, 1).toordinal()
_TABLE_LAST = date(LATEST_YEAR + 1, 12, 31).toordinal()
_MIDNIGHT = time(0)
_ONE_DAY = timedelta(days=1)
_table_days: list[date] = []  # every day of the tables' span, made once, shared by every calendar


def _all_table_days() -> list[date]:
    if not _table_days:
        _table_days.extend(map(date.fromordinal, range(_TABLE_FIRST, _TABLE_LAST + 1)))
    return _table_days


def _weekdays_upto(ordinal: int) -> int:
    """Mondays-to-Fridays among the days with ordinal 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class Due:
    """When a time limit ends. `due_at` is the exclusive instant: a limit of N working days
    ends at 24:00 of `due_date`, i.e. 00:00 Asia/Shanghai of the next day. Minute limits have
    no `due_date`."""

    due_at: datetime
    due_date: date | None = None
    provisional: bool = False

    def to_json(self) -> dict[str, object]:
        """JSON-ready values, in a fixed key order; `due_date` is left out for minute limits."""
        out: dict[str, object] = {}
        if self.due_date is not None:
            out["due_date"] = self.due_date.isoformat()
        out["due_at"] = self.due_at.astimezone(SHANGHAI).isoformat()
        out["provisional"] = self.provisional
        return out


class WorkCalendar:
    """Working days from the official years, the rest days and the swapped working days.

    `rest_days` may contain weekend dates (a holiday on a weekend changes nothing, so they are
    dropped); `working_days` must all be Saturdays or Sundays. A date in both is an error.
    """

    def __init__(self, *, official_years: Iterable[int], rest_days: Iterable[date],
                 working_days: Iterable[date]):
        work = set(working_days)
        all_rest = set(rest_days)
        rest = {d for d in all_rest if d.weekday() < 5}
        not_weekend = sorted(d for d in work if d.weekday() < 5)
        if not_weekend:
            raise ValueError(f"swapped working day {not_weekend[0].isoformat()} is not a Saturday or Sunday")
        both = sorted(all_rest & work)
        if both:
            raise ValueError(f"{both[0].isoformat()} is both a rest day and a working day")
        self._official = frozenset(official_years)
        self._rest = frozenset(rest)
        self._work = frozenset(work)
        self._rest_ord = sorted(d.toordinal() for d in rest)
        self._work_ord = sorted(d.toordinal() for d in work)
        self._build_tables()

    def _build_tables(self) -> None:
        """The lookup tables over [_TABLE_FIRST, _TABLE_LAST]: `_upto[i]`, the working days among
        the table's days 0..i; `_nth[k]`, the table's (k+1)-th working day; `_count_before`, the
        working days before the table (by the formula); and, per year of the table, the first
        year from it on without official data (`is_provisional` in one comparison)."""
        first, size = _TABLE_FIRST, _TABLE_LAST - _TABLE_FIRST + 1
        shift = (first - 1) % 7  # ordinal 1 is a Monday
        week = (1, 1, 1, 1, 1, 0, 0)[shift:] + (1, 1, 1, 1, 1, 0, 0)[:shift]
        flags = bytearray(week) * (size // 7 + 1)
        del flags[size:]
        lo, hi = bisect_right(self._rest_ord, first - 1), bisect_right(self._rest_ord, _TABLE_LAST)
        for o in self._rest_ord[lo:hi]:
            flags[o - first] = 0
        lo, hi = bisect_right(self._work_ord, first - 1), bisect_right(self._work_ord, _TABLE_LAST)
        for o in self._work_ord[lo:hi]:
            flags[o - first] = 1
        self._count_before = self._count_by_formula(first - 1)
        self._upto = list(accumulate(flags))
        self._nth = list(compress(_all_table_days(), flags))
        # The Due of a working-day limit ending on `_nth[k]`, made on first use (a Due is
        # immutable): key k, or ~k when provisional.
        self._dues: dict[int, Due] = {}
        first_year, last_year = date.fromordinal(first).year, date.fromordinal(_TABLE_LAST).year
        unofficial = last_year + 1
        while unofficial in self._official:
            unofficial += 1
        self._next_unofficial = {}
        for year in range(last_year, first_year - 1, -1):
            if year not in self._official:
                unofficial = year
            self._next_unofficial[year] = unofficial

    # -- the data ---------------------------------------------------------------------------

    @property
    def official_years(self) -> frozenset[int]:
        return self._official

    def is_official(self, year: int) -> bool:
        return year in self._official

    def rest_days_in(self, year: int) -> list[date]:
        """The weekdays of `year` that are not working days, in order."""
        return self._slice(self._rest_ord, year)

    def working_days_in(self, year: int) -> list[date]:
        """The Saturdays and Sundays of `year` that are working days, in order."""
        return self._slice(self._work_ord, year)

    @staticmethod
    def _slice(ordinals: list[int], year: int) -> list[date]:
        lo = bisect_right(ordinals, date(year, 1, 1).toordinal() - 1)
        hi = bisect_right(ordinals, date(year, 12, 31).toordinal())
        return [date.fromordinal(o) for o in ordinals[lo:hi]]

    # -- queries ----------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        if d in self._work:
            return True
        return d.weekday() < 5 and d not in self._rest

    def _count_upto(self, ordinal: int) -> int:
        """Working days among all days with ordinal <= `ordinal`."""
        i = ordinal - _TABLE_FIRST
        if 0 <= i < len(self._upto):
            return self._count_before + self._upto[i]
        return self._count_by_formula(ordinal)

    def _count_by_formula(self, ordinal: int) -> int:
        return (_weekdays_upto(ordinal) - bisect_right(self._rest_ord, ordinal)
                + bisect_right(self._work_ord, ordinal))

    def count_working_days(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end <= start)."""
        if end <= start:
            return 0
        return self._count_upto(end.toordinal()) - self._count_upto(start.toordinal())

    def add_working_days(self, d: date, n: int) -> date:
        """The Nth working day after `d` (`d` itself is not counted; n=0 gives `d`)."""
        if n < 0:
            raise ValueError(Message("工作日数不能为负数。"))
        if n == 0:
            return d
        base = d.toordinal()
        i = base - _TABLE_FIRST
        if 0 <= i < len(self._upto):
            k = self._upto[i] + n - 1
            if k < len(self._nth):
                return self._nth[k]
        target = self._count_upto(base) + n
        # Five working days take at most a week, plus whatever holidays fall in between:
        # start from that estimate and widen until it is certainly past the answer.
        span = n * 7 // 5 + 14
        hi = base + span
        while self._count_upto(min(hi, _MAX_ORDINAL)) < target:
            if hi >= _MAX_ORDINAL:
                raise ValueError(Message("期限超出了可表示的最后日期。"))
            span *= 2
            hi = base + span
        hi = min(hi, _MAX_ORDINAL)
        lo = base + 1
        while lo < hi:  # smallest ordinal whose count reaches the target: a working day
            mid = (lo + hi) // 2
            if self._count_upto(mid) >= target:
                hi = mid
            else:
                lo = mid + 1
        return date.fromordinal(lo)

    def is_provisional(self, first: date, last: date) -> bool:
        """Whether any year from `first`'s to `last`'s lacks official data."""
        unofficial = self._next_unofficial.get(first.year)
        if unofficial is not None:
            return unofficial <= last.year
        return any(y not in self._official for y in range(first.year, last.year + 1))

    def due_in_working_days(self, start: datetime, n: int) -> Due:
        """The limit "within N working days" from `start`: the day of `start` (local date in
        Asia/Shanghai) is not counted; the limit ends at 24:00 of the Nth working day after it."""
        local_day = _aware(start).astimezone(SHANGHAI).date()
        i = local_day.toordinal() - _TABLE_FIRST
        if n > 0 and 0 <= i < len(self._upto):
            k = self._upto[i] + n - 1
            if k < len(self._nth):
                due_date = self._nth[k]
                key = ~k if self._next_unofficial[local_day.year] <= due_date.year else k
                due = self._dues.get(key)
                if due is None:
                    due_at = datetime.combine(due_date + _ONE_DAY, _MIDNIGHT, tzinfo=SHANGHAI)
                    due = self._dues[key] = Due(due_at=due_at, due_date=due_date, provisional=key < 0)
                return due
        due_date = self.add_working_days(local_day, n)
        if due_date == date.max:
            raise ValueError(Message("期限超出了可表示的最后日期。"))
        due_at = datetime.combine(due_date + _ONE_DAY, _MIDNIGHT, tzinfo=SHANGHAI)
        return Due(due_at=due_at, due_date=due_date, provisional=self.is_provisional(local_day, due_date))

    def due_in_minutes(self, start: datetime, minutes: int) -> Due:
        """The limit "within N minutes" from `start`: that instant, never provisional."""
        return due_in_minutes(start, minutes)


def due_in_minutes(start: datetime, minutes: int) -> Due:
    if minutes < 0:
        raise ValueError(Message("分钟数不能为负数。"))
    # Elapsed time, not wall-clock time: add in UTC (Shanghai kept DST in 1986-1991).
    due_at = (_aware(start).astimezone(UTC) + timedelta(minutes=minutes)).astimezone(SHANGHAI)
    return Due(due_at=due_at, due_date=None, provisional=False)


def met_in_time(done_at: datetime, due_at: datetime) -> bool:
    """The one boundary rule of every deadline: an obligation is met in time when it is done
    strictly before `due_at` (24:00 of the last working day, or the minute limit). Done at
    `due_at` itself is late, in services and KPIs alike."""
    return done_at < due_at


def is_overdue(due_at: datetime, now: datetime) -> bool:
    """An obligation not yet done is overdue from `due_at` on: done now, it would be late."""
    return not met_in_time(now, due_at)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the start must be a timezone-aware datetime")
    return moment


def parse_start(text: str) -> datetime:
    """A start as people type it: "2026-09-30 10:00", "2026-09-30T10:00[:SS][+08:00]" or
    "2026-09-30" (00:00). Without an offset it is Asia/Shanghai local time."""
    text = (text or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?", text):
        raise ValueError(Message("“%(text)s”不是日期或时间，应形如 2026-09-30 10:00。", text=text))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(Message("“%(text)s”不是有效的日期或时间。", text=text)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    if not supported_instant(moment):
        raise ValueError(Message("“%(text)s”不在%(first)s年至%(last)s年之间。", text=text, first=EARLIEST_YEAR, last=LATEST_YEAR))
    return moment


def supported_instant(moment: datetime) -> bool:
    """Whether an aware instant falls in a supported year as read in Asia/Shanghai (where the
    case numbers' years are taken): 2000-01-01T00:00+14:00 is still 1999 there."""
    try:
        return EARLIEST_YEAR <= moment.astimezone(SHANGHAI).year <= LATEST_YEAR
    except OverflowError:  # 0001-01-01 or 9999-12-31 with an offset that leaves the calendar
        return False


# -- the statutory holidays (《全国年节及纪念日放假办法》) -----------------------------------------


@dataclass(frozen=True)
class FestivalDates:
    """A year's movable feasts in the Gregorian calendar, as a lunisolar calendar gives them."""

    lunar_new_year: date  # 正月初一
    qingming: date  # the 清明 solar term, 4 or 5 April
    dragon_boat: date  # 五月初五
    mid_autumn: date  # 八月十五


def statutory_holidays(year: int, festivals: FestivalDates) -> tuple[date, ...]:
    """The 13 days the 2024 amendment (in force from 2025) gives everyone off in `year`:
    New Year's Day (1 January), the Spring Festival (除夕, the last day of the twelfth lunar
    month, and the first three days of the first), Qingming, Labour Day (1-2 May), the Dragon
    Boat Festival, the Mid-Autumn Festival and National Day (1-3 October). A holiday falling on
    a weekend is just a rest day here, and a Mid-Autumn Festival within 1-3 October adds no
    day (12 days then): substitutes and swaps are the State Council notice's."""
    eve = festivals.lunar_new_year - timedelta(days=1)
    days = {
        date(year, 1, 1),
        *(eve + timedelta(days=i) for i in range(4)),
        festivals.qingming,
        date(year, 5, 1), date(year, 5, 2),
        festivals.dragon_boat,
        festivals.mid_autumn,
        date(year, 10, 1), date(year, 10, 2), date(year, 10, 3),
    }
    if any(d.year != year for d in days):
        raise ValueError(f"festival dates {festivals} do not belong to {year}")
    return tuple(sorted(days))


# -- the State Council notice (国务院办公厅关于XXXX年部分节假日安排的通知) ------------------------


@dataclass(frozen=True)
class NoticeDays:
    """What a notice decides for its year: every day of its holiday periods (weekends
    included, as the notice counts them) and the weekend days that become working days.
    A New Year period may start in December of the year before."""

    year: int
    rest_days: tuple[date, ...]
    working_days: tuple[date, ...]

    @property
    def weekday_rest_days(self) -> tuple[date, ...]:
        """The rest days that change anything: those falling Monday to Friday."""
        return tuple(d for d in self.rest_days if d.weekday() < 5)


class NoticeParseError(ValueError):
    """A notice text that cannot be read; names the line (1-based) and says why."""

    def __init__(self, reason: Message, *, line_no: int | None = None, line: str = ""):
        self.reason, self.line_no, self.line = reason, line_no, line
        message = reason
        if line_no is not None:
            shown = line if len(line) <= 80 else line[:78] + "…"
            message = Message("第%(line_no)s行无法识别（%(reason)s）：%(line)s", line_no=line_no, reason=reason, line=shown)
        self.message = message
        super().__init__(message)


_FULLWIDTH = str.maketrans("０１２３４５６７８９（）：，；～－", "0123456789():，。~-")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = (gettext_noop("周一"), gettext_noop("周二"), gettext_noop("周三"), gettext_noop("周四"),
                  gettext_noop("周五"), gettext_noop("周六"), gettext_noop("周日"))

_FESTIVAL = re.compile(r"元旦|新年|春节|清明|劳动节|五一|端午|中秋|国庆|十一|纪念日")
_ITEM_START = re.compile(r"(?:^|(?<=[。\s]))[一二三四五六七八九十]{1,3}[、.．](?=[^:。，]{1,40}:)")
_ITEM = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．])?\s*(?P<name>[^:。，]{1,40}):(?P<body>.*)$")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?"
_DATE_NC = r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:\([^()]*\))?"
_RANGE = re.compile(rf"({_DATE_NC})(?:至|到|—+|-|–|~)({_DATE_NC})")
_LIST = re.compile(rf"{_DATE_NC}(?:(?:、|和|及){_DATE_NC})*")
_TITLE_YEAR = re.compile(r"关于(\d{4})年(?:部分)?节假日|现将(\d{4})年")


def parse_notice(year: int, text: str) -> NoticeDays:
    """Read the rest days and swapped working days out of a pasted State Council notice.

    Holiday lines look like "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、
    周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。" Weekdays written in the
    notice, "共N天" and the notice's own year are checked against the dates read, so a
    notice pasted under the wrong year or garbled dates are refused, never half-read.
    """
    rest: set[date] = set()
    work: set[date] = set()
    found = False
    for line_no, raw in enumerate((text or "").splitlines(), start=1):
        line = re.sub(r"[ \t\u3000]+", "", raw.translate(_FULLWIDTH)).replace(",", "，")
        if not line:
            continue
        title = _TITLE_YEAR.search(line)
        if title and int(title.group(1) or title.group(2)) != year:
            raise NoticeParseError(Message("这是%(said)s年的通知，不是%(year)s年的", said=int(title.group(1) or title.group(2)), year=year),
                                   line_no=line_no, line=raw.strip())
        starts = [m.start() for m in _ITEM_START.finditer(line)] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        for a, b in zip(starts, [*starts[1:], len(line)], strict=True):
            item = _ITEM.match(line[a:b])
            if item is None:
                continue
            numbered = line[a] in "一二三四五六七八九十"
            if not numbered and not _FESTIVAL.search(item.group("name")):
                continue
            days_off, days_on = _parse_item(year, item.group("name"), item.group("body"),
                                            line_no=line_no, line=raw.strip())
            found = True
            clash = sorted((rest | days_off) & (work | days_on))
            if clash:
                raise NoticeParseError(Message("%(day)s既放假又上班", day=clash[0]), line_no=line_no,
                                       line=raw.strip())
            rest |= days_off
            work |= days_on
    if not found or not rest:
        raise NoticeParseError(Message("通知中没有找到任何放假安排（应有形如“一、元旦：1月1日放假”的行）"))
    return NoticeDays(year=year, rest_days=tuple(sorted(rest)), working_days=tuple(sorted(work)))


def _split_clauses(body: str) -> list[str]:
    """Split at 。，(and ; already folded into 。) outside parentheses."""
    out, depth, cur = [], 0, []
    for ch in body:
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and ch in "。，":
            out.append("".join(cur))
            cur = []
            depth = 0
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [c for c in out if c]


def _parse_item(year: int, name: str, body: str, *, line_no: int, line: str) -> tuple[set[date], set[date]]:
    def fail(reason: Message) -> NoticeParseError:
        return NoticeParseError(reason, line_no=line_no, line=line)

    new_year = "元旦" in name or "新年" in name
    ctx: dict[str, date | None] = {"prev": None}

    def resolve(token: str, range_start: date | None = None) -> date:
        m = re.fullmatch(_DATE, token)
        assert m is not None
        y_txt, m_txt, d_txt, paren = m.groups()
        prev = ctx["prev"]
        if m_txt is None:
            if prev is None:
                raise fail(Message("“%(date)s”缺少月份", date=token))
            month, y = prev.month, int(y_txt) if y_txt else prev.year
        else:
            month = int(m_txt)
            if y_txt:
                y = int(y_txt)
            elif range_start is not None:  # "12月31日至1月2日": the end is in the next year
                y = range_start.year + (1 if month < range_start.month else 0)
            elif new_year and month == 12:  # New Year's period starting in December
                y = year - 1
            else:
                y = year
        try:
            day = date(y, month, int(d_txt))
        except ValueError:
            raise fail(Message("没有%(year)s年%(month)s月%(day)s日这一天", year=y, month=month, day=int(d_txt))) from None
        said = re.search(r"(?:周|星期|礼拜)([一二三四五六日天])", paren or "")
        if said and _WEEKDAY[said.group(1)] != day.weekday():
            raise fail(Message("%(day)s是%(weekday)s，通知写的是%(said)s", day=day, weekday=_WEEKDAY_NAMES[day.weekday()],
                                 said=_WEEKDAY_NAMES[_WEEKDAY[said.group(1)]]))
        if not date(year - 1, 12, 1) <= day <= date(year + 1, 1, 31):
            raise fail(Message("%(day)s不在%(year)s年的安排之内", day=day, year=year))
        ctx["prev"] = day
        return day

    def dates(segment: str, *, allow_range: bool) -> list[date]:
        rng = _RANGE.fullmatch(segment) if allow_range else None
        if rng:
            first = resolve(rng.group(1))
            last = resolve(rng.group(2), range_start=first)
            if not first <= last <= first + timedelta(days=31):
                raise fail(Message("“%(dates)s”不是一个有效的日期区间", dates=segment))
            return [first + timedelta(days=i) for i in range((last - first).days + 1)]
        if _LIST.fullmatch(segment):
            return [resolve(t.group(0)) for t in re.finditer(_DATE_NC, segment)]
        raise fail(Message("读不出“%(dates)s”中的日期", dates=segment or gettext_noop("（空）")))

    rest: set[date] = set()
    work: set[date] = set()
    period: list[date] | None = None
    for clause in _split_clauses(body):
        if "放假" in clause:
            before, after = clause.split("放假", 1)
            period = dates(before, allow_range=True)
            rest.update(period)
            count = re.search(r"(\d+)天", after)
            if count and int(count.group(1)) != len(period):
                raise fail(Message("写的是共%(said)s天，日期算出来是%(count)s天", said=int(count.group(1)), count=len(period)))
        elif "补休" in clause:
            rest.update(dates(clause.split("补休", 1)[0], allow_range=True))
        elif "上班" in clause:
            for day in dates(clause.split("上班", 1)[0], allow_range=False):
                if day.weekday() < 5:
                    raise fail(Message("%(day)s是%(weekday)s，调休上班日应是周六或周日", day=day,
                                             weekday=_WEEKDAY_NAMES[day.weekday()]))
                work.add(day)
        elif total := re.fullmatch(r"共(\d+)天", clause):
            if period is None:
                raise fail(Message("“共N天”之前没有放假日期"))
            if int(total.group(1)) != len(period):
                raise fail(Message("写的是共%(said)s天，日期算出来是%(count)s天", said=int(total.group(1)), count=len(period)))
    if period is None:
        raise fail(Message("找不到放假日期"))
    return rest, work
