/* socplan maps: circle markers from a json_script, drawn with Leaflet.
 *
 * Markup (the text inside the div is the fallback shown when the map cannot load):
 *   <div class="map" data-points="ID" data-tile-url="..." data-attribution="..."
 *        role="region" aria-label="...">  <p class="map-fallback">...</p>  </div>
 *   {{ points|json_script:"ID" }}
 * where points is a list of {name, lat, lon, value?, label?, url?}: the marker's size
 * follows value (for example the population), the popup shows name, label and a link;
 * or, more compact for many places of few services,
 * {linkText, services: [{name, url, places: [[lat, lon, label], ...]}]}.
 */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function readPoints(container) {
    var source = document.getElementById(container.dataset.points || "");
    if (!source) return [];
    try {
      var data = JSON.parse(source.textContent);
      if (Array.isArray(data)) return data;
      // the compact form: {linkText, services: [{name, url, places: [[lat, lon, label]]}]}
      var points = [];
      ((data && data.services) || []).forEach(function (s) {
        (s.places || []).forEach(function (p) {
          points.push({ name: s.name, url: s.url, lat: p[0], lon: p[1], label: p[2], linkText: data.linkText });
        });
      });
      return points;
    } catch (e) {
      return [];
    }
  }

  function radius(value, maxValue) {
    if (!value || !maxValue) return 4;
    return 4 + 18 * Math.sqrt(value / maxValue);
  }

  function draw(container) {
    if (container.dataset.mapReady) return;
    var points = readPoints(container);
    if (!window.L || !points.length) return; // the fallback text stays
    container.dataset.mapReady = "1";
    var fallback = container.innerHTML;
    container.innerHTML = "";
    try {
      var map = L.map(container, { scrollWheelZoom: false });
      var tiles = L.tileLayer(container.dataset.tileUrl, {
        maxZoom: 18,
        attribution: container.dataset.attribution || ""
      }).addTo(map);
      var warned = false;
      tiles.on("tileerror", function () {
        if (warned) return;
        warned = true;
        container.classList.add("map--no-tiles");
      });
      var maxValue = points.reduce(function (max, p) { return Math.max(max, p.value || 0); }, 0);
      var bounds = [];
      points
        .slice()
        .sort(function (a, b) { return (b.value || 0) - (a.value || 0); }) // small on top
        .forEach(function (p) {
          var marker = L.circleMarker([p.lat, p.lon], {
            radius: radius(p.value, maxValue),
            color: "#0b4a8a",
            weight: 1.5,
            fillColor: "#2362a2",
            fillOpacity: 0.45
          }).addTo(map);
          var html = "<strong>" + escapeHtml(p.name) + "</strong>";
          if (p.label) html += "<br>" + escapeHtml(p.label);
          if (p.url) html += '<br><a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.linkText || p.name) + "</a>";
          marker.bindPopup(html);
          marker.bindTooltip(escapeHtml(p.name));
          bounds.push([p.lat, p.lon]);
        });
      if (bounds.length === 1) {
        map.setView(bounds[0], 12);
      } else {
        map.fitBounds(bounds, { padding: [20, 20] });
      }
    } catch (e) {
      container.innerHTML = fallback;
      delete container.dataset.mapReady;
    }
  }

  function init(root) {
    (root || document).querySelectorAll(".map[data-points]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  // Maps inside fragments loaded by htmx.
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
  window.socplanMaps = { init: init };
})();
