// The console's map: the points of /console/map/points drawn with Leaflet, coloured by state and
// clustered on a pixel grid (a cell with several leads is one circle with their number; a click
// zooms in; one lead is a dot that opens the lead). No inline script (the Content-Security-Policy
// allows none): settings and labels come from the map element's data attributes.
(function () {
  const element = document.getElementById('map');
  const settings = element.dataset;
  const COLOURS = {
    RECEIVED: '#7f8c8d', INVALID: '#555555', HELD: '#b7950b', DISPUTED: '#d35400', ROUTED: '#2980b9',
    DISPATCHED: '#2471a3', DELIVERY_FAILED: '#c0392b', ACCEPTED: '#16a085', IN_PROGRESS: '#27ae60',
    CLOSED: '#196f3d', DISMISSED: '#8e44ad', MERGED: '#a6acaf'
  };
  const CELL = 48; // pixels: points closer than this at the current zoom share a circle
  const map = L.map(element, {preferCanvas: false, zoomSnap: 0.5});
  if (settings.tiles) {
    L.tileLayer(settings.tiles, {attribution: settings.attribution || '', maxZoom: 19}).addTo(map);
  } else {
    element.classList.add('plain');
  }
  const layer = L.layerGroup().addTo(map);
  const labels = L.layerGroup().addTo(map);
  let points = [];

  function draw() {
    layer.clearLayers();
    const cells = new Map();
    for (const p of points) {
      const at = map.project([p.lat, p.lng]);
      const key = Math.floor(at.x / CELL) + ':' + Math.floor(at.y / CELL);
      if (!cells.has(key)) {
        cells.set(key, []);
      }
      cells.get(key).push(p);
    }
    for (const group of cells.values()) {
      if (group.length === 1) {
        const p = group[0];
        const dot = L.circleMarker([p.lat, p.lng], {radius: 7, color: '#ffffff', weight: 1.5,
          fillColor: COLOURS[p.state] || '#333333', fillOpacity: 0.95, className: 'lead-dot'});
        dot.bindTooltip(p.ref + ' · ' + (p.name || '') + ' · ' + (states[p.state] || p.state));
        dot.on('click', () => { window.location.href = settings.lead + encodeURIComponent(p.ref); });
        dot.addTo(layer);
      } else {
        const lat = group.reduce((s, p) => s + p.lat, 0) / group.length;
        const lng = group.reduce((s, p) => s + p.lng, 0) / group.length;
        const cluster = L.circleMarker([lat, lng], {radius: 12 + Math.min(14, Math.log2(group.length) * 3),
          color: '#ffffff', weight: 2, fillColor: '#34495e', fillOpacity: 0.85, className: 'lead-cluster'});
        cluster.bindTooltip(String(group.length), {permanent: true, direction: 'center', className: 'cluster-count'});
        cluster.bindPopup(settings.cluster.replace('{0}', group.length));
        cluster.on('click', () => {
          const bounds = L.latLngBounds(group.map(p => [p.lat, p.lng]));
          if (bounds.getNorthEast().equals(bounds.getSouthWest()) || map.getZoom() >= map.getMaxZoom()) {
            cluster.openPopup(); // the same place: nothing to zoom apart
          } else {
            map.fitBounds(bounds.pad(0.3));
          }
        });
        cluster.addTo(layer);
      }
    }
  }

  let states = {};
  fetch(settings.points, {credentials: 'same-origin'}).then(r => r.json()).then(data => {
    states = data.states;
    points = data.points;
    document.getElementById('map-summary').textContent =
      (data.read < data.matching ? settings.capped : settings.summary)
        .replace('{0}', data.matching).replace('{1}', points.length).replace('{2}', data.limit);
    const legend = document.getElementById('map-legend');
    const shown = [...new Set(points.map(p => p.state))];
    for (const state of shown) {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = COLOURS[state] || '#333333';
      item.append(swatch, document.createTextNode(states[state] || state));
      legend.append(item);
    }
    if (!settings.tiles) {
      for (const town of data.towns) {
        L.tooltip({permanent: true, direction: 'center', className: 'town-label'})
          .setLatLng([town.lat, town.lng]).setContent(town.name).addTo(labels);
      }
    }
    if (points.length) {
      map.fitBounds(L.latLngBounds(points.map(p => [p.lat, p.lng])).pad(0.1), {maxZoom: 15});
    } else {
      map.setView([22.95, 113.75], 10); // the city's middle, for an empty map
    }
    map.on('zoomend', draw);
    draw();
    element.dataset.drawn = String(points.length);
  });
})();
