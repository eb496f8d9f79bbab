/* "Your own network": a stack, one layer per line, traced by convmap (Python in the page).
 *
 * The stack lives in the URL query (?input=H,W,C&stack=<lines>&layer=N&neuron=R,C,
 * 1-based layer and neuron). This script copies the form into the query and
 * back, hands the query to live_network.render (Python) and shows the HTML it
 * returns. It computes nothing.
 * Hook for tests: window.convmapLive.renderNetwork() re-reads the URL and re-renders.
 */
(function () {
  "use strict";

  function main() {
    var root = document.querySelector('[data-convmap="live-network"]');
    if (!root || !window.convmapLive) return;
    var form = root.querySelector("form");

    function field(name) { return form.elements.namedItem(name); }

    function setControls(q) {
      ["input", "stack"].forEach(function (name) {
        if (q.get(name)) field(name).value = q.get(name);
      });
      var layer = q.get("layer");
      var select = field("layer");
      if (layer) {
        var known = Array.prototype.some.call(select.options, function (o) {
          return o.value === layer;
        });
        if (!known) {
          var option = document.createElement("option");
          option.value = option.textContent = layer;
          select.appendChild(option);
        }
        select.value = layer;
      }
      if (q.get("neuron")) {
        var parts = q.get("neuron").split(",");
        field("neuron-r").value = parts[0];
        field("neuron-c").value = parts[1] || "1";
      }
    }

    function queryFromControls() {
      var q = new URLSearchParams();
      q.set("input", field("input").value);
      q.set("stack", field("stack").value);
      q.set("layer", field("layer").value || "1");
      q.set("neuron", field("neuron-r").value + "," + field("neuron-c").value);
      return "?" + q.toString().replace(/%2C/g, ",");
    }

    function apply(out) {
      var error = root.querySelector('[data-convmap="error"]');
      error.textContent = out.state === "error" ? out.error : (out.region_error || "");
      error.hidden = !error.textContent;
      root.querySelectorAll(".live-result").forEach(function (el) {
        el.hidden = out.state !== "ready";
      });
      if (out.state !== "ready") {
        root.setAttribute("data-state", "error");
        return;
      }
      root.querySelector('[data-slot="table"]').innerHTML = out.table;
      root.querySelector('[data-slot="region"]').innerHTML = out.region;
      root.querySelector('[data-slot="region-say"]').textContent = out.region_say || "";
      var select = field("layer");
      var wanted = new URLSearchParams(window.location.search).get("layer") || select.value;
      select.innerHTML = "";
      out.layers.forEach(function (name, i) {
        var option = document.createElement("option");
        option.value = String(i + 1);
        option.textContent = name;
        select.appendChild(option);
      });
      select.value = wanted;
      root.setAttribute("data-state", out.region_error ? "error" : "ready");
    }

    function render() {
      root.setAttribute("data-state", "computing");
      return window.convmapLive.engine().then(function (py) {
        var out = JSON.parse(py.pyimport("live_network").render(window.location.search, document.documentElement.lang || "en"));
        if (out.query) setControls(new URLSearchParams(out.query.slice(1)));
        apply(out);
        return out;
      });
    }

    function changed() {
      window.history.replaceState(null, "", queryFromControls() + window.location.hash);
      if (window.convmapLive.started()) render().catch(function () {});
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); changed(); });
    root.querySelectorAll("button[data-action='trace']").forEach(function (b) {
      b.addEventListener("click", changed);
    });
    field("layer").addEventListener("change", changed);
    window.addEventListener("popstate", function () {
      if (window.convmapLive.started()) render().catch(function () {});
    });

    setControls(new URLSearchParams(window.location.search));
    window.convmapLive.whenReady(function () { render().catch(function () {}); });
    window.convmapLive.renderNetwork = render;
  }

  // live.js (the engine) is loaded after the page content: start once the page is parsed.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }
})();
