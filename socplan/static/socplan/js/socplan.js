/* socplan: small site-wide behaviour, kept out of the templates (the Content-Security-Policy
 * allows no inline script, no on*="" handler and no hx-on attribute).
 *
 * - An in-place editor (.inline-editor) that htmx has just filled gets the focus on its
 *   first field.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.classList || !target.classList.contains("inline-editor")) return;
    var field = target.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus();
  });
})();
