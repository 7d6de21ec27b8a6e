/* Public catalogue: small enhancements; every page works without this script. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
    var share = document.getElementById("share-url");
    if (share) {
      share.addEventListener("focus", function () { share.select(); });
    }
    initFiltersPanel();
    initShareButtons();
    initShortlistAnnouncements();
  }

  // On a phone the filters panel starts closed, above the results.
  function initFiltersPanel() {
    var panel = document.getElementById("filters-panel");
    if (!panel || !window.matchMedia) return;
    var narrow = window.matchMedia("(max-width: 50rem)");
    function apply() {
      if (narrow.matches) {
        panel.classList.add("facets-panel--compact");
        panel.open = false;
      } else {
        panel.classList.remove("facets-panel--compact");
        panel.open = true;
      }
    }
    apply();
    if (narrow.addEventListener) narrow.addEventListener("change", apply);
  }

  function say(text) {
    var region = document.getElementById("shortlist-announcer");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // The shortlist link: copied with one button, or given to the phone's share sheet.
  function initShareButtons() {
    var box = document.querySelector("[data-share-box]");
    var input = document.getElementById("share-url");
    if (!box || !input) return;
    var copy = box.querySelector("[data-copy]");
    var native = box.querySelector("[data-share]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(
          function () { say(copy.getAttribute("data-done")); },
          function () { input.focus(); input.select(); }
        );
      });
    }
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: document.title, url: input.value }).catch(function () {});
      });
    }
    if ((copy && !copy.hidden) || (native && !native.hidden)) box.hidden = false;
  }

  // Adding to (or removing from) the shortlist with htmx: focus stays on the same place
  // (the new button of that service) and the change is announced.
  function initShortlistAnnouncements() {
    document.body.addEventListener("htmx:afterSwap", function () {
      var forms = document.querySelectorAll(".shortlist-form[data-announce]");
      forms.forEach(function (form) {
        var button = form.querySelector("button");
        if (button) button.focus();
        say(form.getAttribute("data-announce"));
        form.removeAttribute("data-announce");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
