r"""Chinese wording of the English phrases that page modules compute.

Page modules compute facts once and some of them return whole phrases (a table, a
figure caption, a "Check yourself" answer) in English. The Chinese pages show the same
computed text through ``{{ tr(...) }}`` and ``{{ tr_figure(...) }}``: each entry below is
a regular expression for one English phrase and its Chinese replacement. Numbers are
captured groups (``\g<n>``), never typed, so both editions show the same numbers.

Entries are applied in order, longest phrases first. An English phrase with no entry
stays English; ``tests/test_site_i18n.py`` flags a Chinese page whose prose is mostly
Latin letters, so a new English phrase shows up there.
"""

from __future__ import annotations

import re

N = r"(\d[\d,.]*%?)"  # a computed number as the modules print it (32,768 / 0.39%)
SHAPE = r"(\d+(?: x \d+)+)"  # "64 x 64 x 8"


def _rules(pairs: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p.replace("{N}", N).replace("{SHAPE}", SHAPE)), r) for p, r in pairs]


def _pixel_list(match: re.Match[str]) -> str:
    """A window in the Q&A's words, "zero, 1, 2, 3" -> "补零、1、2、3"."""
    return "、".join("补零" if w == "zero" else w for w in match[0].split(", "))


# The Q&A's pixel words ("zero, 1, 2, 3", as `pieces.pixel_words` writes them in English)
PIXEL_LIST = (re.compile(r"\b(?:zero|\d+)(?:, (?:zero|\d+))*, (?:zero|\d+)\b"), _pixel_list)


ZH = _rules(
    [
        # --- Home -----------------------------------------------------------------
        (r"The first and last SAME windows on the {N}-pixel axis",
         r"\g<1> 像素轴上第一个和最后一个 SAME 窗口"),
        (r"One axis of the {N} x {N} image; pixel and neuron numbers are 1-based, as in "
         r"the Q&A\. Hatched cells are padded zeros\. Neuron {N} reads ([^;]+); neuron {N} "
         r"reads ([^.]+)\.",
         r"\g<1> x \g<2> 图像的一条轴；像素和神经元的编号与原问答一样从 1 开始。"
         r"带斜线的格子是填充的零。神经元 \g<3> 读取 \g<4>；神经元 \g<5> 读取 \g<6>。"),
        # --- Neurons --------------------------------------------------------------
        (r"A fully connected neuron reads the whole image; a conv neuron one window",
         r"全连接神经元读取整幅图像；卷积神经元只读取一个窗口"),
        (r"Top: a fully connected neuron is joined to all {N} input values\. Bottom: the "
         r"conv neuron in (.+?) reads input (.+?), all {N} channels: {N} values\. "
         r"Hatched cells are SAME's padded zeros\.",
         r"上：全连接神经元与全部 \g<1> 个输入值相连。下：位于\g<2>的卷积神经元读取输入的"
         r"\g<3>，包括全部 \g<4> 个通道：共 \g<5> 个值。带斜线的格子是 SAME 填充的零。"),
        (r"Depth column: {N} neurons, one window", r"深度列：\g<1> 个神经元，同一个窗口"),
        (r"The {N} neurons in (.+?), one per filter, all read the same {SHAPE} window: "
         r"(.+?)\.$",
         r"位于\g<2>的 \g<1> 个神经元，每个卷积核一个，读取同一个 \g<3> 窗口：\g<4>。"),
        (r"\| setting changed \| Z1 shape \| neurons \|", r"| 改变的设置 | Z1 的形状 | 神经元数 |"),
        (r"\| the Q&A's layer \|", r"| 原问答的层 |"),
        (r"\| padding VALID \|", r"| VALID 填充 |"),
        (r"\| padding {N} \(the Q&A's `conv_forward`\) \|",
         r"| 填充 \g<1>（原问答的 `conv_forward`） |"),
        (r"\| input {SHAPE} \|", r"| 输入 \g<1> |"),
        (r"\| kernel {SHAPE}, (SAME|VALID) \|", r"| 卷积核 \g<1>，\g<2> |"),
        (r"\| stride {N} \|", r"| 步幅 \g<1> |"),
        (r"\| dilation {N}, (SAME|VALID) \|", r"| 膨胀 \g<1>，\g<2> |"),
        (r"\| {N} filters \|", r"| \g<1> 个卷积核 |"),
        (r'\| view \| a "neuron" is \| neurons in Z1 \(SAME\) \| outputs per neuron \|',
         r"| 观点 | 一个“神经元”是 | Z1 的神经元数（SAME） | 每个神经元的输出数 |"),
        (r"\| the Q&A's answer \| one position \(row, column\), using all {N} filters \|",
         r"| 原问答的回答 | 一个位置（行，列），使用全部 \g<1> 个卷积核 |"),
        (r"\| usual \(CS231n\) \| one output number: one position \*\*and\*\* one filter \|",
         r"| 通常的观点（CS231n） | 一个输出数：一个位置**加**一个卷积核 |"),
        (r"ceil\({N} / {N}\) = {N} positions per axis, so {SHAPE} = {N} neurons\.",
         r"每条轴 ceil(\g<1> / \g<2>) = \g<3> 个位置，所以共 \g<4> = \g<5> 个神经元。"),
        (r"{SHAPE} = {N} values; the {N} are the colour channels, not neurons\.",
         r"\g<1> = \g<2> 个值；那 \g<3> 个是颜色通道，不是神经元。"),
        (r"Rows ([\d, ]+) and the same columns, times {N} filters: {SHAPE} = {N} neurons\. "
         r"A pixel away from the edges is seen by {SHAPE} = {N}\.",
         r"第 \g<1> 行及同样的列，乘以 \g<2> 个卷积核：\g<3> = \g<4> 个神经元。"
         r"远离边缘的像素被 \g<5> = \g<6> 个神经元看到。"),
    ]
)  # fmt: skip

# Short phrases that also occur inside the long ones above: applied after them.
ZH_FRAGMENTS = _rules(
    [
        (r"row {N}, column {N} \(1-based\)", r"第 \g<1> 行、第 \g<2> 列（编号从 1 开始）"),
        (r"rows {N} to {N} and columns {N} to {N}",
         r"第 \g<1> 至 \g<2> 行、第 \g<3> 至 \g<4> 列"),
        (r"^{N} to {N}$", r"\g<1> 至 \g<2>"),
    ]
)  # fmt: skip

PHRASES = {"zh": [*ZH, *ZH_FRAGMENTS, PIXEL_LIST]}
