"""Small SVG building blocks for the site's figures.

Every function here returns a string of SVG markup. The pieces are meant to be
combined by `convmap.figures` (and any other figure module):

* `document` wraps a body in ``<svg>`` with a ``viewBox``, a ``<title>``,
  a ``<desc>``, ``role="img"`` and ``aria-labelledby``, so screen readers get
  the figure in words and the picture scales to any screen width;
* `cell` draws one square of a grid and marks it with the stable data
  attributes (``data-grid``, ``data-row``, ``data-col``, ``data-pad``,
  ``data-role``) that tests and the interactive explorer look for;
* `hatch` draws diagonal lines, so padding is never told apart by colour
  alone; `outline` draws the thick border of a kernel window;
* `text` writes real, selectable ``<text>``;
* `convmap.figures.track` lays out a long axis (the Q&A's 64 pixels)
  compactly; `convmap.figures.grid` draws every grid.

Colours are never written into the SVG. Elements carry ``cm-...`` CSS classes
that ``docs/stylesheets/figures.css`` styles with Material's colour variables
(``--md-default-fg-color`` and friends) and the Okabe-Ito palette, so one
figure works in the light and the dark ("slate") scheme.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "CELL",
    "FONT",
    "OKABE_ITO",
    "attrs",
    "cell",
    "document",
    "element",
    "escape",
    "num",
    "figure",
    "hatch",
    "legend",
    "line",
    "outline",
    "rect",
    "text",
    "text_width",
]

#: Side of one grid cell, in viewBox units.
CELL = 22
#: Default font size, in viewBox units.
FONT = 12

#: The Okabe-Ito colour-blind-safe palette (name -> hex). ``figures.css``
#: uses the same values as CSS variables ``--cm-orange`` etc.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "bluish-green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish-purple": "#CC79A7",
    "black": "#000000",
}

SVG_NS = "http://www.w3.org/2000/svg"


def escape(value: Any) -> str:
    """Escape a value for use in XML text or a double-quoted attribute.

    Args:
        value: Anything; it is converted with ``str``.

    Returns:
        The text with ``&``, ``<``, ``>`` and ``"`` escaped.

    Examples:
        >>> escape('a < b & "c"')
        'a &lt; b &amp; &quot;c&quot;'
    """
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def num(value: Any) -> str:
    """A coordinate as text: floats rounded to 2 places, no useless ``.0``.

    Examples:
        >>> num(1.0), num(1.256), num(3)
        ('1', '1.26', '3')
    """
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(value)


def attrs(**kwargs: Any) -> str:
    """Format keyword arguments as XML attributes.

    Underscores become dashes (``data_row`` -> ``data-row``), a trailing
    underscore is dropped (``class_`` -> ``class``), ``None`` and ``False`` are
    left out, ``True`` becomes ``"true"`` and floats are rounded to 2 places.

    Args:
        **kwargs: Attribute names and values.

    Returns:
        A string starting with a space (or empty), ready to put after a tag name.

    Examples:
        >>> attrs(class_="cm-cell", data_row=3, data_pad=True, x=1.5, hidden=None)
        ' class="cm-cell" data-row="3" data-pad="true" x="1.5"'
    """
    parts = []
    for key, value in kwargs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if value is True:
            value = "true"
        parts.append(f' {name}="{escape(num(value))}"')
    return "".join(parts)


def element(tag: str, content: str | None = None, **kwargs: Any) -> str:
    """One SVG element; ``content`` is inserted as markup (escape text yourself).

    Args:
        tag: The element name, e.g. ``"g"``.
        content: Inner markup, or ``None`` for a self-closing element.
        **kwargs: Attributes, formatted by `attrs`.

    Returns:
        The element as a string.

    Examples:
        >>> element("g", "<rect/>", class_="cm-row")
        '<g class="cm-row"><rect/></g>'
        >>> element("circle", r=2)
        '<circle r="2"/>'
    """
    if content is None:
        return f"<{tag}{attrs(**kwargs)}/>"
    return f"<{tag}{attrs(**kwargs)}>{content}</{tag}>"


def rect(x: float, y: float, width: float, height: float, cls: str = "", **kwargs: Any) -> str:
    """A rectangle with a CSS class.

    Args:
        x: Left edge.
        y: Top edge.
        width: Width.
        height: Height.
        cls: CSS class(es), e.g. ``"cm-box"``.
        **kwargs: More attributes (``rx``, data attributes, ...).

    Returns:
        A ``<rect>`` element.

    Examples:
        >>> rect(0, 0, 22, 22, "cm-box")
        '<rect x="0" y="0" width="22" height="22" class="cm-box"/>'
    """
    return element("rect", x=x, y=y, width=width, height=height, class_=cls or None, **kwargs)


def line(x1: float, y1: float, x2: float, y2: float, cls: str = "cm-link", **kwargs: Any) -> str:
    """A straight line with a CSS class.

    Args:
        x1: Start x.
        y1: Start y.
        x2: End x.
        y2: End y.
        cls: CSS class(es).
        **kwargs: More attributes.

    Returns:
        A ``<line>`` element.

    Examples:
        >>> line(0, 0, 10, 5)
        '<line x1="0" y1="0" x2="10" y2="5" class="cm-link"/>'
    """
    return element("line", x1=x1, y1=y1, x2=x2, y2=y2, class_=cls or None, **kwargs)


def text(
    x: float,
    y: float,
    content: Any,
    cls: str = "cm-text",
    anchor: str = "middle",
    size: float | None = None,
    **kwargs: Any,
) -> str:
    """Real SVG ``<text>``, vertically centred on ``y``.

    Args:
        x: Anchor x.
        y: Middle of the text line.
        content: The text (escaped here).
        cls: CSS class(es); ``figures.css`` colours ``cm-text`` with the page's
            foreground colour.
        anchor: ``"start"``, ``"middle"`` or ``"end"``.
        size: Font size in viewBox units; default `FONT`.
        **kwargs: More attributes.

    Returns:
        A ``<text>`` element.

    Examples:
        >>> text(11, 11, "1 < 2")
        '<text x="11" y="11" class="cm-text" text-anchor="middle" dominant-baseline="central" font-size="12">1 &lt; 2</text>'
    """  # noqa: E501
    return element(
        "text",
        escape(content),
        x=x,
        y=y,
        class_=cls or None,
        text_anchor=anchor,
        dominant_baseline="central",
        font_size=FONT if size is None else size,
        **kwargs,
    )


def text_width(words: Any, size: float = FONT, latin: float = 0.6) -> float:
    """The estimated width of ``words`` written at font ``size``, in viewBox units.

    A wide character (Chinese, and full-width punctuation such as "：") takes a
    whole ``size``; any other takes ``latin`` times ``size``. Layouts use it to
    leave room for a label in either language.

    Args:
        words: The text (anything `str` accepts).
        size: Font size in viewBox units; default `FONT`.
        latin: Width of one narrow character, as a fraction of ``size``.

    Returns:
        The width, in viewBox units.

    Examples:
        >>> round(text_width("pad"), 1), text_width("填充"), text_width("填充", 10)
        (21.6, 24.0, 20.0)
    """
    text = str(words)
    wide = sum(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)
    return (wide + (len(text) - wide) * latin) * size


def hatch(x: float, y: float, width: float, height: float, step: float = 5.5) -> str:
    """Diagonal hatching inside a rectangle, as one ``<path>`` (class ``cm-hatch``).

    The lines run from bottom-left to top-right and are clipped to the
    rectangle by computation (no ``<pattern>``, so no element ids that could
    clash when several figures share a page).

    Args:
        x: Left edge.
        y: Top edge.
        width: Width.
        height: Height.
        step: Distance between lines along the x axis.

    Returns:
        A ``<path>`` element.

    Examples:
        >>> hatch(0, 0, 10, 10, step=5)
        '<path d="M0 5L5 0M0 10L10 0M5 10L10 5" class="cm-hatch"/>'
    """
    segments = []
    c = step
    while c < width + height - 1e-9:
        # the line x + (y' ) = c in local coordinates, where y' = height - local y
        x_start, y_start = max(0.0, c - height), min(height, c)
        x_end, y_end = min(width, c), max(0.0, c - width)
        segments.append(
            f"M{num(float(x + x_start))} {num(float(y + y_start))}"
            f"L{num(float(x + x_end))} {num(float(y + y_end))}"
        )
        c += step
    return element("path", d="".join(segments), class_="cm-hatch")


def outline(
    x: float, y: float, width: float, height: float, cls: str = "cm-outline", **kwargs: Any
) -> str:
    """The thick border of a kernel window (no fill), drawn on top of cells.

    Args:
        x: Left edge.
        y: Top edge.
        width: Width.
        height: Height.
        cls: CSS class(es); add a colour class such as ``cm-c1`` to pick a
            palette colour.
        **kwargs: More attributes (data attributes, ...).

    Returns:
        A ``<rect>`` element with rounded corners.

    Examples:
        >>> outline(0, 0, 88, 22)
        '<rect x="0" y="0" width="88" height="22" class="cm-outline" rx="3"/>'
    """
    return rect(x, y, width, height, cls, rx=3, **kwargs)


def cell(
    x: float,
    y: float,
    *,
    grid: str,
    row: int,
    col: int,
    size: float = CELL,
    pad: bool = False,
    role: str | None = None,
    label: Any = None,
    classes: Iterable[str] = (),
    **data: Any,
) -> str:
    """One grid square, marked with the site's stable data attributes.

    The ``<g>`` carries ``data-grid``, ``data-row``, ``data-col``, and
    ``data-pad="true"`` for a padded input cell and ``data-role`` for its part
    in the figure (e.g. ``"window"``, ``"seen"``, ``"neuron"``). It holds a
    ``<rect>``, hatching when padded, and an optional centred label.

    Args:
        x: Left edge.
        y: Top edge.
        grid: ``"input"`` or ``"output"`` (or another grid name).
        row: Row index (0-based; padded rows are out of ``0..H-1``).
        col: Column index.
        size: Side of the square.
        pad: Whether the cell is padding (hatched, ``data-pad="true"``).
        role: Optional ``data-role`` value; it is also added as a class
            ``cm-<role>`` for styling.
        label: Optional text in the cell.
        classes: Extra CSS classes for the ``<g>``.
        **data: More attributes, e.g. ``data_count=4``.

    Returns:
        A ``<g>`` element.

    Examples:
        >>> print(cell(0, 0, grid="input", row=0, col=-1, pad=True, size=10))  # doctest: +ELLIPSIS
        <g class="cm-cell cm-pad" data-grid="input" data-row="0" data-col="-1" data-pad="true"><rect .../><path .../></g>
    """  # noqa: E501
    cls = ["cm-cell"]
    if pad:
        cls.append("cm-pad")
    if role:
        cls.append(f"cm-{role}")
    cls.extend(classes)
    inner = rect(x, y, size, size, "cm-box")
    if pad:
        inner += hatch(x, y, size, size, step=size / 4)
    if label is not None:
        inner += text(x + size / 2, y + size / 2, label, "cm-text cm-in-cell", size=FONT * 0.9)
    return element(
        "g",
        inner,
        class_=" ".join(cls),
        data_grid=grid,
        data_row=int(row),
        data_col=int(col),
        data_pad=bool(pad),
        data_role=role,
        **data,
    )


def legend(x: float, y: float, items: Sequence[tuple[str, str]], width: float) -> tuple[str, float]:
    """A legend of small swatches with words, wrapped to ``width``.

    Args:
        x: Left edge.
        y: Top edge.
        items: ``(kind, words)`` pairs. ``kind`` is ``"pad"`` (a hatched
            swatch), ``"outline:<classes>"`` (a window outline),
            ``"unseen"`` (a dashed box) or any cell role such as ``"window"``
            (a filled swatch styled like ``cm-cell cm-<role>``).
        width: Available width; items wrap onto new lines.

    Returns:
        ``(markup, height)``.

    Examples:
        >>> markup, height = legend(0, 0, [("pad", "padding (zero)")], 300)
        >>> height, 'data-pad' in markup, 'padding (zero)' in markup
        (22, False, True)
    """
    s = CELL * 0.7
    cx, cy = x, y
    parts = []
    for kind, words in items:
        w = s + 6 + text_width(words, FONT, 0.55) + 14
        if cx > x and cx + w > x + width:
            cx, cy = x, cy + CELL
        top = cy + (CELL - s) / 2
        if kind == "pad":
            swatch = element(
                "g", rect(cx, top, s, s, "cm-box") + hatch(cx, top, s, s, s / 3), class_="cm-swatch"
            )
        elif kind.startswith("outline:"):
            swatch = outline(cx, top, s, s, "cm-outline " + kind.split(":", 1)[1])
        elif kind == "unseen":
            swatch = element("g", rect(cx, top, s, s, "cm-box"), class_="cm-swatch cm-unseen")
        else:
            swatch = element("g", rect(cx, top, s, s, "cm-box"), class_=f"cm-swatch cm-{kind}")
        parts.append(swatch + text(cx + s + 6, cy + CELL / 2, words, anchor="start"))
        cx += w
    return element("g", "".join(parts), class_="cm-legend"), cy + CELL - y


def _ident(title: str, body: str) -> str:
    return "cm-" + hashlib.sha1((title + body).encode()).hexdigest()[:10]


def document(
    body: str,
    *,
    width: float,
    height: float,
    title: str,
    desc: str,
    ident: str | None = None,
    cls: str = "",
    scale: float = 1.35,
    **kwargs: Any,
) -> str:
    """Wrap a body in a self-describing, scalable ``<svg>``.

    The root has ``viewBox="0 0 width height"`` (no fixed size: it scales to
    the column width, and an inline ``max-width`` caps it at ``scale`` times
    its natural width, so text stays near the page's text size),
    ``role="img"``, and ``aria-labelledby`` pointing at its ``<title>`` and
    ``<desc>``. Their ids derive from ``ident``, by default a hash of the
    content, so two different figures on one page never share an id.

    Args:
        body: Inner markup.
        width: viewBox width.
        height: viewBox height.
        title: Short name of the figure (read first by screen readers).
        desc: The figure in words: what it shows and the key numbers.
        ident: Id prefix; default derived from title and body.
        cls: Extra CSS classes for the root (it always has ``cm-fig``).
        scale: Largest on-screen size, as a multiple of the viewBox size.
        **kwargs: More root attributes (e.g. ``data_convmap="explorer"``).

    Returns:
        The ``<svg>`` element.

    Examples:
        >>> svg = document("", width=100, height=50, title="Empty", desc="Nothing.", ident="x",
        ...                scale=1)
        >>> print(svg)  # doctest: +NORMALIZE_WHITESPACE
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" class="cm-fig"
        style="max-width: 100px" role="img" aria-labelledby="x-title x-desc"><title
        id="x-title">Empty</title><desc id="x-desc">Nothing.</desc></svg>
    """
    ident = ident or _ident(title, body)
    head = element("title", escape(title), id=f"{ident}-title") + element(
        "desc", escape(desc), id=f"{ident}-desc"
    )
    return element(
        "svg",
        head + body,
        xmlns=SVG_NS,
        viewBox=f"0 0 {num(width)} {num(height)}",
        class_=("cm-fig " + cls).strip(),
        style=f"max-width: {num(width * scale)}px",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        **kwargs,
    )


def figure(svg: str, caption: str) -> str:
    """An HTML ``<figure>`` holding an SVG and a caption (plain text, escaped).

    Args:
        svg: The ``<svg>`` markup.
        caption: Caption in words.

    Returns:
        ``<figure class="cm-figure">...<figcaption>...</figcaption></figure>``.

    Examples:
        >>> figure("<svg/>", "Pixels 1 & 2")
        '<figure class="cm-figure"><svg/><figcaption>Pixels 1 &amp; 2</figcaption></figure>'
    """
    return f'<figure class="cm-figure">{svg}<figcaption>{escape(caption)}</figcaption></figure>'
