/* "Your own layer": controls <-> URL query <-> convmap (Python in the page) <-> what is shown.
 *
 * The setting lives in the URL query (?input=H,W&kernel=KH,KW&stride=SH,SW&
 * dilation=DH,DW&padding=P&channels=C&filters=F&bias=1, plus neuron=R,C or
 * pixel=R,C, 1-based, for the picked cell). This script only copies control
 * values into the query and back, hands the query to live_layer.render (Python)
 * and puts the text and HTML it returns into the page. It computes nothing.
 * Hook for tests: window.convmapLive.renderLayer() re-reads the URL and re-renders.
 */
(function () {
  "use strict";

  function main() {
    var root = document.querySelector('[data-convmap="live-layer"]');
    if (!root || !window.convmapLive) return;
    var form = root.querySelector("form");
    var WORDS = ["valid", "same", "full", "torch-same"];
    var PAIRS = ["input", "kernel", "stride", "dilation"];
    var timer = null;

    function field(name) { return form.elements.namedItem(name); }

    function setControls(q) {
      PAIRS.forEach(function (name) {
        var v = q.get(name);
        if (!v) return;
        var parts = v.split(",");
        field(name + "-h").value = parts[0];
        field(name + "-w").value = parts.length > 1 ? parts[1] : parts[0];
      });
      ["channels", "filters"].forEach(function (name) {
        if (q.get(name)) field(name).value = q.get(name);
      });
      if (q.get("bias")) field("bias").checked = ["0", "false", "no"].indexOf(q.get("bias")) < 0;
      var p = (q.get("padding") || "").toLowerCase();
      if (WORDS.indexOf(p) >= 0) {
        field("padding").value = p;
      } else if (p) {
        field("padding").value = "explicit";
        p.split(",").forEach(function (v, i) {
          var box = field(["pad-t", "pad-b", "pad-l", "pad-r"][i]);
          if (box) box.value = v;
        });
      }
      syncExplicit();
    }

    function syncExplicit() {
      var on = field("padding").value === "explicit";
      root.querySelectorAll(".live-explicit input").forEach(function (i) { i.disabled = !on; });
    }

    function queryFromControls(pick) {
      var q = new URLSearchParams();
      PAIRS.forEach(function (name) {
        q.set(name, field(name + "-h").value + "," + field(name + "-w").value);
      });
      var p = field("padding").value;
      if (p === "explicit") {
        p = ["pad-t", "pad-b", "pad-l", "pad-r"].map(function (n) { return field(n).value; }).join(",");
      }
      q.set("padding", p);
      q.set("channels", field("channels").value);
      q.set("filters", field("filters").value);
      q.set("bias", field("bias").checked ? "1" : "0");
      if (pick) q.set(pick, field(pick + "-r").value + "," + field(pick + "-c").value);
      return "?" + q.toString().replace(/%2C/g, ",");
    }

    function show(name, html) {
      var el = root.querySelector('[data-slot="' + name + '"]');
      if (el) el.innerHTML = html || "";
      return el;
    }

    function apply(out, focusPick) {
      var error = root.querySelector('[data-convmap="error"]');
      error.textContent = out.state === "error" ? out.error : "";
      error.hidden = out.state !== "error";
      root.querySelectorAll(".live-result").forEach(function (el) {
        el.hidden = out.state !== "ready";
      });
      if (out.state !== "ready") {
        show("explorer", "");
        root.setAttribute("data-state", "error");
        return Promise.resolve();
      }
      var values = root.querySelector('[data-convmap="layer-values"]');
      Object.keys(out.values).forEach(function (k) {
        var el = values.querySelector('[data-value="' + k + '"]');
        if (el) el.textContent = out.values[k];
      });
      Object.keys(out.attrs).forEach(function (k) { values.setAttribute(k, out.attrs[k]); });
      show("coverage", out.coverage);
      Object.keys(out.code).forEach(function (k) {
        var el = root.querySelector('[data-code="' + k + '"]');
        if (el) el.textContent = out.code[k];
      });
      root.querySelector('[data-slot="pick"]').textContent = out.pick;
      var slot = show("explorer", out.explorer);
      var explorer = slot.querySelector('[data-convmap="explorer"]');
      if (!explorer) {
        root.setAttribute("data-state", "ready");
        return Promise.resolve();
      }
      // explorer.js's public call wires the new explorer (hover, focus, pick by number)
      window.convmapExplorer.setup(explorer);
      // ready: pointing at a cell now lights its mapping
      explorer.setAttribute("data-state", "ready");
      root.setAttribute("data-state", "ready");
      if (focusPick && out.focus) {
        var cell = explorer.querySelector('[data-grid="' + out.focus.grid + '"][data-row="' +
          out.focus.row + '"][data-col="' + out.focus.col + '"]');
        if (cell) cell.focus();
      }
      return Promise.resolve();
    }

    function render(focusPick) {
      root.setAttribute("data-state", "computing");
      return window.convmapLive.engine().then(function (py) {
        var out = JSON.parse(py.pyimport("live_layer").render(window.location.search, document.documentElement.lang || "en"));
        if (out.settings) {
          setControls(new URLSearchParams(out.query ? out.query.slice(1) : ""));
        }
        return apply(out, focusPick).then(function () { return out; });
      });
    }

    function changed(pick) {
      window.clearTimeout(timer);
      var query = queryFromControls(pick);
      window.history.replaceState(null, "", query + window.location.hash);
      if (window.convmapLive.started()) render(Boolean(pick)).catch(function () {});
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); changed(); });
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "padding") syncExplicit();
      if (ev.target.closest(".live-pick")) return;
      window.clearTimeout(timer);
      changed();
    });
    form.addEventListener("input", function (ev) {
      if (ev.target.closest(".live-pick") || ev.target.type !== "number") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(changed, 400);
    });
    root.querySelectorAll("button[data-pick]").forEach(function (b) {
      b.addEventListener("click", function () { changed(b.getAttribute("data-pick")); });
    });
    window.addEventListener("popstate", function () {
      if (window.convmapLive.started()) render(false).catch(function () {});
    });

    setControls(new URLSearchParams(window.location.search));
    window.convmapLive.whenReady(function () { render(false).catch(function () {}); });
    window.convmapLive.renderLayer = render;
  }

  // live.js (the engine) is loaded after the page content: start once the page is parsed.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
