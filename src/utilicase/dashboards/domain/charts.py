"""The geometry of a horizontal bar chart drawn as SVG on the server, pure: one bar per value,
scaled to the largest, with its label and value text placed beside it."""

from dataclasses import dataclass

ROW = 22        # height of one row
BAR = 14        # height of a bar
LABEL_W = 160   # room for the labels on the left
VALUE_W = 70    # room for the value on the right


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str     # the value as shown
    href: str     # where the bar leads (the cases behind it)
    x: int
    y: int
    width: int
    height: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_x: int
    bars: list[Bar]


def bar_chart(rows: list[tuple[str, float, str, str]], *, width: int = 560) -> Chart:
    """`rows`: (label, value, text, href). A bar's length is value / largest of the room left
    by the labels and the values; a zero or negative value draws no bar (width 0)."""
    room = max(width - LABEL_W - VALUE_W, 1)
    top = max((value for _, value, _, _ in rows), default=0)
    bars = []
    for i, (label, value, text, href) in enumerate(rows):
        length = round(room * value / top) if top > 0 and value > 0 else 0
        y = i * ROW + (ROW - BAR) // 2
        bars.append(Bar(label=label, value=value, text=text, href=href, x=LABEL_W, y=y, width=length,
                        height=BAR, text_x=LABEL_W + length + 4, text_y=y + BAR - 3))
    return Chart(width=width, height=max(len(rows), 1) * ROW, label_x=LABEL_W - 6, bars=bars)
