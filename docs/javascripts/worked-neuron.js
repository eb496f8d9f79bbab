// A worked neuron: show one position's tables at a time. The tables and every number in
// them were computed at build time; this script only switches which one is visible.
(function () {
  "use strict";
  function setUp(root) {
    var steps = root.querySelectorAll(".cm-worked-step");
    var controls = root.querySelector(".cm-worked-controls");
    if (!steps.length || !controls) return;
    var prev = controls.querySelector('[data-action="prev"]');
    var next = controls.querySelector('[data-action="next"]');
    var status = controls.querySelector(".cm-worked-status");
    var current = 0;
    function show(k) {
      current = k;
      for (var j = 0; j < steps.length; j++) steps[j].hidden = j !== k;
      prev.disabled = k === 0;
      next.disabled = k === steps.length - 1;
      // The sentence comes in the page's language from the build (data-status).
      var template = status.getAttribute("data-status") || "Position {k} of {n}: {label}";
      status.textContent = template.replace("{k}", String(k + 1))
        .replace("{n}", String(steps.length))
        .replace("{label}", steps[k].getAttribute("data-label"));
      root.setAttribute("data-step", String(k));
    }
    prev.addEventListener("click", function () { if (current > 0) show(current - 1); });
    next.addEventListener("click", function () {
      if (current < steps.length - 1) show(current + 1);
    });
    controls.hidden = false;
    show(0);
  }
  function init() {
    var roots = document.querySelectorAll('[data-convmap="worked-neuron"]');
    for (var i = 0; i < roots.length; i++) setUp(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
