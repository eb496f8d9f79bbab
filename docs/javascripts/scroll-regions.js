// Wide tables scroll sideways inside Material's .md-typeset__scrollwrap box.
// A keyboard user can only scroll a box that takes focus, so every box that
// overflows gets tabindex="0" and a name (WCAG 2.1.1; axe's
// "scrollable-region-focusable"); one that fits loses them again.
(function () {
  "use strict";

  function label(box) {
    var caption = box.querySelector("caption");
    var head = box.querySelector("th");
    var text = caption ? caption.textContent : head ? head.textContent : "";
    return "Table, scrolls sideways" + (text ? ": " + text.trim() : "");
  }

  function update() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label(box));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  var pending = 0;
  function schedule() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(update);
  }

  // Material wraps tables in its own script: run after it, on every page it shows.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(schedule);
  }
  document.addEventListener("DOMContentLoaded", schedule);
  window.addEventListener("load", schedule);
  window.addEventListener("resize", schedule);
})();
