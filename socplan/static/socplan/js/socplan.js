/* socplan: small site-wide behaviour, kept out of the templates (the Content-Security-Policy
 * allows no inline script, no on*="" handler and no hx-on attribute).
 *
 * - An in-place editor (.inline-editor) that htmx has just filled gets the focus on its
 *   first field.
 * - A table too wide for the screen (a .table-wrap that scrolls, on a phone) can be scrolled
 *   with the keyboard: the box takes the focus (tabindex="0") and is a region named after
 *   the table's caption (or the heading before it). Boxes that fit are left alone, so that
 *   the Tab key does not stop on them.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.classList || !target.classList.contains("inline-editor")) return;
    var field = target.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus();
  });

  function tableName(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    var section = box.closest("section, article");
    var heading = section && section.querySelector("h2, h3, h4");
    if (heading) return heading.textContent.trim();
    return document.documentElement.lang === "cs" ? "Tabulka" : "Table";
  }

  function markScrollingTables() {
    var boxes = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", tableName(box));
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }

  var pending = null;
  function later() {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(markScrollingTables, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollingTables);
  } else {
    markScrollingTables();
  }
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
})();
