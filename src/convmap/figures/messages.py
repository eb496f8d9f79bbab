"""All words the figures show, one table per language (``en``, ``zh``).

Drawing code never holds an English sentence: it asks `message` for a key
and fills in numbers. Chinese uses the Q&A's terms: 神经元 (neuron), 卷积层
(convolution layer), 卷积核 (kernel; the Q&A's prose also says 内核, 过滤器
and 滤波器, the figures keep to 卷积核), 填充 (padding), 步幅 (stride),
特征映射 (feature map), 感受野 (receptive field), 输入 / 输出 (input /
output), 像素 (pixel).

Numbers in the messages are the Q&A's 1-based pixel and neuron numbers; a
padded position has no number, it is "pad" / "填充".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["LANGUAGES", "MESSAGES", "check_lang", "message", "number_runs"]

EN: dict[str, str] = {
    # shared
    "pad": "pad",
    "padded_zero": "padded zero (pad)",
    "numbering_note": "Pixel and neuron numbers are 1-based, as in the Q&A; padded zeros are "
    "marked pad.",
    "no_padding": "no padding",
    "padding_1d": "padding {before} before, {after} after",
    "padding_2d": "padding top {top}, bottom {bottom}, left {left}, right {right}",
    "list_sep": ", ",
    "and": " and ",
    "none": "none",
    "input": "input",
    "output": "output",
    "by": " x ",
    # axis_windows
    "axis_input_head": "input: {size} pixels, {padding}",
    "axis_output_head": "output: {out} neurons",
    "axis_neuron": "neuron {n}",
    "axis_dropped": "no neuron: past the end",
    "axis_read": "read by a neuron",
    "axis_read_shown": "read by a neuron shown",
    "axis_unseen": "read by no neuron",
    "axis_desc": "One axis of {size} input pixels, kernel {kernel}, stride {stride}, "
    "dilation {dilation}, {padding}; {out} output neurons.",
    "axis_reads": "Neuron {n} reads {pixels}.",
    "axis_pad_word": "a padded zero",
    "axis_unseen_desc": "Pixels read by no neuron: {pixels}.",
    "axis_title": "Windows on a {size}-pixel axis, kernel {kernel}, stride {stride}",
    # grid_mapping / coverage
    "grid_input_head": "input {h} × {w}",
    "grid_output_head": "output {h} × {w}",
    "map_reads": "Output neuron ({r}, {c}) reads input rows {rows} and columns {cols}.",
    "map_seen": "Input pixel ({r}, {c}) is seen by {count} output neurons per filter: rows "
    "{rows}, columns {cols}.",
    "map_pixel_pad": "The padded zero at (row {r}, column {c}) is seen by {count} output "
    "neurons per filter: rows {rows}, columns {cols}.",
    "map_legend_window": "the neuron and the pixels it reads",
    "map_legend_pixel": "the pixel and the neurons that see it",
    "map_desc": "Input {h} by {w} ({padding}), kernel {kh} by {kw}, stride {sh} by {sw}, "
    "dilation {dh} by {dw}; output {oh} by {ow}.",
    "map_title_neuron": "Which input pixels one neuron sees",
    "map_title_pixel": "Which neurons see one pixel",
    "cov_head": "input {h} × {w}: neurons per pixel",
    "cov_few": "few neurons",
    "cov_most": "most ({top})",
    "cov_desc": "Input {h} by {w}, kernel {kh} by {kw}, stride {sh} by {sw}, {padding}. Each "
    "cell shows how many output neurons of one filter see that pixel: pixel (1, 1) is seen "
    "by {corner}, the most-seen pixels by {top}.",
    "cov_title": "How many neurons see each pixel",
    # diagrams
    "fc_reads": "reads all {size} x {size} x {channels} = {n_in} values",
    "fc_input": "input {size} x {size} x {channels}",
    "fc_neuron": "fully connected neuron",
    "fc_head": "Fully connected neuron",
    "conv_head": "Convolution neuron",
    "one_neuron": "1 neuron",
    "conv_reads": "reads one {kernel} x {kernel} x {channels} window = {patch} values",
    "conv_input": "input {size} x {size} x {channels} (pad: hatched)",
    "conv_output": "output ({r}, {c})",
    "fc_desc": "Top: a fully connected neuron is joined to every one of the {n_in} input "
    "values. Bottom: the convolution neuron at output row {r}, column {c} reads only input "
    "rows {r0} to {r1} and columns {c0} to {c1}, in all {channels} channels: {patch} values.",
    "fc_title": "A fully connected neuron reads the whole image; a conv neuron one window",
    "depth_head": "Depth column at output ({r}, {c}): {filters} neurons",
    "depth_sub": "one per filter, all reading the same {kernel} x {kernel} x {channels} window",
    "depth_input": "input {size} x {size} x {channels}",
    "depth_desc": "The {filters} neurons at output row {r}, column {c} form a depth column. "
    "Each uses a different filter, 1 to {filters}, but all read the same window: input rows "
    "{r0} to {r1} and columns {c0} to {c1}, in all {channels} channels.",
    "depth_title": "Depth column: {filters} neurons, one window",
    "w_head": "{name} = [{kh}, {kw}, {cin}, {filters}]: {filters} filters",
    "w_sub": "each {kh} x {kw} x {cin} = {per_filter} weights; {filters} x {per_filter} = "
    "{total} weights",
    "w_filter": "filter {f}",
    "w_front": "front: channel 1, behind: channels 2-{cin}; one feature map per filter",
    "w_front_one": "one channel; one feature map per filter",
    "w_desc": "{filters} filters drawn as small blocks. Each block is {cin} stacked {kh} by "
    "{kw} grids, one per input channel, so one filter spans all {cin} channels with "
    "{per_filter} weights; {filters} filters hold {total} weights.",
    "w_title": "What {name} [{kh}, {kw}, {cin}, {filters}] holds",
    # network region figure
    "reg_name": "{layer} neuron ({r}, {c})",
    "reg_span": "rows {r0}-{r1}, cols {c0}-{c1}",
    "reg_desc": "Input image {h} x {w} (rows and columns 1-{h}, 1-{w}) with hatched padding "
    "around it. The region of {name} covers rows {r0}-{r1} and columns {c0}-{c1}: {rh} x "
    "{rw} positions, of which {pr} rows and {pc} columns lie outside the image (pad).",
    "reg_out_head": "output {layer}: {oh} x {ow} x {channels}",
    "reg_out_pad": "outside the image (pad)",
    "reg_out_region": "a neuron's region",
    "reg_out_input": "input {shape}",
    "reg_out_desc": "The {oh} x {ow} positions of layer {layer}, each with {channels} "
    "channels; the panels above show the input region of each position, in the same colours.",
    "reg_out_title": "output {layer}",
    # im2col
    "im_input": "input {size} x {size}",
    "im_numbers": "numbers = pixel number (1-based)",
    "im_matrix": "im2col: {rows} x {taps}",
    "im_row_each": "one row per window",
    "im_output": "output",
    "im_desc": "A {size} x {size} input with {padding} padding (padded cells hatched, value 0) "
    "and a {kernel} x {kernel} kernel. Each of the {rows} windows is copied into one row of a "
    "{rows} x {taps} matrix; multiplying it by the {taps} kernel weights gives all {rows} "
    "outputs in one matrix product. Outlined: the windows of outputs {marked}.",
    "im_title": "im2col: every window becomes a row",
    "im_caption": "im2col for a {size} x {size} single-channel input, {kernel} x {kernel} "
    "kernel, {padding} padding (hatched cells are padded zeros, marked pad; numbers are 1-based "
    "pixel numbers, row by row). Each window, outlined in colour, becomes the row of the same "
    "colour; one matrix product with the {taps} weights gives every output. With C channels "
    "each entry is C numbers: a row of the Q&A's layer holds {qa_kernel} x {qa_kernel} x "
    "{qa_channels} = {qa_row}.",
    "band_caption": "For few channels, the fast kernel puts {tile} neighbouring windows in one "
    "row: the {span} pixels they span, times a banded matrix (column t = the kernel taps {taps}, "
    "shifted down by t). The row is {product}/{span} = {ratio} times shorter than {tile} im2col "
    "rows, the product {tile} times wider.",
    "band_row": "one row: {span} pixels",
    "band_sub": "x1..x{span} (T = {tile} windows)",
    "band_weights": "banded weights {span} x {tile}",
    "band_col": "column t = output t",
    "band_outputs": "{tile} outputs",
    "band_desc": "One row of {span} neighbouring pixels serves {tile} windows of a kernel of "
    "length {kernel}; a banded {span} x {tile} weight matrix gives their {tile} outputs in one "
    "product.",
    "band_title": "Banded weights: {tile} windows share one row",
    # explorer
    "ex_neuron_1d": "Neuron {n}",
    "ex_neuron_2d": "Neuron ({r}, {c})",
    "ex_pixel_1d": "Pixel {n}",
    "ex_pixel_2d": "Pixel ({r}, {c})",
    "ex_pad_1d": "Padding zero (pad) left of pixel 1",
    "ex_pad_cell": "Padding zero (pad)",
    "ex_reads_1d": "{name} reads pixels {pixels}.",
    "ex_reads_1d_pad": "{name} reads pixels {pixels} and {zeros} padded zeros (pad).",
    "ex_reads_1d_pad_one": "{name} reads pixels {pixels} and 1 padded zero (pad).",
    "ex_reads_1d_only_pad": "{name} reads only padded zeros (pad).",
    "ex_reads_2d": "{name} reads rows {rows}, columns {cols} ({cells} cells).",
    "ex_reads_2d_pad": "{name} reads rows {rows}, columns {cols} ({cells} cells); {zeros} of "
    "them are padded zeros (pad).",
    "ex_seen_none": "{name} is seen by no neuron: the stride skips it.",
    "ex_seen_1d": "{name} is seen by {count} neurons: {neurons}.",
    "ex_seen_1d_one": "{name} is seen by 1 neuron: {neurons}.",
    "ex_seen_2d": "{name} is seen by {count} neurons: rows {rows}, columns {cols}.",
    "ex_seen_2d_one": "{name} is seen by 1 neuron: ({rows}, {cols}).",
    "ex_in_crop": " {shown} of them are drawn in this crop.",
    "ex_in_crop_one": " 1 of them is drawn in this crop.",
    "ex_intro": "Point at, tap or focus a cell to see its mapping.",
    "ex_input_1d": "input: {w} pixels",
    "ex_input_1d_pad": "input: {w} pixels, padding {left} + {right}",
    "ex_output_1d": "output: {w} neurons",
    "ex_input_2d": "input {h} x {w}",
    "ex_input_2d_pad": "input {h} x {w} + padding",
    "ex_input_2d_crop": "input {h} x {w}, top-left corner",
    "ex_output_2d": "output {h} x {w}",
    "ex_output_2d_crop": "output {h} x {w}, top-left corner",
    "ex_input_cells": "{title}: input pixels",
    "ex_output_cells": "{title}: output neurons",
    "ex_named_grid": "{name}: {h} x {w}",
    "ex_named_axis": "{name}: {w}",
    "ex_named_cells": "{title}: {name}",
    "ex_settings_1d": "Input axis of {w}, kernel {kw}, stride {sw}, dilation {dw}, padding "
    "{left} before and {right} after: output {ow}.",
    "ex_settings_2d": "Input {h} x {w}, kernel {kh} x {kw}, stride {sh} x {sw}, dilation {dh} "
    "x {dw}, padding top {top}, bottom {bottom}, left {left}, right {right}: output {oh} x "
    "{ow}.",
    "ex_crop_note": "This is a corner crop of the real {h} x {w} geometry: output rows {r0}-{r1} "
    "and columns {c0}-{c1} of {oh} x {ow}, and the input cells their windows read. Counts of "
    "neurons are for the whole layer.",
    "ex_compressed_note": "The grids are too large to draw cell by cell ({h} x {w} input, {oh} "
    "x {ow} output): pick a neuron or a pixel by number; the figure shows the cells around it.",
    "ex_how": "Hatched cells are padding (zeros, pad). Point at, tap or focus (Tab, then arrow "
    "keys) a cell: the cell turns green, the cells it maps to turn orange (input) or blue "
    "(output), and all of them get a thick outline and a dot; Escape clears. On load the "
    "figure shows {name}.",
    "ex_controls": "Kernel animation",
    "ex_play": "Play",
    "ex_pause": "Pause",
    "ex_step": "Step",
    "ex_clear": "Clear",
    "ex_pick": "Pick by number",
    "ex_pick_neuron": "Neuron",
    "ex_pick_pixel": "Pixel",
    "ex_row": "row",
    "ex_col": "column",
    "ex_show": "Show",
    "ex_out_of_range": "{what} {value} is outside 1..{stop}.",
}

ZH: dict[str, str] = {
    "pad": "填充",
    "padded_zero": "填充的零（填充）",
    "numbering_note": "像素和神经元按问答中的方式从 1 开始编号；填充的零标为“填充”。",
    "no_padding": "无填充",
    "padding_1d": "前填充 {before}，后填充 {after}",
    "padding_2d": "填充：上 {top}、下 {bottom}、左 {left}、右 {right}",
    "list_sep": "、",
    "and": "和",
    "none": "无",
    "input": "输入",
    "output": "输出",
    "by": " × ",
    "axis_input_head": "输入：{size} 个像素，{padding}",
    "axis_output_head": "输出：{out} 个神经元",
    "axis_neuron": "神经元 {n}",
    "axis_dropped": "没有神经元：超出末端",
    "axis_read": "被某个神经元读取",
    "axis_read_shown": "被图中的神经元读取",
    "axis_unseen": "没有神经元读取",
    "axis_desc": "一个方向上的 {size} 个输入像素，卷积核 {kernel}，步幅 {stride}，"
    "膨胀 {dilation}，{padding}；输出 {out} 个神经元。",
    "axis_reads": "神经元 {n} 读取 {pixels}。",
    "axis_pad_word": "一个填充的零",
    "axis_unseen_desc": "没有神经元读取的像素：{pixels}。",
    "axis_title": "{size} 个像素的方向上的窗口，卷积核 {kernel}，步幅 {stride}",
    "grid_input_head": "输入 {h} × {w}",
    "grid_output_head": "输出 {h} × {w}",
    "map_reads": "输出神经元 ({r}, {c}) 读取输入的第 {rows} 行和第 {cols} 列。",
    "map_seen": "输入像素 ({r}, {c}) 被每个卷积核的 {count} 个输出神经元看到：第 {rows} 行，"
    "第 {cols} 列。",
    "map_pixel_pad": "第 {r} 行、第 {c} 列的填充零被每个卷积核的 {count} 个输出神经元看到："
    "第 {rows} 行，第 {cols} 列。",
    "map_legend_window": "神经元及其读取的像素",
    "map_legend_pixel": "像素及看到它的神经元",
    "map_desc": "输入 {h} × {w}（{padding}），卷积核 {kh} × {kw}，步幅 {sh} × {sw}，"
    "膨胀 {dh} × {dw}；输出 {oh} × {ow}。",
    "map_title_neuron": "一个神经元看到哪些输入像素",
    "map_title_pixel": "哪些神经元看到一个像素",
    "cov_head": "输入 {h} × {w}：每个像素被多少个神经元看到",
    "cov_few": "神经元少",
    "cov_most": "最多（{top}）",
    "cov_desc": "输入 {h} × {w}，卷积核 {kh} × {kw}，步幅 {sh} × {sw}，{padding}。"
    "每个格子显示一个卷积核的多少个输出神经元看到该像素：像素 (1, 1) 被 {corner} 个看到，"
    "被看到最多的像素被 {top} 个看到。",
    "cov_title": "每个像素被多少个神经元看到",
    "fc_reads": "读取全部 {size} × {size} × {channels} = {n_in} 个值",
    "fc_input": "输入 {size} × {size} × {channels}",
    "fc_neuron": "全连接神经元",
    "fc_head": "全连接神经元",
    "conv_head": "卷积层神经元",
    "one_neuron": "1 个神经元",
    "conv_reads": "只读取一个 {kernel} × {kernel} × {channels} 的窗口 = {patch} 个值",
    "conv_input": "输入 {size} × {size} × {channels}（填充：斜线）",
    "conv_output": "输出 ({r}, {c})",
    "fc_desc": "上：全连接神经元与全部 {n_in} 个输入值相连。下：位于输出第 {r} 行、第 {c} 列的"
    "卷积层神经元只读取输入的第 {r0} 到 {r1} 行、第 {c0} 到 {c1} 列，跨越全部 {channels} "
    "个通道：{patch} 个值。",
    "fc_title": "全连接神经元读取整张图像；卷积层神经元只读取一个窗口",
    "depth_head": "输出 ({r}, {c}) 处的深度列：{filters} 个神经元",
    "depth_sub": "每个卷积核一个，都读取同一个 {kernel} × {kernel} × {channels} 的窗口",
    "depth_input": "输入 {size} × {size} × {channels}",
    "depth_desc": "位于输出第 {r} 行、第 {c} 列的 {filters} 个神经元组成一个深度列。"
    "它们各用一个不同的卷积核（1 到 {filters}），但都读取同一个窗口：输入的第 {r0} 到 {r1} "
    "行、第 {c0} 到 {c1} 列，跨越全部 {channels} 个通道。",
    "depth_title": "深度列：{filters} 个神经元，一个窗口",
    "w_head": "{name} = [{kh}, {kw}, {cin}, {filters}]：{filters} 个卷积核",
    "w_sub": "每个 {kh} × {kw} × {cin} = {per_filter} 个权重；{filters} × {per_filter} = "
    "{total} 个权重",
    "w_filter": "卷积核 {f}",
    "w_front": "前面：通道 1，后面：通道 2-{cin}；每个卷积核产生一个特征映射",
    "w_front_one": "一个通道；每个卷积核产生一个特征映射",
    "w_desc": "{filters} 个卷积核画成小方块。每个方块是 {cin} 个叠在一起的 {kh} × {kw} 网格，"
    "每个输入通道一个，所以一个卷积核跨越全部 {cin} 个通道，共 {per_filter} 个权重；"
    "{filters} 个卷积核共有 {total} 个权重。",
    "w_title": "{name} [{kh}, {kw}, {cin}, {filters}] 里有什么",
    "reg_name": "{layer} 神经元 ({r}, {c})",
    "reg_span": "第 {r0}-{r1} 行，第 {c0}-{c1} 列",
    "reg_desc": "输入图像 {h} × {w}（第 1-{h} 行、第 1-{w} 列），四周的填充画成斜线。"
    "{name} 的区域覆盖第 {r0}-{r1} 行和第 {c0}-{c1} 列：{rh} × {rw} 个位置，其中 {pr} 行和 "
    "{pc} 列在图像之外（填充）。",
    "reg_out_head": "输出 {layer}：{oh} × {ow} × {channels}",
    "reg_out_pad": "图像之外（填充）",
    "reg_out_region": "一个神经元的区域",
    "reg_out_input": "输入 {shape}",
    "reg_out_desc": "{layer} 层的 {oh} × {ow} 个位置，每个有 {channels} 个通道；上面的小图"
    "用相同的颜色显示每个位置的输入区域。",
    "reg_out_title": "输出 {layer}",
    "im_input": "输入 {size} × {size}",
    "im_numbers": "数字 = 像素编号（从 1 开始）",
    "im_matrix": "im2col：{rows} × {taps}",
    "im_row_each": "每个窗口一行",
    "im_output": "输出",
    "im_desc": "一个 {size} × {size} 的输入，{padding} 填充（填充的格子画成斜线，值为 0），"
    "卷积核 {kernel} × {kernel}。{rows} 个窗口各复制成 {rows} × {taps} 矩阵的一行；"
    "乘以卷积核的 {taps} 个权重，一次矩阵乘法就得到全部 {rows} 个输出。描边的是输出 "
    "{marked} 的窗口。",
    "im_title": "im2col：每个窗口变成一行",
    "im_caption": "单通道 {size} × {size} 输入、{kernel} × {kernel} 卷积核、{padding} 填充的 "
    "im2col（画斜线的格子是填充的零，标为“填充”；数字是从 1 开始逐行编号的像素编号）。"
    "每个用颜色描边的窗口变成同样颜色的一行；与 {taps} 个权重做一次矩阵乘法就得到所有输出。"
    "有 C 个通道时，每一项是 C 个数：问答中那一层的一行有 {qa_kernel} × {qa_kernel} × "
    "{qa_channels} = {qa_row} 个数。",
    "band_caption": "通道很少时，快速实现把 {tile} 个相邻窗口放进一行：它们覆盖的 {span} 个像素，"
    "乘以一个带状矩阵（第 t 列 = 卷积核的各个抽头 {taps}，下移 t 位）。这一行比 {tile} 个 im2col "
    "行短 {product}/{span} = {ratio} 倍，乘积宽 {tile} 倍。",
    "band_row": "一行：{span} 个像素",
    "band_sub": "x1..x{span}（T = {tile} 个窗口）",
    "band_weights": "带状权重 {span} × {tile}",
    "band_col": "第 t 列 = 输出 t",
    "band_outputs": "{tile} 个输出",
    "band_desc": "一行 {span} 个相邻像素供长度为 {kernel} 的卷积核的 {tile} 个窗口使用；"
    "一个 {span} × {tile} 的带状权重矩阵一次乘法就给出它们的 {tile} 个输出。",
    "band_title": "带状权重：{tile} 个窗口共用一行",
    "ex_neuron_1d": "神经元 {n}",
    "ex_neuron_2d": "神经元 ({r}, {c})",
    "ex_pixel_1d": "像素 {n}",
    "ex_pixel_2d": "像素 ({r}, {c})",
    "ex_pad_1d": "像素 1 左边的填充零",
    "ex_pad_cell": "填充零",
    "ex_reads_1d": "{name} 读取像素 {pixels}。",
    "ex_reads_1d_pad": "{name} 读取像素 {pixels} 和 {zeros} 个填充的零。",
    "ex_reads_1d_pad_one": "{name} 读取像素 {pixels} 和 1 个填充的零。",
    "ex_reads_1d_only_pad": "{name} 只读取填充的零。",
    "ex_reads_2d": "{name} 读取第 {rows} 行、第 {cols} 列（{cells} 个格子）。",
    "ex_reads_2d_pad": "{name} 读取第 {rows} 行、第 {cols} 列（{cells} 个格子），"
    "其中 {zeros} 个是填充的零。",
    "ex_seen_none": "{name} 没有被任何神经元看到：步幅跳过了它。",
    "ex_seen_1d": "{name} 被 {count} 个神经元看到：{neurons}。",
    "ex_seen_1d_one": "{name} 被 1 个神经元看到：{neurons}。",
    "ex_seen_2d": "{name} 被 {count} 个神经元看到：第 {rows} 行、第 {cols} 列。",
    "ex_seen_2d_one": "{name} 被 1 个神经元看到：({rows}, {cols})。",
    "ex_in_crop": "其中 {shown} 个画在这个局部图中。",
    "ex_in_crop_one": "其中 1 个画在这个局部图中。",
    "ex_intro": "指向、轻触或用键盘选中一个格子，查看它的对应关系。",
    "ex_input_1d": "输入：{w} 个像素",
    "ex_input_1d_pad": "输入：{w} 个像素，填充 {left} + {right}",
    "ex_output_1d": "输出：{w} 个神经元",
    "ex_input_2d": "输入 {h} × {w}",
    "ex_input_2d_pad": "输入 {h} × {w} + 填充",
    "ex_input_2d_crop": "输入 {h} × {w}，左上角",
    "ex_output_2d": "输出 {h} × {w}",
    "ex_output_2d_crop": "输出 {h} × {w}，左上角",
    "ex_input_cells": "{title}：输入像素",
    "ex_output_cells": "{title}：输出神经元",
    "ex_named_grid": "{name}：{h} x {w}",
    "ex_named_axis": "{name}：{w}",
    "ex_named_cells": "{title}：{name}",
    "ex_settings_1d": "输入方向长 {w}，卷积核 {kw}，步幅 {sw}，膨胀 {dw}，前填充 {left}、"
    "后填充 {right}：输出 {ow}。",
    "ex_settings_2d": "输入 {h} × {w}，卷积核 {kh} × {kw}，步幅 {sh} × {sw}，膨胀 {dh} × "
    "{dw}，填充：上 {top}、下 {bottom}、左 {left}、右 {right}：输出 {oh} × {ow}。",
    "ex_crop_note": "这是真实 {h} × {w} 几何的一个角落：{oh} × {ow} 输出中的第 {r0}-{r1} 行、"
    "第 {c0}-{c1} 列，以及它们的窗口读取的输入格子。神经元的个数按整个卷积层计算。",
    "ex_compressed_note": "网格太大，无法逐格画出（输入 {h} × {w}，输出 {oh} × {ow}）："
    "按编号选择一个神经元或像素，图中显示它周围的格子。",
    "ex_how": "画斜线的格子是填充（零）。指向、轻触或用键盘选中（Tab，然后方向键）一个格子："
    "该格子变成绿色，与它对应的格子变成橙色（输入）或蓝色（输出），并且都加上粗边框和圆点；"
    "按 Esc 清除。加载时图中显示{name}。",
    "ex_controls": "卷积核动画",
    "ex_play": "播放",
    "ex_pause": "暂停",
    "ex_step": "单步",
    "ex_clear": "清除",
    "ex_pick": "按编号选择",
    "ex_pick_neuron": "神经元",
    "ex_pick_pixel": "像素",
    "ex_row": "行",
    "ex_col": "列",
    "ex_show": "显示",
    "ex_out_of_range": "{what} {value} 不在 1..{stop} 范围内。",
}

#: The message tables by language code.
MESSAGES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
#: The languages the figures speak.
LANGUAGES = tuple(MESSAGES)


def check_lang(lang: Any) -> str:
    """Return ``lang`` if the figures have a message table for it.

    Args:
        lang: A language code.

    Returns:
        The code, ``"en"`` or ``"zh"``.

    Raises:
        ValueError: For any other value.

    Examples:
        >>> check_lang("zh")
        'zh'
        >>> check_lang("fr")
        Traceback (most recent call last):
        ...
        ValueError: lang must be one of 'en', 'zh', got 'fr'
    """
    if not isinstance(lang, str) or lang not in MESSAGES:
        valid = ", ".join(repr(code) for code in LANGUAGES)
        raise ValueError(f"lang must be one of {valid}, got {lang!r}")
    return lang


def message(key: str, lang: str = "en", **fields: Any) -> str:
    """The text for ``key`` in ``lang``, with ``fields`` filled in.

    Args:
        key: A key of the message table.
        lang: ``"en"`` or ``"zh"``.
        **fields: Values for the ``{name}`` placeholders.

    Returns:
        The text.

    Raises:
        ValueError: For an unknown language.

    Examples:
        >>> message("axis_neuron", "en", n=64), message("axis_neuron", "zh", n=64)
        ('neuron 64', '神经元 64')
    """
    return MESSAGES[check_lang(lang)][key].format(**fields)


def number_runs(values: Sequence[int], lang: str = "en") -> str:
    """Numbers compactly, consecutive runs joined: ``"3-6"``, ``"1, 3, 5"``.

    Args:
        values: Integers (already the numbers to show).
        lang: ``"en"`` (comma-separated) or ``"zh"`` (``、``-separated).

    Returns:
        The text; ``"none"`` / ``"无"`` for no values.

    Examples:
        >>> number_runs([3, 4, 5, 6]), number_runs([1, 3, 5]), number_runs([1, 2, 5, 6, 7])
        ('3-6', '1, 3, 5', '1-2, 5-7')
        >>> number_runs([1, 3], "zh")
        '1、3'
    """
    ordered = sorted(set(values))
    if not ordered:
        return message("none", lang)
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(f"{ordered[i]}-{ordered[j]}" if j > i else str(ordered[i]))
        i = j + 1
    return message("list_sep", lang).join(parts)
