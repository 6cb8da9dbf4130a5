"""The pictures on the canvas: claim boxes, reason groups, arrows.

Items are passive views (house rule 7): they hold an id and what they paint,
offer setters that do nothing when the value is unchanged, and never touch
the model. One light item per claim paints its own box and wrapped text;
there is no QGraphicsTextItem per claim (it costs ~45 KB and 0.3 ms each).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsItem, QStyle, QStyleOptionGraphicsItem

TEXT_WIDTH = 200.0  # a readable line of a claim
PAD_X, PAD_Y = 10.0, 8.0
MIN_HEIGHT = 44.0

# Colours of the conventions courses use; the dark variants stay legible
# on a dark palette.
ROLE_COLOURS = {
    "support": ("#2e8540", "#6fcf7f"),
    "objection": ("#c62828", "#ff7b7b"),
    "rebuttal": ("#e07b00", "#ffb347"),
    "undercutter": ("#c62828", "#ff7b7b"),
}
SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#f0a000"}
# (light, dark) fills of the main and intermediate conclusions, and of the
# quotation tag with its ink; the SVG writer draws with the light ones.
MAIN_FILL = ("#dcebfb", "#1d3b5c")
CONCLUSION_FILL = ("#eef5fd", "#27384a")
QUOTE_TAG_FILL = ("#fff4cc", "#4a3f1a")
QUOTE_TAG_INK = ("#7a5c00", "#e8c766")
# (light, dark) colours of the verdicts that comparing with a model answer
# and evaluating an argument put on claims.
MARK_COLOURS = {
    "match": ("#2e8540", "#6fcf7f"),
    "extra": ("#8a5a00", "#e8b04a"),
    "strong": ("#2e8540", "#6fcf7f"),
    "moderate": ("#5f7d00", "#b9d65a"),
    "weak": ("#c26100", "#ffb347"),
    "none": ("#c62828", "#ff7b7b"),
}
GHOST_LABEL = "in the model answer"
ARROW_HEAD = 11.0  # length of an arrowhead; its half-width is 0.55 of that


def arrow_head(tip: tuple[float, float], ahead: tuple[float, float]) -> list[tuple[float, float]]:
    """The corners of the arrowhead at `tip` of a line arriving from `ahead` (a point just before it)."""
    (tx, ty), (ax, ay) = tip, ahead
    dx, dy = tx - ax, ty - ay
    length = max(1e-6, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    s = ARROW_HEAD
    return [(tx, ty), (tx - ux * s - uy * s * 0.55, ty - uy * s + ux * s * 0.55),
            (tx - ux * s + uy * s * 0.55, ty - uy * s - ux * s * 0.55)]


_DARK: list = [None, False]  # the palette last asked about, and the answer


def is_dark() -> bool:
    app = QApplication.instance()
    if app is None:
        return False
    pal = app.palette()
    key = pal.cacheKey()  # asked by every item on every frame: worked out once per palette
    if _DARK[0] != key:
        _DARK[:] = [key, pal.color(QPalette.ColorRole.Window).lightness() < 128]
    return _DARK[1]


def role_colour(role: str) -> QColor:
    light, dark = ROLE_COLOURS.get(role, ROLE_COLOURS["support"])
    return QColor(dark if is_dark() else light)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally: Qt would render a tooltip that
    looks like HTML as HTML, so the text is escaped inside an explicit rich-text
    wrapper (which also lets long messages wrap)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def claim_font() -> QFont:
    f = QFont(QApplication.font())
    f.setPointSizeF(max(9.0, f.pointSizeF()))
    return f


HIDDEN_LABEL = 13.0  # room under a hidden premise's text for its label


_WRAPPERS: dict[tuple[str, bool], Wrapper] = {}


class Wrapper:
    """Greedy word wrap with the claim font's metrics, each word measured once.

    Boxes are measured and painted from the same lines, so text always fits
    its box. Asking Qt to lay out each claim's text costs ~40 µs a claim (two
    seconds for 50,000); claims share most of their words, so summing cached
    word widths costs a fraction of that.
    """

    def __init__(self, font: QFont) -> None:
        self.font = font
        self.fm = QFontMetricsF(font)
        self.space = self.fm.horizontalAdvance(" ")
        self.line_height = self.fm.height()
        self.ascent = self.fm.ascent()
        self.widths: dict[str, float] = {}
        self.chars: dict[str, float] = {}

    def lines(self, text: str, width: float = TEXT_WIDTH) -> tuple[list[str], float]:
        """`text` broken into lines no wider than `width` where it can be, and the widest line's width."""
        out: list[str] = []
        widest = 0.0
        widths, space = self.widths, self.space
        for paragraph in wrappable(text).split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.replace("\u200b", "\u200b ").split(" "):
                if not word:
                    continue
                w = widths.get(word)
                if w is None:
                    w = self._width(word)
                if not line:
                    line, used = [word], w
                elif used + space + w > width:
                    out.append(" ".join(line))
                    if used > widest:
                        widest = used
                    line, used = [word], w
                else:
                    line.append(word)
                    used += space + w
            out.append(" ".join(line))
            if used > widest:
                widest = used
        if "\u200b" in text or any("\u200b" in x for x in out):
            out = [x.replace("\u200b ", "").replace("\u200b", "") for x in out]
        return out, widest

    def size(self, text: str, width: float = TEXT_WIDTH) -> tuple[int, float]:
        """How many lines `lines` breaks `text` into, and the widest: the same
        breaks without building the lines (measuring 50,000 claims)."""
        if _LONG_WORD.search(text):
            lines, widest = self.lines(text, width)
            return len(lines), widest
        count, widest = 0, 0.0
        widths, space = self.widths, self.space
        for paragraph in text.split("\n"):
            used = -1.0  # nothing on the line yet
            for word in paragraph.split(" "):
                if not word:
                    continue
                w = widths.get(word)
                if w is None:
                    w = self._width(word)
                if used < 0:
                    used = w
                elif used + space + w > width:
                    count += 1
                    if used > widest:
                        widest = used
                    used = w
                else:
                    used += space + w
            count += 1
            if used > widest:
                widest = used
        return count, widest

    def _width(self, word: str) -> float:
        # Shaping one word costs Qt ~20 µs; a plain ASCII word is the sum of its
        # letters' advances (kerning only ever takes a little off, so the box is
        # never too narrow). Other scripts are shaped, as their letters join.
        if word.isascii():
            chars = self.chars
            w = 0.0
            for ch in word:
                a = chars.get(ch)
                if a is None:
                    a = chars[ch] = self.fm.horizontalAdvance(ch)
                w += a
        else:
            w = self.fm.horizontalAdvance(word)
        self.widths[word] = w
        return w


def wrapper(bold: bool = False) -> Wrapper:
    """The wrapper for the claim font (bold: a main conclusion's), shared while the font stays the same."""
    font = claim_font()
    font.setBold(bold)
    key = (font.key(), bold)
    w = _WRAPPERS.get(key)
    if w is None:
        w = _WRAPPERS[key] = Wrapper(font)
    return w


_LONG_WORD = re.compile(r"\S{24,}")


def wrappable(text: str) -> str:
    """`text` with break opportunities (zero-width spaces) inside very long
    words such as web addresses, so word wrap never cuts them at the box edge."""
    if len(text) < 24:
        return text
    return _LONG_WORD.sub(lambda m: "\u200b".join(m[0][i : i + 16] for i in range(0, len(m[0]), 16)), text)


def shown_text(text: str) -> str:
    return text if text.strip() else "(empty claim)"


def measure(text: str, bold: bool = False, hidden: bool = False) -> tuple[float, float]:
    """The box size that shows `text` wrapped at a readable width."""
    return box_size(wrapper(bold), text, hidden)


def measurer() -> Callable[[str, bool, bool], tuple[float, float]]:
    """`measure` with the fonts looked up once: for measuring thousands of claims."""
    fonts = {False: wrapper(False), True: wrapper(True)}
    return lambda text, bold=False, hidden=False: box_size(fonts[bold], text, hidden)


def box_size(wrap: Wrapper, text: str, hidden: bool) -> tuple[float, float]:
    """The size of a claim's box: its text wrapped by `wrap`, with room for a hidden premise's label."""
    count, widest = wrap.size(shown_text(text))
    # Rounded up, with a little slack; a word too long for a line widens its box rather than spill out.
    w = math.ceil(max(120.0, widest) + 2) + 2 * PAD_X
    h = max(MIN_HEIGHT, math.ceil(count * wrap.line_height) + 2 * PAD_Y + (HIDDEN_LABEL if hidden else 0))
    return (w, h)


@dataclass(frozen=True)
class ClaimLook:
    text: str
    main: bool = False
    conclusion: bool = False
    hidden: bool = False
    quoted: bool = False
    severity: str | None = None  # worst finding: "error", "warning" or None
    tooltip: str = ""
    ghost: bool = False  # in the model answer, not in this map: drawn faint, cannot be selected
    mark: str | None = None  # a comparison's or an evaluation's verdict (MARK_COLOURS)
    mark_label: str = ""  # its word, on a tag at the box's foot
    folded: int = 0  # claims hidden below it (its branch is collapsed)


# Computed once: combining enum flags in PySide costs more than making the item.
_Flag = QGraphicsItem.GraphicsItemFlag
CLAIM_FLAGS = _Flag.ItemIsSelectable | _Flag.ItemIsFocusable | _Flag.ItemIsMovable
GROUP_FLAGS = _Flag.ItemIsSelectable | _Flag.ItemIsFocusable


class ClaimItem(QGraphicsItem):
    """One claim's box. A plain QGraphicsItem (no QObject: half the cost to
    make, and it emits nothing); the scene reads `node_id`."""

    kind = "claim"

    def __init__(self, node_id: str, look: ClaimLook, size: tuple[float, float]) -> None:
        super().__init__()
        self.node_id = node_id
        self._look = look
        self._size = size
        self._lines: tuple[Wrapper, list[str]] | None = None  # wrapped when first painted
        self._bounds: tuple[tuple[float, float] | None, QRectF] = (None, QRectF())
        self.setFlags(CLAIM_FLAGS)
        self.setZValue(2)

    @property
    def look(self) -> ClaimLook:
        return self._look

    def set_look(self, look: ClaimLook, size: tuple[float, float]) -> None:
        if look == self._look and size == self._size:
            return
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
        if look.text != self._look.text or look.main != self._look.main:
            self._lines = None
        self._look = look
        self.update()

    def tooltip_text(self) -> str:
        """Built when the tooltip is asked for (MapScene.helpEvent), not for every box up front."""
        tip = self._look.text.strip() or "(empty claim)"
        if self._look.tooltip:
            tip += "\n\n" + self._look.tooltip
        if self._look.folded:
            n = self._look.folded
            tip += f"\n\n{n} claim{'s' if n != 1 else ''} hidden below. Click the +{n} tab to show them."
        return plain_tooltip(tip)

    def fold_badge(self) -> QRectF:
        """The tab under a collapsed claim that says how much is hidden; a click on it expands."""
        w, h = self._size
        width = 16 + 7 * len(str(self._look.folded))
        return QRectF(w / 2 - width / 2, h - 2, width, 16)

    def boundingRect(self) -> QRectF:
        # Asked for on every frame the box is near the screen: made once per size.
        if self._bounds[0] != self._size:
            w, h = self._size
            self._bounds = (self._size, QRectF(-3, -9, w + 12, h + 26))  # room for badges, tabs and selection
        return self._bounds[1]

    def box(self) -> QRectF:
        w, h = self._size
        return QRectF(0, 0, w, h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        look = self._look
        pal = QApplication.palette()
        dark = is_dark()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        box = self.box()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)

        fill = pal.color(QPalette.ColorRole.Base)
        if look.main:
            fill = QColor(MAIN_FILL[dark])
        elif look.conclusion:
            fill = QColor(CONCLUSION_FILL[dark])
        border = pal.color(QPalette.ColorRole.Text)
        if look.ghost:
            fill, border = pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.PlaceholderText)
        pen = QPen(border, 2.4 if look.main else 1.2)
        if look.hidden or look.ghost:
            pen.setStyle(Qt.PenStyle.DashLine)
        if selected:
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 3.0, pen.style())

        if look.folded:  # a tab under the box: "+12", what is hidden below (drawn first, the box covers its top)
            tab = self.fold_badge()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= 0.4)
            painter.setPen(QPen(border, 1.0))
            painter.setBrush(pal.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(tab, 5, 5)
            if lod >= 0.4:
                small = QFont(claim_font())
                small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
                small.setBold(True)
                painter.setFont(small)
                painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
                painter.drawText(tab.adjusted(0, 2, 0, 0), Qt.AlignmentFlag.AlignCenter, f"+{look.folded}")
        if lod < 0.15:  # far out: just a filled box keeps big maps fluid
            painter.fillRect(box, fill.darker(115) if not look.main else fill.darker(130))
            return
        if lod < 0.4:  # greeking: square corners, no smoothing, bars where the lines of text are
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(box, fill)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
            bar = pal.color(QPalette.ColorRole.Mid)
            lines = max(1, int((box.height() - 2 * PAD_Y) // 16))
            for i in range(min(lines, 6)):
                painter.fillRect(QRectF(PAD_X, PAD_Y + 4 + i * 16, box.width() - 2 * PAD_X - (i % 2) * 30, 6), bar)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(box, 6, 6)
        if look.mark in MARK_COLOURS:  # a stripe down the left edge in the verdict's colour
            painter.save()
            painter.setClipRect(QRectF(0, 0, 6, box.height()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(MARK_COLOURS[look.mark][dark]))
            painter.drawRoundedRect(box, 6, 6)
            painter.restore()
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        font = claim_font()
        if look.main:
            font.setBold(True)
        wrap = wrapper(look.main)
        painter.setFont(wrap.font)
        if not look.text.strip() or look.ghost:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        # The lines the box was measured with; drawText never interprets markup.
        lines = self._lines
        if lines is None or lines[0] is not wrap:
            lines = self._lines = (wrap, wrap.lines(shown_text(look.text))[0])
        y = PAD_Y + wrap.ascent
        for line in lines[1]:
            painter.drawText(QPointF(PAD_X, y), line)
            y += wrap.line_height
        if look.quoted:  # a tag on the top-left corner: this claim quotes the source
            tag = QRectF(-6, -8, 18, 16)
            painter.setPen(QPen(QColor(QUOTE_TAG_INK[dark]), 1.0))
            painter.setBrush(QColor(QUOTE_TAG_FILL[dark]))
            painter.drawRoundedRect(tag, 4, 4)
            qf = QFont(font)
            qf.setBold(True)
            qf.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(qf)
            painter.drawText(tag.adjusted(0, 3, 0, 3), Qt.AlignmentFlag.AlignCenter, "“")
        if look.hidden or look.ghost:
            painter.setFont(QFont(font.family(), max(7, int(font.pointSizeF() * 0.75))))
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(PAD_X, box.bottom() - PAD_Y - HIDDEN_LABEL + 2, 160, HIDDEN_LABEL),
                             Qt.AlignmentFlag.AlignLeft, GHOST_LABEL if look.ghost else "hidden premise")
        if look.mark_label and look.mark in MARK_COLOURS:
            small = QFont(font.family(), max(7, int(font.pointSizeF() * 0.75)))
            small.setBold(True)
            width = QFontMetricsF(small).horizontalAdvance(look.mark_label) + 12
            tag = QRectF(box.right() - width - 8, box.bottom() - 8, width, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(MARK_COLOURS[look.mark][dark]))
            painter.drawRoundedRect(tag, 7, 7)
            painter.setFont(small)
            painter.setPen(QColor("#101010") if dark else QColor("white"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, look.mark_label)
        if look.severity in SEVERITY_COLOURS:
            # The same marks as the Problems panel: ✗ an error, ! a warning.
            error = look.severity == "error"
            painter.setPen(QPen(QColor("white"), 1.2))
            painter.setBrush(QColor(SEVERITY_COLOURS[look.severity]))
            badge = QRectF(box.right() - 9, -7, 16, 16)
            painter.drawEllipse(badge)
            f = QFont(font)
            f.setBold(True)
            f.setPointSizeF(8)
            painter.setFont(f)
            painter.setPen(QColor("white") if error else QColor("#3a2a00"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "✗" if error else "!")


class RefItem(QGraphicsItem):
    """A reference box: a premise this reason shares with another reason, drawn
    in full there. It shows the claim's text, quieter and dashed, so the reason
    reads whole here; a click goes to the claim itself."""

    def __init__(self, claim_id: str, reason_id: str, text: str, size: tuple[float, float]) -> None:
        super().__init__()
        self.claim_id, self.reason_id = claim_id, reason_id
        self._text, self._size = text, size
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_text(self, text: str, size: tuple[float, float]) -> None:
        if (text, size) == (self._text, self._size):
            return
        if size != self._size:
            self.prepareGeometryChange()
        self._text, self._size = text, size
        self.update()

    def tooltip_text(self) -> str:
        return plain_tooltip(f"{self._text.strip() or '(empty claim)'}\n\n"
                             "This premise is also used by another reason and is drawn in full there. "
                             "Click to go to it.")

    def boundingRect(self) -> QRectF:
        w, h = self._size
        return QRectF(-8, -9, w + 12, h + 12)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        pal = QApplication.palette()
        w, h = self._size
        box = QRectF(0, 0, w, h)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        fill = QColor(pal.color(QPalette.ColorRole.Base))
        fill.setAlpha(150)
        if lod < 0.15:
            painter.fillRect(box, fill)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.3)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.PlaceholderText), 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 6, 6)
        if lod < 0.4:
            return
        painter.setFont(claim_font())
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        text = wrappable(self._text) if self._text.strip() else "(empty claim)"
        painter.drawText(box.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y), Qt.TextFlag.TextWordWrap, text)
        # A tag on the top-left corner: "see above", the way the quotation tag says "quoted".
        tag = QRectF(-6, -8, 18, 16)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.PlaceholderText), 1.0))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(tag, 4, 4)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, "↗")


class GroupItem(QGraphicsItem):
    """The frame around one reason's co-premises; selecting it selects the reason."""

    kind = "reason"

    def __init__(self, node_id: str, role: str, rect: QRectF, label: str = "") -> None:
        super().__init__()
        self.tip = ""
        self.node_id = node_id
        self._role = role
        self._rect = rect
        self._label = label
        self._bounds: tuple[QRectF | None, QRectF] = (None, QRectF())
        self.setFlags(GROUP_FLAGS)
        self.setZValue(1)

    def set_shape(self, role: str, rect: QRectF, label: str) -> None:
        if (role, rect, label) == (self._role, self._rect, self._label):
            return
        if rect != self._rect:
            self.prepareGeometryChange()
        self._role, self._rect, self._label = role, rect, label
        self.update()

    @property
    def role(self) -> str:
        return self._role

    def tooltip_text(self) -> str:
        return plain_tooltip(self.tip) if self.tip else ""

    def boundingRect(self) -> QRectF:
        if self._bounds[0] is not self._rect:
            extra = max(0.0, 220.0 - self._rect.width())  # the label may reach past a narrow frame
            self._bounds = (self._rect, self._rect.adjusted(-3, -16, 3 + extra, 3))
        return self._bounds[1]

    def shape(self) -> QPainterPath:
        # Only the frame and its label pick the reason; clicks inside reach the premises.
        path = QPainterPath()
        outer = self._rect.adjusted(-3, -3, 3, 3)
        inner = self._rect.adjusted(5, 5, -5, -5)
        path.addRect(outer)
        if inner.isValid():
            path.addRect(inner)
        path.addRect(QRectF(self._rect.x(), self._rect.y() - 16, 120, 16))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        colour = role_colour(self._role)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fill = QColor(colour)
        fill.setAlpha(28)
        pen = QPen(colour, 3.0 if selected else 1.6)
        if selected:
            pen.setColor(QApplication.palette().color(QPalette.ColorRole.Highlight))
        if lod < 0.4:  # far enough out that round corners do not show: square ones draw far faster
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(self._rect, fill)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(fill)
        painter.setPen(pen)
        painter.drawRoundedRect(self._rect, 9, 9)
        if self._label and lod >= 0.4:
            f = QFont(claim_font())
            f.setPointSizeF(f.pointSizeF() * 0.8)
            f.setBold(True)
            painter.setFont(f)
            painter.setPen(colour)
            width = max(220.0, self._rect.width())
            label = QFontMetricsF(f).elidedText(self._label, Qt.TextElideMode.ElideRight, width - 8)
            painter.drawText(QRectF(self._rect.x() + 4, self._rect.y() - 16, width, 15),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, label)


class ArrowItem(QGraphicsItem):
    """The single arrow from a reason's group to what it bears on."""

    def __init__(self, node_id: str, role: str, start: QPointF, end: QPointF, dashed: bool = False) -> None:
        super().__init__()
        self.node_id = node_id
        self._role = role
        self._dashed = dashed
        self._start, self._end = start, end
        self._path = self._make_path()
        self._bounds = self._path.boundingRect().adjusted(-12, -12, 12, 12)
        self.setZValue(0)

    def set_ends(self, role: str, start: QPointF, end: QPointF) -> None:
        if (role, start, end) == (self._role, self._start, self._end):
            return
        self.prepareGeometryChange()
        self._role, self._start, self._end = role, start, end
        self._path = self._make_path()
        self._bounds = self._path.boundingRect().adjusted(-12, -12, 12, 12)
        self.update()

    def _make_path(self) -> QPainterPath:
        # A vertical S-curve reads as "flows up to"; precomputed, not built in paint().
        path = QPainterPath(self._start)
        mid_y = (self._start.y() + self._end.y()) / 2
        path.cubicTo(QPointF(self._start.x(), mid_y), QPointF(self._end.x(), mid_y), self._end)
        return path

    def _head(self) -> QPolygonF:
        ahead = self._path.pointAtPercent(0.97)
        corners = arrow_head((self._end.x(), self._end.y()), (ahead.x(), ahead.y()))
        return QPolygonF([QPointF(x, y) for x, y in corners])

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        colour = role_colour(self._role)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.3)
        pen = QPen(colour, 2.2)
        if self._dashed:  # a premise drawn under another reason: a quiet link
            faint = QColor(colour)
            faint.setAlpha(110)
            pen = QPen(faint, 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if not self._dashed:
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(self._head())
