r"""Chinese wording of the English phrases that page modules compute.

Page modules compute facts once and some of them return whole phrases (a table, a
"Check yourself" answer) in English. The Chinese pages show the same computed text
through ``{{ tr(...) }}``: each entry below is a regular expression for one English phrase and its Chinese replacement. Numbers are
captured groups (``\g<n>``), never typed, so both editions show the same numbers.

Entries are applied in order, longest phrases first. An English phrase with no entry
stays English; ``tests/test_site_i18n.py`` flags a Chinese page whose prose is mostly
Latin letters, so a new English phrase shows up there.
"""

# ruff: noqa: E501  (Chinese replacement strings are kept whole for reading)
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
PIXEL_LIST = (re.compile(r"(?<!\()\b(?:zero|\d+)(?:, (?:zero|\d+))*, (?:zero|\d+)\b"), _pixel_list)


ZH = _rules(
    [
        # --- Neurons --------------------------------------------------------------
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
        # --- Kernels and filters ---------------------------------------------------
        (r"^{N} rows up and {N} columns left$", r"向上移 \g<1> 行、向左移 \g<2> 列"),
        (r"^{N} rows down and {N} columns right$", r"向下移 \g<1> 行、向右移 \g<2> 列"),
        (r"the neuron in row {N}, column {N} computes on the shifted image exactly what the "
         r"neuron in row {N}, column {N} computed on the original",
         r"移动后图像上第 \g<1> 行、第 \g<2> 列的神经元，算出的恰好是原图像上第 \g<3> 行、"
         r"第 \g<4> 列的神经元算出的值"),
        (r"\| layer \| formula \| parameters \|", r"| 层 | 算式 | 参数数 |"),
        (r"\| conv layer, no bias \|", r"| 卷积层，无偏置 |"),
        (r"\| conv layer with bias \(Keras `use_bias=True`\) \|",
         r"| 卷积层，有偏置（Keras `use_bias=True`） |"),
        (r"\| fully connected, {N} inputs to {N} outputs, no bias \|",
         r"| 全连接，\g<1> 个输入到 \g<2> 个输出，无偏置 |"),
        (r"\| fully connected with bias \|", r"| 全连接，有偏置 |"),
        (r"\| no sharing \(locally connected\): own filters at each position, no bias \|",
         r"| 不共享（局部连接）：每个位置有自己的卷积核，无偏置 |"),
        (r"Each filter spans all {N} channels of P1: (.+?) = {N}\.",
         r"每个卷积核横跨 P1 的全部 \g<1> 个通道：\g<2> = \g<3>。"),
        (r"Still {N}: the filters do not depend on the image size\. Only the number of "
         r"neurons grows, to {N}\.",
         r"仍然是 \g<1>：卷积核与图像大小无关。只有神经元的数量增加了，增加到 \g<2> 个。"),
        (r"{N} = {SHAPE}: it reads all {N} input channels and writes one feature map\.",
         r"\g<1> = \g<2>：它读取全部 \g<3> 个输入通道，写出一个特征映射。"),
        # --- From fully connected to convolution --------------------------------------
        (r"\| layer \| a neuron reads \| weights shared \| parameters \| count \|",
         r"| 层 | 一个神经元读取 | 共享权重 | 参数 | 数量 |"),
        (r"\| fully connected \| all values \| no \| \({N} \+ {N}\) x {N} \|",
         r"| 全连接 | 全部值 | 否 | (\g<1> + \g<2>) x \g<3> |"),
        (r"\| locally connected \| one patch \| no \| {N} positions x \({N} \+ {N}\) x {N} \|",
         r"| 局部连接 | 一块像素 | 否 | \g<1> 个位置 x (\g<2> + \g<3>) x \g<4> |"),
        (r"\| convolution \| one patch \| yes \|", r"| 卷积 | 一块像素 | 是 |"),
        (r"{N} weights, one per value of the {SHAPE} image, plus one bias: {N}\.",
         r"\g<1> 个权重（\g<2> 图像的每个值一个），再加一个偏置：共 \g<3> 个。"),
        (r"VALID has {SHAPE} = {N} positions, each with its own {N} filters and biases: "
         r"(.+?) = {N}\. The conv layer still has {N}\.",
         r"VALID 有 \g<1> = \g<2> 个位置，每个位置有自己的 \g<3> 个卷积核和偏置："
         r"\g<4> = \g<5>。卷积层仍然只有 \g<6> 个。"),
        (r"{N} of its {N} weights are zero; the {N} left are one {SHAPE} filter\.",
         r"它的 \g<2> 个权重中有 \g<1> 个是零；剩下的 \g<3> 个就是一个 \g<4> 的卷积核。"),
        # --- Padding ----------------------------------------------------------------
        (r"\| neuron \| VALID \| SAME \| pad={N} \(the Q&A's code\) \|",
         r"| 神经元 | VALID | SAME | pad=\g<1>（原问答的代码） |"),
        (r"no neuron {N}: only {N}", r"没有神经元 \g<1>：只有 \g<2> 个"),
        (r"\| padding \| output \| TensorFlow \| Keras \| PyTorch \| the Q&A's code \|",
         r"| 填充 | 输出 | TensorFlow | Keras | PyTorch | 原问答的代码 |"),
        (r"`{N}` \(the default\)", r"`\g<1>`（默认值）"),
        (r"`'same'` \(stride {N} only\)", r"`'same'`（仅限步幅 \g<1>）"),
        (r"\| impossible \|", r"| 无法表示 |"),
        (r"\| {N} zero each side \|", r"| 每边 \g<1> 个零 |"),
        (r"\| {N} before, {N} after \|", r"| 前 \g<1> 后 \g<2> |"),
        (r"^{N} pixels, kernel {N}$", r"\g<1> 个像素，卷积核 \g<2>"),
        (r"{N} before and {N} after: an odd kernel needs an even number of zeros \({N}\), so "
         r"SAME is symmetric, and the output stays {N} wide\.",
         r"前面 \g<1> 个，后面 \g<2> 个：奇数卷积核需要偶数个零（\g<3> 个），所以 SAME 是对称的，"
         r"输出仍然是 \g<4> 宽。"),
        (r"Neuron {N} sees (.+?): one real pixel and three zeros\. FULL keeps every window that "
         r"touches at least one pixel\.",
         r"神经元 \g<1> 看到 \g<2>：一个真实像素和三个零。FULL 保留每一个至少碰到一个像素的窗口。"),
        (r"Under VALID only neuron {N} sees it\. Under SAME, {N} neurons do: (.+?)\. Padding "
         r"lets the edge pixels be seen more often\.",
         r"VALID 下只有神经元 \g<1> 看到它。SAME 下有 \g<2> 个神经元看到它：\g<3>。"
         r"填充让边缘的像素被看到的次数更多。"),
        # --- Strides and dilation -------------------------------------------------------
        (r"^{N} to {N}, {N} to {N}, {N} to {N}$",
         r"\g<1> 至 \g<2>、\g<3> 至 \g<4>、\g<5> 至 \g<6>"),
        (r"^{N} and {N}$", r"\g<1> 和 \g<2>"),
        (r"{N} neurons, and neighbours share {N} pixels: stride = kernel means the windows tile "
         r"the axis exactly, like the Q&A's {SHAPE} max pooling\.",
         r"\g<1> 个神经元，相邻的神经元共用 \g<2> 个像素：步幅等于卷积核大小，窗口正好铺满整条轴，"
         r"就像原问答中 \g<3> 的最大池化。"),
        (r"{N} neurons read {N} pixels each, {N} in all, so \*\*{N}\*\* of the {N} pixels are "
         r"never seen: every third pixel, {N}, {N}, \.\.\., {N} \({N} pixels, one after each "
         r"window\), and pixel {N}, after the last window \({N} to {N}\)\.",
         r"\g<1> 个神经元各读 \g<2> 个像素，共 \g<3> 个，所以 \g<5> 个像素中有 **\g<4>** 个从未被"
         r"看到：每隔两个像素一个，\g<6>、\g<7>、……、\g<8>（\g<9> 个像素，每个窗口后面一个），"
         r"以及最后一个窗口（\g<11> 至 \g<12>）之后的像素 \g<10>。"),
        (r"It spans (.+?) = {N} pixels and reads {N} of them: for the first neuron, pixels (.+?)\.$",
         r"它跨越 \g<1> = \g<2> 个像素，读取其中 \g<3> 个：对第一个神经元来说，是像素 \g<4>。"),
        # --- Which pixels does a neuron see? --------------------------------------------
        (r"\| corner neuron \(1-based row, column\) \| real pixels \| zero cells \| zeros of "
         r"the {N} numbers \|",
         r"| 角上的神经元（行，列；从一编号） | 真实像素 | 零格子 | \g<1> 个数中的零 |"),
        (r"\| top-left \(", r"| 左上 ("),
        (r"\| top-right \(", r"| 右上 ("),
        (r"\| bottom-left \(", r"| 左下 ("),
        (r"\| bottom-right \(", r"| 右下 ("),
        (r"Of the {N} numbers the bottom-right neuron \({N}, {N}\) multiplies by weights, how "
         r"many are padded zeros\?",
         r"右下角的神经元 (\g<2>, \g<3>) 与权重相乘的 \g<1> 个数中，有多少个是填充的零？"),
        (r"\*\*{N}\*\*: its window has {SHAPE} = {N} real pixels and {N} zero cells, {N} "
         r"channels each\. SAME puts {N} zeros after the image, so this corner has more zeros "
         r"than the top-left one \({N}\)\.",
         r"**\g<1>**：它的窗口有 \g<2> = \g<3> 个真实像素和 \g<4> 个零格子，每个格子 \g<5> 个通道。"
         r"SAME 在图像后面补 \g<6> 个零，所以这个角的零比左上角（\g<7> 个）多。"),
        (r"Which pixel rows does neuron row {N} read \(1-based\)\?",
         r"第 \g<1> 行神经元读取哪几行像素（编号从一开始）？"),
        (r"Rows (.+?): neuron row R reads pixel rows R - {N} to R \+ {N}\.",
         r"第 \g<1> 行：第 R 行神经元读取第 R - \g<2> 至 R + \g<3> 行像素。"),
        (r"Under VALID padding, which pixels does the last neuron of a row read\?",
         r"VALID 填充下，一行中最后一个神经元读取哪些像素？"),
        (r"Pixels (.+?): no zeros, because VALID adds none \(and there are only {N} neurons "
         r"per row\)\.",
         r"像素 \g<1>：没有零，因为 VALID 不补零（每行也只有 \g<2> 个神经元）。"),
        # --- Which neurons see a pixel? ------------------------------------------------
        (r"\| pixel \(1-based row, column\) \| neurons per filter \| in the whole layer \({N} "
         r"filters\) \|",
         r"| 像素（行，列；从一编号） | 每个卷积核的神经元数 | 整层（\g<1> 个卷积核） |"),
        (r"\| top-left corner \(", r"| 左上角 ("),
        (r"\| top edge \(", r"| 上边缘 ("),
        (r"\| middle \(", r"| 中间 ("),
        (r"\| bottom-right corner \(", r"| 右下角 ("),
        (r"Under VALID padding, how many neurons of one filter see the top-left pixel\?",
         r"VALID 填充下，一个卷积核有多少个神经元看到左上角的像素？"),
        (r"{N}: only neuron \({N}, {N}\)\. Without padding no other window reaches the corner\. "
         r"Under SAME it is {N}\.",
         r"\g<1> 个：只有神经元 (\g<2>, \g<3>)。不填充时，没有别的窗口能够到角上。SAME 下是 \g<4> 个。"),
        (r"Which neuron rows \(1-based\) read pixel row {N}\?",
         r"哪几行神经元（编号从一开始）读取第 \g<1> 行像素？"),
        (r"Rows (.+?): {N} rows, because a window is {N} rows tall\.",
         r"第 \g<1> 行：共 \g<2> 行，因为一个窗口有 \g<3> 行高。"),
        (r"How many neurons of the whole layer see a pixel in the middle of the top edge\?",
         r"整层有多少个神经元看到上边缘正中的一个像素？"),
        (r"{N}: {N} neuron rows x {N} neuron columns = {N} per filter, times {N} filters\.",
         r"\g<1> 个：\g<2> 行神经元 x \g<3> 列神经元 = 每个卷积核 \g<4> 个，再乘以 \g<5> 个卷积核。"),
        # --- A worked neuron -------------------------------------------------------------
        (r"{N} \({SHAPE}\), one per value of the patch\. The layer has {N} neurons, so (.+?) = "
         r"{N} multiplications, many of them by padded zeros at the edges\.",
         r"\g<1> 次（\g<2>），像素块的每个值一次。这一层有 \g<3> 个神经元，所以共 \g<4> = \g<5> "
         r"次乘法，其中边缘处有许多是乘以填充的零。"),
        (r"The padded top row has {N} positions and the padded left column {N}; they share the "
         r"corner, so {N} positions of the {SHAPE} patch are padding, in each of the {N} "
         r"channels: {SHAPE} = {N}\.",
         r"填充的顶行有 \g<1> 个位置，填充的左列有 \g<2> 个；两者共用一个角，所以 \g<4> 像素块中有 "
         r"\g<3> 个位置是填充，\g<5> 个通道各有这么多：\g<6> = \g<7>。"),
        (r"The same {N} values \(the depth column shares its patch\), but filter {N}'s weights, "
         r"`(.+?)` in 0-based code, and its own bias: a different number\.",
         r"读取同样的 \g<1> 个值（深度列共用同一块像素），但用的是卷积核 \g<2> 的权重，"
         r"即代码中（从零开始的下标）的 `\g<3>`，还有它自己的偏置：结果是另一个数。"),
        # --- Inside the convolution -----------------------------------------------------
        (r"How many times does the innermost line of `conv_forward` run for Z1 under SAME\?",
         r"SAME 下计算 Z1 时，`conv_forward` 最内层的那一行运行多少次？"),
        (r"Once per output number: {SHAPE} = {N} times\.", r"每个输出数一次：\g<1> = \g<2> 次。"),
        (r"Which pixels \(1-based\) does the last neuron of a row read under SAME\?",
         r"SAME 下，一行中最后一个神经元读取哪些像素（编号从一开始）？"),
        (r"(.+?): SAME's two zeros after the image\.", r"\g<1>：SAME 在图像后面补的两个零。"),
        (r"With a {SHAPE} kernel, does the Q&A's `pad={N}` give SAME's output size\?",
         r"卷积核为 \g<1> 时，原问答的 `pad=\g<2>` 能得到 SAME 的输出大小吗？"),
        (r"Yes: (.+?) = {N}\. Symmetric padding matches SAME for odd kernels only\.",
         r"能：\g<1> = \g<2>。只有卷积核大小为奇数时，对称填充才与 SAME 一致。"),
        # --- The example network ----------------------------------------------------------
        (r"^{N} x {N}, {N} x {N}, {N} x {N} and {N} x {N}$",
         r"\g<1> x \g<2>、\g<3> x \g<4>、\g<5> x \g<6> 和 \g<7> x \g<8>"),
        (r"\| step \| layer \| output shape \| neurons \| parameters \(TF1\) \| parameters "
         r"\(Keras, bias\) \|",
         r"| 步骤 | 层 | 输出形状 | 神经元数 | 参数（TF1） | 参数（Keras，有偏置） |"),
        (r"\| total \|", r"| 合计 |"),
        (r"\| step \| padding top/bottom, left/right \| receptive field \(span\) \| jump \| "
         r"neuron \({N}, {N}\)'s span starts at \(0-based\) \|",
         r"| 步骤 | 填充 上/下，左/右 | 感受野（跨度） | 跳距 | 神经元 (\g<1>, \g<2>) 的跨度起点（从零开始） |"),
        (r" \(all\) \|", r"（全部） |"),
        (r"How many pixels \(per channel\) does neuron \({N}, {N}\) of P1 read, and how many "
         r"positions does its span cover\?",
         r"P1 的神经元 (\g<1>, \g<2>) 读取多少个像素（每个通道）？它的跨度覆盖多少个位置？"),
        (r"It reads {SHAPE} = {N} pixels; its span is {SHAPE} \(the {SHAPE} pool window widened "
         r"by the {N}-wide kernel: (.+?) = {N}\), one row and one column of it conv1's padded "
         r"zero\.",
         r"它读取 \g<1> = \g<2> 个像素；它的跨度是 \g<3>（\g<4> 的池化窗口被宽度为 \g<5> 的卷积核"
         r"加宽：\g<6> = \g<7>），其中一行一列是 conv1 填充的零。"),
        (r"Which P2 positions depend on pixel \({N}, {N}\) \(1-based\)\?",
         r"哪些 P2 位置依赖于像素 (\g<1>, \g<2>)（编号从一开始）？"),
        (r"(.+?): row {N} is read by both rows of positions, column {N} only by the first "
         r"column\.",
         r"\g<1>：第 \g<2> 行被两行位置读取，第 \g<3> 列只被第一列读取。"),
        (r"If conv1 used VALID padding, what shape would P2 have\?",
         r"如果 conv1 使用 VALID 填充，P2 的形状会是什么？"),
        (r"Still {SHAPE}: conv1 gives {SHAPE}, and P1 \(SAME\) still makes (.+?) = {N} windows "
         r"per axis\.",
         r"仍然是 \g<1>：conv1 给出 \g<2>，P1（SAME）仍然在每条轴上得到 \g<3> = \g<4> 个窗口。"),
        # --- Glossary -----------------------------------------------------------------
        (r"^{N} x {N}, {N} x {N}, {N} x {N} or {N} x {N}$",
         r"\g<1> x \g<2>、\g<3> x \g<4>、\g<5> x \g<6> 或 \g<7> x \g<8>"),
        # --- Related questions ----------------------------------------------------------
        (r"What does Conv1D\((.+?)\) give on \({N}, {N}\)\?",
         r"Conv1D(\g<1>) 作用在 (\g<2>, \g<3>) 上得到什么？"),
        (r"(floor\(.+?\) \+ {N}) = {N} positions: \({N}, {N}\), still {N} parameters \(the "
         r"stride changes positions, not weights\)\.",
         r"\g<1> = \g<3> 个位置：(\g<4>, \g<5>)，参数仍然是 \g<6> 个（步幅改变的是位置数，不是权重）。"),
        (r"How many parameters does Conv2D\((.+?)\) have\?", r"Conv2D(\g<1>) 有多少个参数？"),
        (r"{SHAPE} = {N}: the {N} biases are gone\.", r"\g<1> = \g<2>：那 \g<3> 个偏置没有了。"),
        (r"If the LeNet-like stack's first convolution used SAME padding, how many parameters "
         r"would its dense layer have\?",
         r"如果那个类似 LeNet 的层栈的第一个卷积使用 SAME 填充，它的全连接层会有多少个参数？"),
        (r"((?:\d+ -> )+\d+), so Flatten gives {SHAPE} = {N} values and the dense layer (.+?) = "
         r"{N} parameters\.",
         r"\g<1>，所以 Flatten 给出 \g<2> = \g<3> 个值，全连接层有 \g<4> = \g<5> 个参数。"),
        # --- A real image -----------------------------------------------------------------
        (r"\| filter \| responds to \| bias \|", r"| 卷积核 | 对什么有反应 | 偏置 |"),
        (r"\| vertical edges \(brighter right\) \|", r"| 竖直边缘（右边更亮） |"),
        (r"\| horizontal edges \(brighter below\) \|", r"| 水平边缘（下边更亮） |"),
        (r"\| diagonal edges \|", r"| 斜向边缘 |"),
        (r"\| red against green \|", r"| 红对绿 |"),
        (r"\| blue against yellow \|", r"| 蓝对黄 |"),
        (r"\| blur \(mean brightness\) \|", r"| 模糊（平均亮度） |"),
        (r"\| spots \(bright centre\) \|", r"| 斑点（中心亮） |"),
        (r"\| vertical edges \(brighter left\) \|", r"| 竖直边缘（左边更亮） |"),
        (r"CC0 \(public domain dedication\) by the photographer, (.+?), as stated in "
         r"scikit-image's data\.chelsea docstring: ('.+')$",
         r"CC0（公有领域贡献），由摄影者 \g<1> 授权，见 scikit-image 中 data.chelsea 的文档字符串："
         r"\g<2>。"),
        # --- The Q&A, checked -------------------------------------------------------------
        (r"\| the answer says \| verdict \| evidence \(computed\) \| explained in \|",
         r"| 回答说 | 判断 | 证据（计算所得） | 解释见 |"),
        (r"A conv neuron looks only at a kernel-sized part of the image",
         r"卷积神经元只看图像中卷积核大小的一部分"),
        (r"\*\*holds\*\*", r"**成立**"),
        (r"\*\*half-true\*\*", r"**一半对**"),
        (r"\*\*wrong\*\*", r"**错误**"),
        (r"one pixel moves {N} of {N} outputs", r"一个像素改变 \g<2> 个输出中的 \g<1> 个"),
        (r"Every neuron uses n \({N}\) filters", r"每个神经元使用 n（\g<1>）个卷积核"),
        (r"changing the {N}th filter \(index {N}\) changes only the {N}th feature map of Z1",
         r"改动第 \g<1> 个卷积核（下标 \g<2>）只改变 Z1 的第 \g<3> 个特征映射"),
        (r"The filters are shared by all neurons, so far fewer parameters",
         r"卷积核由所有神经元共享，所以参数少得多"),
        (r"\| {N} vs {N} \|", r"| \g<1> 对 \g<2> |"),
        (r"The number of neurons depends on input size, kernel size, padding and stride",
         r"神经元数量取决于输入大小、卷积核大小、填充和步幅"),
        (r"{N} filters: {N} = {N} x {N}", r"\g<1> 个卷积核：\g<2> = \g<3> x \g<4>"),
        (r"VALID: first neuron sees pixels {N}-{N}, next {N}-{N}, last {N}-{N}; {SHAPE}",
         r"VALID：第一个神经元看到像素 \g<1>-\g<2>，下一个 \g<3>-\g<4>，最后一个 \g<5>-\g<6>；\g<7>"),
        (r"neuron {N} sees ([^|]+?) \|", r"神经元 \g<1> 看到 \g<2> |"),
        (r"SAME: first neuron sees {N}, {N}, {N}, {N}; {SHAPE}",
         r"SAME：第一个神经元看到 \g<1>, \g<2>, \g<3>, \g<4>；\g<5>"),
        (r"SAME: the last neuron sees {N}, {N}, {N} and one zero",
         r"SAME：最后一个神经元看到 \g<1>, \g<2>, \g<3> 和一个零"),
        (r"`conv_forward`, called with pad={N}, shows how the layer \(SAME, {SHAPE}\) is computed",
         r"用 pad=\g<1> 调用的 `conv_forward` 展示了这一层（SAME，\g<2>）是怎样计算的"),
        (r"\| gives {SHAPE} \|", r"| 得到 \g<1> |"),
        (r"\[Neurons\]\(neurons\.md\)", r"[神经元](neurons.md)"),
        (r"\[Kernels and filters\]\(kernels-and-filters\.md\)", r"[卷积核](kernels-and-filters.md)"),
        (r"\[Padding\]\(padding\.md\)", r"[填充](padding.md)"),
        (r"\[Which pixels\]\(which-pixels\.md\)", r"[每个神经元看到哪些像素](which-pixels.md)"),
        (r"\[Inside the convolution\]\(inside-the-convolution\.md\)",
         r"[卷积的内部计算](inside-the-convolution.md)"),
        (r"What padding would make the answer's `conv_forward` reproduce SAME for this layer\?",
         r"什么样的填充能让回答的 `conv_forward` 在这一层上重现 SAME？"),
        (r"{N} zero before and {N} after on each axis: that gives {SHAPE}\. A single `pad` "
         r"number cannot say that\.",
         r"每条轴前面 \g<1> 个零、后面 \g<2> 个：这样得到 \g<3>。单独一个 `pad` 数表达不了这一点。"),
        (r"For which kernel sizes would claim {N} \(the last neuron reads one padded zero\) have "
         r"been right\?",
         r"卷积核大小为多少时，第 \g<1> 条说法（最后一个神经元读到一个填充的零）才是对的？"),
        (r"Only k = {N} and k = {N}, checked for every k from {N} to {N}\. SAME puts "
         r"(ceil\(.+?\)) zeros after the image: none for k = {N}, one for k = {N} and {N}, and "
         r"two or more from k = {N} on \(k = {N}, odd, gets {N}\)\. Odd kernels are not enough\.",
         r"只有 k = \g<1> 和 k = \g<2>，对 k 从 \g<3> 到 \g<4> 逐一核对过。SAME 在图像后面补 \g<5> "
         r"个零：k = \g<6> 时没有，k = \g<7> 和 \g<8> 时一个，从 k = \g<9> 起两个或更多"
         r"（k = \g<10> 是奇数，却要补 \g<11> 个）。只是奇数还不够。"),
        (r"Which neuron's window is the one the answer gives to the last neuron\?",
         r"回答说成是最后一个神经元的那个窗口，其实是哪个神经元的？"),
        (r"Neuron {N}'s: it sees (.+?)\.$", r"神经元 \g<1> 的：它看到 \g<2>。"),
        # --- later wordings of the same captions ---------------------------------------
        (r"Which of the {N} maps does ReLU leave exactly as it was, and why\?",
         r"\g<1> 个特征映射中，哪一个经过 ReLU 后完全不变？为什么？"),
        (r"Filter {N}, the blur: its weights are all positive and the pixels are {N} to {N}, so "
         r"none of its outputs is negative\.",
         r"卷积核 \g<1>，即模糊卷积核：它的权重全是正的，像素值在 \g<2> 到 \g<3> 之间，所以它的输出"
         r"没有一个是负的。"),
        (r"How many numbers does W1 hold, and how many numbers does Z1 hold\?",
         r"W1 里有多少个数？Z1 里有多少个数？"),
        (r"W1: {SHAPE} = {N}; Z1: {SHAPE} = {N}\. Every one of the Z1 neurons uses {N} of the W1 "
         r"numbers \(one filter\) and its own patch\.",
         r"W1：\g<1> = \g<2>；Z1：\g<3> = \g<4>。Z1 的每个神经元都使用 W1 中的 \g<5> 个数"
         r"（一个卷积核）和它自己的像素块。"),
        (r"Is the largest number of P1's first map the same as the largest of A1's first map\?",
         r"P1 第一个特征映射中最大的数，和 A1 第一个特征映射中最大的数相同吗？"),
        (r"Yes \({N}\): max-pooling keeps the largest value of each block, so the largest value "
         r"of the whole map survives\.",
         r"相同（\g<1>）：最大池化保留每个块中最大的值，所以整个特征映射中最大的值会保留下来。"),
    ]
)  # fmt: skip

# Short phrases that also occur inside the long ones above: applied after them.
ZH_FRAGMENTS = _rules(
    [
        (r"Show this case in the explorer", r"在探索器中显示这个例子"),
        (r"row {N}, column {N} \(1-based\)", r"第 \g<1> 行、第 \g<2> 列（编号从一开始）"),
        (r"rows {N} to {N} and columns {N} to {N}",
         r"第 \g<1> 至 \g<2> 行、第 \g<3> 至 \g<4> 列"),
        (r"^{N} to {N}$", r"\g<1> 至 \g<2>"),
        (r"^row {N}, column {N}$", r"第 \g<1> 行、第 \g<2> 列"),
    ]
)  # fmt: skip


def _labels(match: re.Match[str]) -> str:
    """A list of positions, "row 1, column 1, row 1, column 2" -> "第 1 行第 1 列、..."."""
    cells = re.findall(r"row (\d+), column (\d+)", match[0])
    return "、".join(f"第 {r} 行第 {c} 列" for r, c in cells)


POSITION_LIST = (re.compile(r"^row \d+, column \d+(?:, row \d+, column \d+)+$"), _labels)

PHRASES = {"zh": [POSITION_LIST, *ZH, *ZH_FRAGMENTS]}

# Applied to the text outside `code spans` only (code keeps its commas).
OUTSIDE_CODE = {"zh": [PIXEL_LIST]}
