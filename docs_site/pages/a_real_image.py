"""Facts and pictures of "A real image": a photograph through a hand-made W1, ReLU and pooling.

The pictures are SVG written here at build time. Each 64 x 64 map is an embedded PNG
(written with zlib, no imaging library) inside an ``<svg>`` with a title and a description;
the pooled 8 x 8 maps are SVG rectangles.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import json
import runpy
import struct
import zlib

from convmap import svg
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import shape

NAMES = [
    "vertical edges (brighter right)",
    "horizontal edges (brighter below)",
    "diagonal edges",
    "red against green",
    "blue against yellow",
    "blur (mean brightness)",
    "spots (bright centre)",
    "vertical edges (brighter left)",
]
NAMES_ZH = [
    "竖直边缘（右边更亮）",
    "水平边缘（下边更亮）",
    "斜向边缘",
    "红对绿",
    "蓝对黄",
    "模糊（平均亮度）",
    "斑点（中心亮）",
    "竖直边缘（左边更亮）",
]
# The figures' words per language; numbers are filled in where the figures are drawn.
WORDS = {
    "en": {
        "names": NAMES,
        "filter": "filter {k}",
        "input_title": "The input X: a {n} x {n} x {c} photograph",
        "input_desc": "A cat's face, {n} by {n} pixels in colour: two green-yellow eyes in the "
        "upper half and a pink nose near the bottom, on striped brown fur.",
        "input_caption": "X, {n} x {n} pixels x {c} colour channels: Chelsea the cat "
        "(scikit-image, CC0), cropped and averaged down to the Q&A's input size.",
        "legend": "Orange: positive, blue: negative, white: zero. Each filter has its own "
        "scale: full colour at the {pct}th percentile of that filter's |Z1|, the same "
        "scale in Z1, A1 and P1.",
        "z1_desc": "Eight {n} by {n} maps, one per filter. ",
        "z1_strongest": "Filter {k} ({name}): strongest at row {row}, column {col}.",
        "z1_title": "Z1: {filters} feature maps of {n} x {n}",
        "z1_caption": "Z1 = conv2d(X, W1, b1, SAME): one {n} x {n} map per filter, numbered "
        "from 1. ",
        "a1_desc": "The same eight maps after ReLU: ",
        "a1_keeps": "filter {k} keeps {share}% of its outputs.",
        "a1_title": "A1 = ReLU(Z1): {filters} maps of {n} x {n}",
        "a1_caption": "A1: every negative (blue) value of Z1 becomes {zero} (white). ",
        "p1_desc": "Eight {pooled} by {pooled} grids, one per filter: each cell is the largest "
        "value of an {pool} by {pool} block of A1.",
        "p1_title": "P1: {filters} maps of {pooled} x {pooled} after max-pooling",
        "p1_caption": "P1 = max_pool(A1, {pool} x {pool}, stride {pool}, SAME): each cell keeps "
        "the strongest response of one {pool} x {pool} block. ",
        "join": " ",
    },
    "zh": {
        "names": NAMES_ZH,
        "filter": "卷积核 {k}",
        "input_title": "输入 X：一张 {n} x {n} x {c} 的照片",
        "input_desc": "一张猫脸，{n} x {n} 个彩色像素：上半部分有两只黄绿色的眼睛，靠近底部有"
        "粉色的鼻子，背景是带条纹的棕色毛。",
        "input_caption": "X，{n} x {n} 个像素 x {c} 个颜色通道：猫 Chelsea（scikit-image，CC0），"
        "裁剪并平均缩小到原问答的输入大小。",
        "legend": "橙色：正，蓝色：负，白色：零。每个卷积核有自己的色阶：该卷积核 |Z1| 的"
        "第 {pct} 百分位数处为最深的颜色，Z1、A1 和 P1 用同一个色阶。",
        "z1_desc": "八个 {n} x {n} 的特征映射，每个卷积核一个。",
        "z1_strongest": "卷积核 {k}（{name}）：最强处在第 {row} 行、第 {col} 列。",
        "z1_title": "Z1：{filters} 个 {n} x {n} 的特征映射",
        "z1_caption": "Z1 = conv2d(X, W1, b1, SAME)：每个卷积核一个 {n} x {n} 的特征映射，"
        "从 1 开始编号。",
        "a1_desc": "同样的八个特征映射经过 ReLU 之后：",
        "a1_keeps": "卷积核 {k} 保留 {share}% 的输出。",
        "a1_title": "A1 = ReLU(Z1)：{filters} 个 {n} x {n} 的特征映射",
        "a1_caption": "A1：Z1 的每个负值（蓝色）都变成 {zero}（白色）。",
        "p1_desc": "八个 {pooled} x {pooled} 的网格，每个卷积核一个：每个格子是 A1 中一个 "
        "{pool} x {pool} 块的最大值。",
        "p1_title": "P1：最大池化后的 {filters} 个 {pooled} x {pooled} 特征映射",
        "p1_caption": "P1 = max_pool(A1, {pool} x {pool}, stride {pool}, SAME)：每个格子保留一个 "
        "{pool} x {pool} 块中最强的反应。",
        "join": "",
    },
}
# Entries filled per filter or per position where the figures are drawn; every other
# string entry is filled once from `figure_numbers`.
PER_ITEM = {"filter", "z1_strongest", "a1_keeps"}
PERCENTILE = 99  # each filter's colour scale: full colour at this percentile of |Z1|
# Okabe-Ito: blue for negative, orange for positive, white for zero
NEG, POS = (0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00)


def png(rgb) -> str:
    """A data URI of an RGB uint8 array (H, W, 3) as PNG, written with zlib."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def colour(values, scale: float):
    """Signed values -> RGB: blue below 0, white at 0, orange above; |v| = scale is full colour."""
    import numpy as np

    t = np.clip(values / scale, -1.0, 1.0)[..., None]
    white = np.array([255.0, 255.0, 255.0])
    rgb = np.where(t >= 0, white + t * (np.array(POS) - white), white - t * (np.array(NEG) - white))
    return np.rint(rgb).astype(np.uint8)


def image_svg(rgb, title: str, desc: str, size: int = 192) -> str:
    """An SVG showing one RGB image (embedded PNG) with a title and description."""
    body = (
        f'<image href="{png(rgb)}" x="0" y="0" width="{size}" height="{size}" '
        'preserveAspectRatio="none" style="image-rendering: pixelated"/>'
    )
    return svg.document(
        body, width=size, height=size, title=title, desc=desc, scale=1.5, data_numbering="1-based"
    )


def maps_svg(maps, title: str, desc: str, scales, pooled: bool = False, lang: str = "en") -> str:
    """Eight panels, 4 per row: a 64 x 64 PNG each, or an 8 x 8 grid of rectangles."""
    table = WORDS[lang]
    panel, gap, head = 128, 14, 36
    parts = []
    for f in range(maps.shape[-1]):
        x, y = (f % 4) * (panel + gap), (f // 4) * (panel + head + gap)
        parts.append(
            svg.text(
                x, y + 12, table["filter"].format(k=f + 1), anchor="start", cls="cm-text cm-heading"
            )
        )
        name = table["names"][f].split(" (")[0].split("（")[0]
        parts.append(svg.text(x, y + 25, name, anchor="start"))
        rgb = colour(maps[..., f], scales[f])
        if pooled:
            n = maps.shape[0]
            cell = panel / n
            for r in range(n):
                for c in range(n):
                    fill = "#" + "".join(f"{int(v):02x}" for v in rgb[r, c])
                    parts.append(
                        f'<rect x="{x + c * cell:.1f}" y="{y + head + r * cell:.1f}" '
                        f'width="{cell:.1f}" height="{cell:.1f}" fill="{fill}"/>'
                    )
        else:
            parts.append(
                f'<image href="{png(rgb)}" x="{x}" y="{y + head}" width="{panel}" '
                f'height="{panel}" preserveAspectRatio="none" '
                'style="image-rendering: pixelated"/>'
            )
        parts.append(
            f'<rect x="{x}" y="{y + head}" width="{panel}" height="{panel}" '
            'class="cm-box" style="fill: none"/>'
        )
    width, height = 4 * panel + 3 * gap, 2 * (panel + head) + gap
    return svg.document(
        "".join(parts),
        width=width,
        height=height,
        title=title,
        desc=desc,
        scale=1.3,
        data_numbering="1-based",
    )


def run_example() -> dict:
    """Run the page's example and return its names (X, W1, Z1, A1, P1, ...)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(
            str(pieces.example_path("a-real-image/feature_maps.py")), run_name="__main__"
        )


def facts(g: dict) -> dict:
    """Compute the page's facts with convmap and assert them."""
    import numpy as np

    from convmap import conv2d_loops

    x, w1, z1, a1, p1 = g["X"], g["W1"], g["Z1"], g["A1"], g["P1"]
    assert x.shape == (1, 64, 64, 3) and w1.shape == (4, 4, 3, 8)
    assert z1.shape == a1.shape == (1, 64, 64, 8) and p1.shape == (1, 8, 8, 8)
    # the fast convolution equals the Q&A's loops on the photograph
    assert np.allclose(z1, conv2d_loops(x, w1, g["b1"], padding="same"))
    assert np.array_equal(a1, np.maximum(z1, 0))
    # max-pooling 8/8 SAME on 64 tiles exactly: each P1 cell is the max of one 8 x 8 block
    assert np.array_equal(p1[0], a1[0].reshape(8, 8, 8, 8, 8).max(axis=(1, 3)))
    assert np.allclose(z1[..., 7], -z1[..., 0])  # filter 8 is filter 1 turned round
    zeroed = (z1[0] <= 0).mean(axis=(0, 1))
    assert zeroed[5] == 0  # the blur of a photograph (values >= 0) is never negative
    z = z1[0]
    nose = np.unravel_index(np.argmax(z[..., 3]), z.shape[:2])
    eye = np.unravel_index(np.argmax(z[..., 4]), z.shape[:2])
    # boxes located by hand on the 64 x 64 crop (0-based): the nose and the left eye
    assert 48 <= nose[0] <= 60 and 28 <= nose[1] <= 44, nose
    assert 10 <= eye[0] <= 30 and 2 <= eye[1] <= 25, eye
    # the most negative horizontal-edge response is on the last row: the padded zeros below
    border = np.unravel_index(np.argmin(z[..., 1]), z.shape[:2])
    assert border[0] == 63, border
    meta = pieces.load_data("qa_image")
    assert meta["shape"] == [64, 64, 3] and "CC0" in meta["licence"]
    return {
        "n": 64,
        "c": 3,
        "k": 4,
        "filters": 8,
        "pool": 8,
        "pooled": p1.shape[1],
        "maps": f"{64 * 64:,}",
        "neurons": f"{z1[0].size:,}",
        "p1_values": f"{p1[0].size:,}",
        "zeroed": {i + 1: f"{round(100 * v)}%" for i, v in enumerate(zeroed)},
        "nose": (int(nose[0]) + 1, int(nose[1]) + 1),
        "eye": (int(eye[0]) + 1, int(eye[1]) + 1),
        "border_row": int(border[0]) + 1,
        "hedge": 2,
        "blue": 5,
        "blur": 6,
        "edge": 1,
        "edge_back": 8,
        "red": 4,
        "source": meta["source"],
        "licence": meta["licence"],
        "crop": meta["crop"],
        "tool": meta["made_by"],
        "version": meta["scikit_image_version"],
    }


def filter_table(g: dict) -> str:
    """Markdown table: what each hand-made filter responds to, and its bias."""
    b1 = g["b1"]
    lines = ["| filter | responds to | bias |", "|---:|---|---:|"]
    for f in range(8):
        lines.append(f"| {f + 1} | {NAMES[f]} | {b1[f]:+.2f} |")
    return "\n".join(lines)


def figure_numbers(g: dict) -> dict[str, int]:
    """The numbers the figures' words state, read from the example's arrays (checked)."""
    x, w1, a1, p1 = g["X"], g["W1"], g["A1"], g["P1"]
    n, c, filters, pooled = x.shape[1], x.shape[3], w1.shape[3], p1.shape[1]
    pool = n // pooled
    assert pooled * pool == n and p1.shape[2] == pooled  # P1 tiles the map exactly
    assert filters == 8  # the words say "eight maps" (八个)
    assert a1.min() == 0  # ReLU's zero: what every negative value becomes
    return {"n": n, "c": c, "filters": filters, "pooled": pooled, "pool": pool,
            "pct": PERCENTILE, "zero": int(a1.min())}  # fmt: skip


def words(lang: str, numbers: dict[str, int]) -> dict:
    """The figures' words in ``lang``, every entry but `PER_ITEM` filled from ``numbers``."""
    return {key: value.format(**numbers) if isinstance(value, str) and key not in PER_ITEM
            else value for key, value in WORDS[lang].items()}  # fmt: skip


@functools.cache
def computed() -> tuple[dict, dict]:
    """The example's arrays and the checked facts, computed once per build process.

    Both language editions and every `mkdocs serve` rebuild reuse them (the photograph and
    the filters are files that do not change while the site builds).
    """
    g = run_example()
    return g, facts(g)


def real_checks(g: dict) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with answers computed from the example's arrays."""
    import numpy as np

    x, w1, z1, a1, p1 = g["X"], g["W1"], g["Z1"][0], g["A1"][0], g["P1"][0]
    filters = w1.shape[-1]
    unchanged = [k + 1 for k in range(filters) if not (z1[..., k] < 0).any()]
    assert unchanged == [6], unchanged
    # the photograph's 8-bit pixels, divided by their largest possible value: 0 to 1
    depth = np.iinfo(np.uint8)
    low, high = depth.min / depth.max, depth.max / depth.max
    assert (low, high) == (0, 1) and low <= x.min() and x.max() <= high
    per_neuron = w1[..., 0].size  # one filter: the numbers each neuron multiplies by
    assert (per_neuron, w1.size, z1.size) == (48, 384, 32_768)
    pooled_max = float(p1[..., 0].max())
    assert np.isclose(pooled_max, a1[..., 0].max())
    return [
        (
            f"Which of the {filters} maps does ReLU leave exactly as it was, and why?",
            f"Filter {unchanged[0]}, the blur: its weights are all positive and the pixels are "
            f"{low:g} to {high:g}, so none of its outputs is negative.",
        ),
        (
            "How many numbers does W1 hold, and how many numbers does Z1 hold?",
            f"W1: {shape(*w1.shape)} = {w1.size}; Z1: "
            f"{shape(*z1.shape)} = {z1.size:,}. Every one of the Z1 neurons uses "
            f"{per_neuron} of the W1 numbers (one filter) and its own patch.",
        ),
        (
            "Is the largest number of P1's first map the same as the largest of A1's first map?",
            f"Yes ({pooled_max:.3f}): max-pooling keeps the largest value of each block, so the "
            "largest value of the whole map survives.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    import numpy as np

    g, f = computed()
    env.variables["real"] = f
    nums = figure_numbers(g)
    z1, a1, p1 = g["Z1"][0], g["A1"][0], g["P1"][0]
    scales = [float(np.percentile(np.abs(z1[..., k]), PERCENTILE)) for k in range(8)]

    @env.macro
    def real_input_figure() -> str:
        w = words(page_lang(env), nums)
        rgb = np.rint(g["X"][0] * 255).astype(np.uint8)
        return svg.figure(image_svg(rgb, w["input_title"], w["input_desc"]), w["input_caption"])

    @env.macro
    def real_z1_figure() -> str:
        lang = page_lang(env)
        w = words(lang, nums)
        strongest = [np.unravel_index(np.argmax(z1[..., k]), z1.shape[:2]) for k in range(8)]
        desc = w["z1_desc"] + w["join"].join(
            w["z1_strongest"].format(k=k + 1, name=w["names"][k], row=r + 1, col=c + 1)
            for k, (r, c) in enumerate(strongest)
        )
        return svg.figure(
            maps_svg(z1, w["z1_title"], desc, scales, lang=lang), w["z1_caption"] + w["legend"]
        )

    @env.macro
    def real_a1_figure() -> str:
        lang = page_lang(env)
        w = words(lang, nums)
        desc = w["a1_desc"] + w["join"].join(
            w["a1_keeps"].format(k=k + 1, share=100 - round(100 * float((z1[..., k] <= 0).mean())))
            for k in range(8)
        )
        return svg.figure(
            maps_svg(a1, w["a1_title"], desc, scales, lang=lang), w["a1_caption"] + w["legend"]
        )

    @env.macro
    def real_p1_figure() -> str:
        lang = page_lang(env)
        w = words(lang, nums)
        return svg.figure(
            maps_svg(p1, w["p1_title"], w["p1_desc"], scales, pooled=True, lang=lang),
            w["p1_caption"] + w["legend"],
        )

    env.macro(lambda: filter_table(g), "real_filter_table")
    env.variables["real_checks"] = real_checks(g)
    env.macro(lambda: json.dumps(f["crop"]), "real_crop")
