/* convmap explorer: point at a neuron, see its pixels; point at a pixel, see its neurons.
 *
 * Generic and data-driven: every figure with data-convmap="explorer" carries a
 * <script type="application/json" class="cmx-data"> written by convmap.explorer
 * (Python). For each cell ("o:row,col" or "i:row,col") it lists the other cells
 * to light ("lit"), a sentence ("say") and, for output cells, the kernel box.
 * This script never computes geometry: it reads that data and toggles
 * data-lit="true" (and removes it everywhere else).
 *
 * Pointer hover, keyboard focus and tap (click) show a cell; arrow keys, Home
 * and End move within a grid; Escape (or the Clear button) clears. Play / Pause
 * / Step slide the kernel over the output cells in the order the data gives,
 * scrolling the lit cells into view.
 *
 * At rest the figure shows the default neuron that Python marked with
 * data-default="true" (visible without this script and in print); the root's
 * data-resting="true" says so. Every word shown comes from the data
 * (data.text holds the sentence templates of the compressed view).
 *
 * A compressed view (data.view === "compressed", grids too large to draw cell
 * by cell) has per-axis tables instead of data.cells: a 2-D window is the
 * product of a row list and a column list that Python computed; the reader
 * picks a neuron or pixel by number and the detail grids are redrawn from the
 * slots Python listed.
 */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false };

  /* The compressed view: sentences and detail grids from the per-axis tables.
   * neurons[i] = [window, words, real, distinct, inputSlots, outputSlots];
   * pixels[p - first] = [seeing, words, inputSlots, outputSlots]. */
  var SVGNS = "http://www.w3.org/2000/svg";
  var C = 24, LM = 34, TM = 40;

  function fill(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : m;
    });
  }

  function isPad(data, grid, r, c) {
    var real = data.geometry[grid];
    return grid === "input" && !(r >= 0 && r < real[0] && c >= 0 && c < real[1]);
  }

  function cellName(data, grid, r, c) {
    var t = data.text;
    if (isPad(data, grid, r, c)) return t.ex_pad_cell;
    if (grid === "output") {
      return data.one_axis ? fill(t.ex_neuron_1d, { n: c + 1 }) :
        fill(t.ex_neuron_2d, { r: r + 1, c: c + 1 });
    }
    return data.one_axis ? fill(t.ex_pixel_1d, { n: c + 1 }) :
      fill(t.ex_pixel_2d, { r: r + 1, c: c + 1 });
  }

  function unique(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; });
  }

  function neuronEntry(data, r, c) {
    var t = data.text, rows = data.axes.row.neurons[r], cols = data.axes.col.neurons[c];
    if (!rows || !cols) return null;
    var lit = [];
    unique(rows[0]).forEach(function (i) {
      unique(cols[0]).forEach(function (j) { lit.push("i:" + i + "," + j); });
    });
    var cellsRead = rows[3] * cols[3];
    var zeros = data.one_axis ? cols[3] - cols[2] : cellsRead - rows[2] * cols[2];
    var key;
    if (data.one_axis) {
      key = cols[2] === 0 ? "ex_reads_1d_only_pad" :
        zeros === 0 ? "ex_reads_1d" : zeros === 1 ? "ex_reads_1d_pad_one" : "ex_reads_1d_pad";
    } else {
      key = zeros === 0 ? "ex_reads_2d" : "ex_reads_2d_pad";
    }
    var say = fill(t[key], {
      name: cellName(data, "output", r, c), pixels: cols[1], rows: rows[1], cols: cols[1],
      cells: cellsRead, zeros: zeros
    });
    return { lit: lit, say: say };
  }

  function pixelEntry(data, r, c) {
    var t = data.text, ar = data.axes.row, ac = data.axes.col;
    var rows = ar.pixels[r - ar.first], cols = ac.pixels[c - ac.first];
    if (!rows || !cols) return null;
    var lit = [];
    rows[0].forEach(function (i) {
      cols[0].forEach(function (j) { lit.push("o:" + i + "," + j); });
    });
    var count = lit.length;
    var key = count === 0 ? "ex_seen_none" :
      (data.one_axis ? "ex_seen_1d" : "ex_seen_2d") + (count === 1 ? "_one" : "");
    var say = fill(t[key], {
      name: cellName(data, "input", r, c), count: count, neurons: cols[1],
      rows: rows[1], cols: cols[1]
    });
    return { lit: lit, say: say };
  }

  function entry(data) {
    return function (key) {
      var parts = key.slice(2).split(",");
      var r = parseInt(parts[0], 10), c = parseInt(parts[1], 10);
      return key.charAt(0) === "o" ? neuronEntry(data, r, c) : pixelEntry(data, r, c);
    };
  }

  function svgEl(tag, attrs, text) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function label(x, y, text, anchor) {
    return svgEl("text", {
      x: x, y: y, "class": "cm-text cm-muted", "text-anchor": anchor,
      "dominant-baseline": "central", "font-size": String(text).length > 2 ? 8 : 10
    }, text);
  }

  function hatch(x, y) {
    var d = "", step = C / 4;
    for (var k = step; k < 2 * C - 1e-9; k += step) {
      var xs = Math.max(0, k - C), ys = Math.min(C, k), xe = Math.min(C, k), ye = Math.max(0, k - C);
      d += "M" + (x + xs) + " " + (y + ys) + "L" + (x + xe) + " " + (y + ye);
    }
    return svgEl("path", { d: d, "class": "cm-hatch" });
  }

  function detailCell(data, grid, r, c, x, y, first) {
    var pad = isPad(data, grid, r, c);
    var g = svgEl("g", {
      role: "gridcell", "class": pad ? "cmx-cell cmx-pad" : "cmx-cell",
      tabindex: first ? "0" : "-1", "data-grid": grid, "data-row": r, "data-col": c,
      "aria-label": cellName(data, grid, r, c)
    });
    if (pad) g.setAttribute("data-pad", "true");
    g.appendChild(svgEl("rect", { x: x, y: y, width: C, height: C, "class": "cmx-bg" }));
    if (pad) g.appendChild(hatch(x, y));
    g.appendChild(svgEl("circle", {
      "class": "cmx-dot", cx: x + C / 2, cy: y + C / 2, r: C * 0.16
    }));
    return g;
  }

  function drawGrid(svg, data, grid, rows, cols) {
    var real = data.geometry[grid];
    var labels = svg.querySelector(".cmx-labels");
    var detail = svg.querySelector(".cmx-detail");
    var head = labels.querySelector(".cmx-title");
    labels.textContent = "";
    if (head) labels.appendChild(head);
    var gridEl = detail.querySelector('[role="grid"]');
    var row = svgEl("g", { role: "row" });
    gridEl.textContent = "";
    gridEl.appendChild(row);
    var padWord = data.text.pad, first = true;
    cols.forEach(function (c, j) {
      var x = LM + j * C;
      if (c === null) {
        labels.appendChild(label(x + C / 2, TM + rows.length * C / 2, "\u2026", "middle"));
      } else {
        var text = c >= 0 && c < real[1] ? c + 1 : padWord;
        labels.appendChild(label(x + C / 2, TM - 8, text, "middle"));
      }
    });
    rows.forEach(function (r, i) {
      var y = TM + i * C;
      if (r === null) {
        labels.appendChild(label(LM + cols.length * C / 2, y + C / 2, "\u22ee", "middle"));
        return;
      }
      labels.appendChild(label(LM - 4, y + C / 2, r >= 0 && r < real[0] ? r + 1 : padWord, "end"));
      cols.forEach(function (c, j) {
        if (c === null) return;
        row.appendChild(detailCell(data, grid, r, c, LM + j * C, y, first));
        first = false;
      });
    });
    var w = LM + cols.length * C + 8, h = TM + rows.length * C + 6;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
  }

  function draw(root, data, grid, r, c) {
    var ar = data.axes.row, ac = data.axes.col, rows, cols;
    if (grid === "output") {
      rows = ar.neurons[r]; cols = ac.neurons[c];
      rows = [rows[4], rows[5]]; cols = [cols[4], cols[5]];
    } else {
      rows = ar.pixels[r - ar.first]; cols = ac.pixels[c - ac.first];
      rows = [rows[2], rows[3]]; cols = [cols[2], cols[3]];
    }
    root.querySelectorAll("[data-default]").forEach(function (el) {
      el.removeAttribute("data-default");
    });
    drawGrid(root.querySelector(".cmx-svg-input"), data, "input", rows[0], cols[0]);
    drawGrid(root.querySelector(".cmx-svg-output"), data, "output", rows[1], cols[1]);
  }

  window.convmapCompressed = { entry: entry, draw: draw, fill: fill };

  function keyOf(el) {
    return el.getAttribute("data-grid").charAt(0) + ":" +
      el.getAttribute("data-row") + "," + el.getAttribute("data-col");
  }

  // Listeners an explorer puts on the document or the window, so that they can be
  // removed once its root has left the page (the live pages replace explorers).
  var outerListeners = [];

  function listenOutside(root, target, type, handler) {
    target.addEventListener(type, handler);
    outerListeners.push({ root: root, target: target, type: type, handler: handler });
  }

  function dropDetached() {
    outerListeners = outerListeners.filter(function (l) {
      if (l.root.isConnected) return true;
      l.target.removeEventListener(l.type, l.handler);
      return false;
    });
  }

  function setup(root) {
    dropDetached();
    if (root.getAttribute("data-cmx-ready") === "true") return;
    var script = root.querySelector("script.cmx-data");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    var compressed = data.view === "compressed";
    var cells = {};
    function collect() {
      cells = {};
      root.querySelectorAll("[data-grid]").forEach(function (el) {
        cells[keyOf(el)] = el;
      });
    }
    collect();
    var live = root.querySelector(".cmx-live");
    var kernel = root.querySelector(".cmx-kernel");
    var intro = live ? live.textContent : "";
    var kernelHome = kernel ? {
      width: kernel.getAttribute("width"), height: kernel.getAttribute("height"),
      transform: kernel.style.transform, shown: !kernel.hasAttribute("hidden")
    } : null;
    var entryOf = compressed ? window.convmapCompressed.entry(data) : function (key) {
      return data.cells[key];
    };
    var lit = [];          // elements currently carrying data-lit
    var hovered = null;    // cell under the mouse pointer
    var focused = null;    // cell holding keyboard focus
    var step = -1;         // index into data.order for the animation
    var timer = null;
    var escaped = false;   // Escape / Clear: do not bring back the focused cell

    function say(text) {
      if (live && live.textContent !== text) live.textContent = text;
    }

    function clear() {
      lit.forEach(function (el) {
        el.removeAttribute("data-lit");
        el.classList.remove("cmx-active");
      });
      lit = [];
      root.setAttribute("data-resting", "true");
      if (kernel && kernelHome && kernelHome.shown && !compressed) {
        // at rest the frame goes back to the default neuron's window
        kernel.setAttribute("width", kernelHome.width);
        kernel.setAttribute("height", kernelHome.height);
        kernel.style.transform = kernelHome.transform;
        kernel.removeAttribute("hidden");
      } else if (kernel) {
        kernel.setAttribute("hidden", "");
      }
      root.querySelectorAll(".cmx-ring").forEach(function (r) {
        r.setAttribute("hidden", "");
      });
    }

    function ringAround(el) {
      // Copy the cell's square (drawing coordinates, not geometry) to the ring.
      var svg = el.ownerSVGElement;
      var ring = svg ? svg.querySelector(".cmx-ring") : null;
      var bg = el.querySelector(".cmx-bg");
      if (!ring || !bg) return;
      ["x", "y", "width", "height"].forEach(function (a) {
        ring.setAttribute(a, bg.getAttribute(a));
      });
      ring.classList.toggle("cmx-ring-focus", document.activeElement === el);
      ring.removeAttribute("hidden");
    }

    function show(el) {
      clear();
      if (!el) return;
      var key = keyOf(el);
      var entry = entryOf(key);
      if (!entry) return;
      root.setAttribute("data-resting", "false");
      el.setAttribute("data-lit", "true");
      el.classList.add("cmx-active");
      lit.push(el);
      ringAround(el);
      entry.lit.forEach(function (k) {
        var other = cells[k];
        if (other) {
          other.setAttribute("data-lit", "true");
          lit.push(other);
        }
      });
      if (kernel && entry.box) {
        kernel.setAttribute("width", entry.box[2]);
        kernel.setAttribute("height", entry.box[3]);
        kernel.style.transform = "translate(" + entry.box[0] + "px," + entry.box[1] + "px)";
        kernel.removeAttribute("hidden");
      }
      say(entry.say);
    }

    function stop() {
      if (timer !== null) {
        window.clearInterval(timer);
        timer = null;
      }
      root.classList.remove("cmx-playing");
      if (live) live.setAttribute("aria-live", "polite");
    }

    function reveal(el) {
      // Step / Play: keep the lit cell in view inside its scroll box (phones). A cell
      // still in view glides to the centre; one already out of view (quick Steps outrun
      // a smooth scroll; the first Step after rest at the last neuron) is jumped to.
      if (!el || !el.scrollIntoView) return;
      var box = el.closest ? el.closest(".cmx-scroll") : null;
      var out = false;
      if (box) {
        var b = box.getBoundingClientRect(), c = el.getBoundingClientRect();
        out = c.left < b.left || c.right > b.right;
      }
      el.scrollIntoView({
        block: "nearest",
        inline: "center",
        behavior: reduceMotion.matches || out ? "auto" : "smooth"
      });
    }

    function advance() {
      var key;
      if (compressed) {
        var ow = data.geometry.output[1];
        var total = data.geometry.output[0] * ow;
        step = (step + 1) % total;
        key = "o:" + Math.floor(step / ow) + "," + (step % ow);
        redraw("output", Math.floor(step / ow), step % ow);
      } else {
        step = (step + 1) % data.order.length;
        key = data.order[step];
      }
      show(cells[key]);
      reveal(cells[key]);
    }

    function redraw(grid, r, c) {
      // The picked cell becomes the figure's resting state (what Clear returns to).
      window.convmapCompressed.draw(root, data, grid, r, c);
      collect();
      var key = grid.charAt(0) + ":" + r + "," + c;
      var entry = entryOf(key);
      if (!entry) return;
      [key].concat(entry.lit).forEach(function (k) {
        if (cells[k]) cells[k].setAttribute("data-default", "true");
      });
      intro = entry.say;
    }

    function pick(what) {
      var g = data.geometry;
      var limit = what === "neuron" ? g.output : g.input;
      var grid = what === "neuron" ? "output" : "input";
      var values = [1, 1];
      var ok = true;
      ["row", "col"].forEach(function (axis, a) {
        var box = root.querySelector('[data-pick="' + what + "-" + axis + '"]');
        if (!box) return;
        var v = Number(box.value);
        if (!Number.isInteger(v) || v < 1 || v > limit[a]) {
          ok = false;
          say(window.convmapCompressed.fill(data.text.ex_out_of_range, {
            what: data.text["ex_pick_" + what] + " " + data.text["ex_" + axis],
            value: box.value, stop: limit[a]
          }));
        }
        values[a] = v;
      });
      if (!ok) return;
      stop();
      redraw(grid, values[0] - 1, values[1] - 1);
      var el = cells[grid.charAt(0) + ":" + (values[0] - 1) + "," + (values[1] - 1)];
      show(el);
      reveal(el);
    }

    function play() {
      if (timer !== null) return;
      hovered = null;
      root.classList.add("cmx-playing");
      // While playing, the sentence changes quickly: do not flood screen readers.
      if (live) live.setAttribute("aria-live", "off");
      advance();
      timer = window.setInterval(advance, reduceMotion.matches ? 1500 : 700);
    }

    function resetText() {
      say(intro);
    }

    function rove(el) {
      // One tab stop per grid: the cell last focused.
      var grid = el.getAttribute("data-grid");
      root.querySelectorAll('[data-grid="' + grid + '"][tabindex="0"]').forEach(function (c) {
        if (c !== el) c.setAttribute("tabindex", "-1");
      });
      el.setAttribute("tabindex", "0");
    }

    root.addEventListener("pointerover", function (ev) {
      var el = ev.target.closest ? ev.target.closest("[data-grid]") : null;
      if (!el || !root.contains(el) || el === hovered) return;
      stop();
      hovered = el;
      show(el);
    });

    root.addEventListener("pointerout", function (ev) {
      var el = ev.target.closest ? ev.target.closest("[data-grid]") : null;
      if (!el || el !== hovered) return;
      var to = ev.relatedTarget && ev.relatedTarget.closest
        ? ev.relatedTarget.closest("[data-grid]") : null;
      if (to === el) return;
      hovered = null;
      if (ev.pointerType === "touch") return; // a tap keeps what it showed
      if (timer !== null) return;
      if (focused && !escaped && root.contains(focused)) {
        show(focused);
      } else {
        clear();
        resetText();
      }
    });

    root.addEventListener("focusin", function (ev) {
      var el = ev.target.closest ? ev.target.closest("[data-grid]") : null;
      if (!el) return;
      stop();
      escaped = false;
      focused = el;
      rove(el);
      show(el);
    });

    root.addEventListener("focusout", function (ev) {
      var to = ev.relatedTarget;
      if (to && root.contains(to)) return;
      focused = null;
      if (timer === null && !hovered) {
        clear();
        resetText();
      }
    });

    root.addEventListener("click", function (ev) {
      var el = ev.target.closest ? ev.target.closest("[data-grid]") : null;
      var button = ev.target.closest ? ev.target.closest("button[data-action]") : null;
      if (button) {
        var action = button.getAttribute("data-action");
        if (action === "pick-neuron") pick("neuron");
        if (action === "pick-pixel") pick("pixel");
        if (action === "play") play();
        if (action === "pause") stop();
        if (action === "step") {
          stop();
          advance();
        }
        if (action === "clear") {
          escaped = true;
          stop();
          step = -1;
          clear();
          resetText();
        }
        return;
      }
      if (el) {
        stop();
        escaped = false;
        if (document.activeElement !== el) el.focus({ preventScroll: true });
        show(el);
      } else if (ev.target.closest && ev.target.closest("svg")) {
        // Tapping the figure's background clears (touch screens have no Escape).
        stop();
        clear();
        resetText();
      }
    });

    // Escape clears wherever the focus is (a hover does not move the focus).
    listenOutside(root, document, "keydown", function (ev) {
      if (ev.key !== "Escape" || (lit.length === 0 && timer === null)) return;
      escaped = true;
      stop();
      clear();
      resetText();
    });

    root.addEventListener("keydown", function (ev) {
      var box = ev.target.getAttribute ? ev.target.getAttribute("data-pick") : null;
      if (box && ev.key === "Enter") {
        ev.preventDefault();
        pick(box.split("-")[0]);
        return;
      }
      var el = ev.target.closest ? ev.target.closest("[data-grid]") : null;
      if (!el) return;
      var row = parseInt(el.getAttribute("data-row"), 10);
      var col = parseInt(el.getAttribute("data-col"), 10);
      var g = el.getAttribute("data-grid").charAt(0);
      var next = null;
      function at(r, c) {
        return cells[g + ":" + r + "," + c] || null;
      }
      function far(dr, dc) {
        var r = row, c = col, cell = null, probe;
        while ((probe = at(r + dr, c + dc))) {
          cell = probe;
          r += dr;
          c += dc;
        }
        return cell;
      }
      switch (ev.key) {
        case "ArrowRight": next = at(row, col + 1); break;
        case "ArrowLeft": next = at(row, col - 1); break;
        case "ArrowDown": next = at(row + 1, col); break;
        case "ArrowUp": next = at(row - 1, col); break;
        case "Home": next = far(0, -1); break;
        case "End": next = far(0, 1); break;
        case "Enter":
        case " ":
          escaped = false;
          show(el);
          ev.preventDefault();
          return;
        default: return;
      }
      ev.preventDefault();
      if (next) next.focus();
    });

    // Printing shows the default neuron, whatever the reader pointed at.
    listenOutside(root, window, "beforeprint", function () {
      stop();
      clear();
      resetText();
    });

    // window.convmapExplorer.show(root, key): what pointing at that cell shows.
    root.convmapShow = function (key) {
      var parts = /^([oi]):(\d+),(\d+)$/.exec(String(key));
      if (!parts) return false;
      if (compressed && !cells[key]) {
        redraw(parts[1] === "o" ? "output" : "input", Number(parts[2]), Number(parts[3]));
      }
      var el = cells[key];
      if (!el || !entryOf(key)) return false;
      stop();
      escaped = false;
      show(el);
      reveal(el);
      return true;
    };

    restInView(root);
    root.setAttribute("data-cmx-ready", "true");
  }

  // At rest on a phone the default neuron can lie outside its strip's scroll box (the
  // Q&A's neuron 64 is the last cell of 64): scroll the box, never the page, to it.
  function restInView(root) {
    var box = root.querySelector(".cmx-scroll");
    var cell = root.querySelector('[data-grid="output"][data-default="true"]');
    if (!box || !cell || box.scrollWidth <= box.clientWidth) return;
    var b = box.getBoundingClientRect(), c = cell.getBoundingClientRect();
    if (c.left >= b.left && c.right <= b.right) return;
    box.scrollLeft += c.left - b.left - (b.width - c.width) / 2;
  }

  function showCase(root, key) {
    if (!root) return false;
    setup(root);
    return root.convmapShow ? root.convmapShow(key) : false;
  }

  // "Show me" buttons of Check yourself: <button data-convmap-show="explorer id" data-key="o:0,9">
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button[data-convmap-show]") : null;
    if (!button) return;
    var root = document.getElementById(button.getAttribute("data-convmap-show"));
    if (!root || !showCase(root, button.getAttribute("data-key"))) return;
    if (root.scrollIntoView) {
      root.scrollIntoView({ block: "nearest", behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
  });

  function boot() {
    document.querySelectorAll('[data-convmap="explorer"]').forEach(setup);
  }

  // Live pages insert explorers later (markup written by convmap under Pyodide):
  // they call window.convmapExplorer.setup(root) on the new root.
  // listeners(): how many document/window listeners explorers hold (two per explorer on the page).
  window.convmapExplorer = {
    setup: setup,
    boot: boot,
    show: showCase,
    listeners: function () {
      dropDetached();
      return outerListeners.length;
    }
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
