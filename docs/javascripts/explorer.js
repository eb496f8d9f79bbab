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
 * / Step slide the kernel over the output cells in the order the data gives.
 */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false };

  function keyOf(el) {
    return el.getAttribute("data-grid").charAt(0) + ":" +
      el.getAttribute("data-row") + "," + el.getAttribute("data-col");
  }

  function setup(root) {
    if (root.getAttribute("data-cmx-ready") === "true") return;
    var script = root.querySelector("script.cmx-data");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    var cells = {};
    root.querySelectorAll("[data-grid]").forEach(function (el) {
      cells[keyOf(el)] = el;
    });
    var live = root.querySelector(".cmx-live");
    var kernel = root.querySelector(".cmx-kernel");
    var intro = live ? live.textContent : "";
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
      if (kernel) kernel.setAttribute("hidden", "");
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
      var entry = data.cells[key];
      if (!entry) return;
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

    function advance() {
      step = (step + 1) % data.order.length;
      show(cells[data.order[step]]);
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
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || (lit.length === 0 && timer === null)) return;
      escaped = true;
      stop();
      clear();
      resetText();
    });

    root.addEventListener("keydown", function (ev) {
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

    root.setAttribute("data-cmx-ready", "true");
  }

  function boot() {
    document.querySelectorAll('[data-convmap="explorer"]').forEach(setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
