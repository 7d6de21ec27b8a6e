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
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
