/* conflictwatch analyst desk.
 *
 * Report texts and every coded field are untrusted: the DOM is built with createElement and
 * textContent only — no innerHTML, no HTML strings carrying data anywhere in this file.
 */
(function () {
  "use strict";

  var TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments"];
  // evidence field -> highlight group (a colour in desk.css)
  var EVIDENCE_GROUP = {
    event_date: "date", event_type: "type", sub_event_type: "type", disorder_type: "type",
    actor1: "actor", actor2: "actor", assoc_actor_1: "actor", assoc_actor_2: "actor",
    location: "place", country: "place", admin1: "place", admin2: "place", admin3: "place",
    fatalities: "count", injuries: "count", arrests: "count", claimed_by: "source", source: "source"
  };
  var GROUP_LABEL = {date: "date", type: "type", actor: "actors", place: "place", count: "counts", source: "source"};
  var FIELD_ROWS = [
    ["event_date", "Date"], ["time_precision", "Time precision"], ["disorder_type", "Disorder"],
    ["event_type", "Event type"], ["sub_event_type", "Sub-event type"],
    ["actor1", "Actor 1"], ["assoc_actor_1", "Assoc. actor 1"], ["inter1", "Inter 1"],
    ["actor2", "Actor 2"], ["assoc_actor_2", "Assoc. actor 2"], ["inter2", "Inter 2"], ["interaction", "Interaction"],
    ["location", "Location"], ["admin1", "Admin 1"], ["admin2", "Admin 2"], ["country", "Country"],
    ["latitude", "Latitude"], ["longitude", "Longitude"], ["geo_precision", "Geo precision"],
    ["fatalities", "Fatalities"], ["injuries", "Injuries"], ["arrests", "Arrests"],
    ["source_kind", "Source kind"], ["claimed_by", "Claimed by"], ["flags", "Flags"]
  ];
  var LIST_MAX = 300, LIST_FIRST = 40;
  var DAY = 86400000;

  var state = {
    config: null, all: [], byId: {}, view: [], inFilters: [], brush: null, bin: null, selected: null,
    hiddenTypes: {}, markers: {}, token: sessionStorage.getItem("cw-token") || "", detail: null,
    searchIds: null, searchQuery: "", preset: null, restoring: null
  };
  var map, outlines, labels;
  var $ = function (id) { return document.getElementById(id); };
  var timings = {};
  function mark(name) { timings[name] = Math.round(performance.now()); }

  // -- DOM helpers: text only ---------------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else if (k === "on") Object.keys(v).forEach(function (ev) { el.addEventListener(ev, v[ev]); });
        else if (k === "dataset") Object.keys(v).forEach(function (d) { el.dataset[d] = v[d]; });
        else el.setAttribute(k, v);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function svg(tag, attrs) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }
  function typeIndex(type) { var i = TYPES.indexOf(type); return i < 0 ? 6 : i; }
  function fmtDeaths(p) { return p.fatalities_known === false ? "?" : String(p.fatalities || 0); }
  function place(p) { return [p.location, p.admin1, p.country].filter(Boolean).join(", ") || "unknown place"; }

  // -- API ------------------------------------------------------------------------------------------
  function api(path, options) {
    options = options || {};
    var headers = {"Accept": "application/json"};
    if (options.body) headers["Content-Type"] = "application/json";
    if (options.auth && state.token) headers["Authorization"] = "Bearer " + state.token;
    return fetch(path, {method: options.method || "GET", headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var e = (data && data.error) || {message: r.statusText, status: r.status, code: ""};
          var err = new Error(e.message); err.status = e.status; err.code = e.code; throw err;
        }
        return data;
      });
    });
  }

  // -- loading ------------------------------------------------------------------------------------
  function fetchEvents() {
    return api("/api/desk/events" + ($("f-rejected").checked ? "?include_rejected=true" : ""));
  }
  // the columns the server sends (see conflictwatch.store.desk), as one object per event
  function decodeEvents(data) {
    var cols = data.columns, vals = data.values, out = new Array(data.n);
    var coded = Object.keys(vals), plain = Object.keys(cols).filter(function (k) { return !vals[k]; });
    for (var i = 0; i < data.n; i++) {
      var p = {};
      for (var a = 0; a < plain.length; a++) p[plain[a]] = cols[plain[a]][i];
      for (var b = 0; b < coded.length; b++) p[coded[b]] = vals[coded[b]][cols[coded[b]][i]];
      p.source_kinds = p.source_kinds ? p.source_kinds.split("|") : [];
      p.lat = p.latitude === null || p.longitude === null ? null : p.latitude;
      p.lon = p.lat === null ? null : p.longitude;
      p.t = p.event_date ? Date.parse(p.event_date + "T00:00:00Z") : null;
      p.ti = typeIndex(p.event_type);
      if (p.t !== null) p.wk = binStart(p.t, "week");
      if (p.lat !== null) project(p);
      out[i] = p;
    }
    return out;
  }
  function newestFirst(a, b) { return (b.t || 0) - (a.t || 0) || (a.id < b.id ? -1 : 1); }
  function load(pending) {
    var t0 = performance.now();
    document.body.dataset.ready = "";
    return (pending || fetchEvents()).then(function (data) {
      mark("data");
      state.all = decodeEvents(data);
      state.byId = {}; state.extent = undefined;
      var sorted = true, all = state.all;
      for (var i = 0; i < all.length; i++) {
        state.byId[all[i].id] = all[i];
        if (i && newestFirst(all[i - 1], all[i]) > 0) sorted = false;
      }
      // newest first (the server sends them so): every filtered list keeps this order, so the list never sorts
      if (!sorted) all.sort(newestFirst);
      buildFacets();
      restoreSelects();
      mark("markers");
      var searched = state.restoring && $("f-q").value.trim() ? runSearch() : Promise.resolve();
      return searched.then(function () {
        applyFilters(function () {
          mark("drawn");
          document.body.dataset.loadMs = String(Math.round(performance.now() - t0));
          document.body.dataset.ready = "1";
        });
      });
    }).catch(function (err) {
      $("summary").textContent = "could not load events: " + err.message;
    });
  }

  function distinct(values) {
    var seen = {};
    values.forEach(function (v) { if (v) seen[v] = (seen[v] || 0) + 1; });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); });
  }
  function fillSelect(select, values, allLabel) {
    var keep = select.value;
    clear(select);
    select.appendChild(new Option(allLabel, ""));
    values.forEach(function (v) { select.appendChild(new Option(v, v)); });
    if (values.indexOf(keep) >= 0) select.value = keep;
  }
  function buildFacets() {
    var all = state.all;
    var types = distinct(all.map(function (p) { return p.event_type; }));
    types.sort(function (a, b) { return typeIndex(a) - typeIndex(b); });
    fillSelect($("f-type"), types, "All types");
    refreshSubTypes();
    fillSelect($("f-country"), distinct(all.map(function (p) { return p.country; })), "All");
    refreshAdmin1();
    var kinds = {};
    all.forEach(function (p) { p.source_kinds.forEach(function (k) { kinds[k] = 1; }); });
    fillSelect($("f-kind"), Object.keys(kinds).sort(), "Any source");
    var actors = clear($("actors"));
    distinct([].concat.apply([], all.map(function (p) { return [p.actor1, p.actor2]; }))).slice(0, 500)
      .forEach(function (a) { actors.appendChild(h("option", {value: a})); });
    state.presentTypes = [0, 1, 2, 3, 4, 5, 6].filter(function (i) { return all.some(function (p) { return p.ti === i; }); });
  }
  // one key per event type in the data, with how many events of that type the other filters let through
  function drawLegend(counts) {
    var legend = clear($("legend"));
    (state.presentTypes || []).forEach(function (i) {
      var t = TYPES[i] || "Other", off = Boolean(state.hiddenTypes[i]);
      legend.appendChild(h("button", {type: "button", "class": "key" + (off ? " off" : ""), "aria-pressed": String(!off),
        title: (off ? "show " : "hide ") + t, dataset: {ti: String(i), n: String(counts[i])}, on: {click: function () {
          state.hiddenTypes[i] = !state.hiddenTypes[i]; applyFilters(); focusLegendKey(i);
        }}}, h("span", {"class": "dot t" + i, "aria-hidden": "true"}), t + " " + counts[i]));
    });
  }
  function focusLegendKey(i) {
    var key = document.querySelector('#legend .key[data-ti="' + i + '"]');
    if (key) key.focus();
  }
  // the sub-types of each type and the admin1 units of each country, gathered once per load
  function facetIndex() {
    if (state.facets && state.facets.of === state.all) return state.facets;
    var subs = {"": {}}, units = {"": {}};
    state.all.forEach(function (p) {
      if (p.sub_event_type) { (subs[p.event_type] = subs[p.event_type] || {})[p.sub_event_type] = 1; subs[""][p.sub_event_type] = 1; }
      if (p.admin1) { (units[p.country] = units[p.country] || {})[p.admin1] = 1; units[""][p.admin1] = 1; }
    });
    state.facets = {of: state.all, subs: subs, units: units};
    return state.facets;
  }
  function sortedKeys(o) { return Object.keys(o || {}).sort(function (a, b) { return a.localeCompare(b); }); }
  function refreshSubTypes() {
    fillSelect($("f-sub"), sortedKeys(facetIndex().subs[$("f-type").value]), "All sub-types");
  }
  function refreshAdmin1() {
    fillSelect($("f-admin1"), sortedKeys(facetIndex().units[$("f-country").value]), "All");
  }

  // -- filtering ----------------------------------------------------------------------------------
  function intOrNull(v) { return v === "" || isNaN(parseInt(v, 10)) ? null : Math.max(0, parseInt(v, 10)); }
  function currentFilters() {
    return {
      since: $("f-since").value ? Date.parse($("f-since").value + "T00:00:00Z") : null,
      until: $("f-until").value ? Date.parse($("f-until").value + "T00:00:00Z") : null,
      type: $("f-type").value, sub: $("f-sub").value, actor: $("f-actor").value.trim().toLowerCase(),
      country: $("f-country").value, admin1: $("f-admin1").value, kind: $("f-kind").value,
      fmin: intOrNull($("f-fmin").value), fmax: intOrNull($("f-fmax").value)
    };
  }
  // every filter but the legend's hidden types (the legend counts what each type would add)
  function matchesBut(p, f) {
    if (state.searchIds && !state.searchIds[p.id]) return false;
    if (f.fmin !== null && (p.fatalities || 0) < f.fmin) return false;
    if (f.fmax !== null && (p.fatalities || 0) > f.fmax) return false;
    if (f.since !== null && (p.t === null || p.t < f.since)) return false;
    if (f.until !== null && (p.t === null || p.t > f.until)) return false;
    if (f.type && p.event_type !== f.type) return false;
    if (f.sub && p.sub_event_type !== f.sub) return false;
    if (f.country && p.country !== f.country) return false;
    if (f.admin1 && p.admin1 !== f.admin1) return false;
    if (f.kind && p.source_kinds.indexOf(f.kind) < 0) return false;
    if (f.actor && ((p.actor1 || "") + "|" + (p.actor2 || "")).toLowerCase().indexOf(f.actor) < 0) return false;
    return true;
  }
  function applyFilters(done) {
    var started = performance.now();
    var f = currentFilters();
    state.candidates = state.all.filter(function (p) { return matchesBut(p, f); });
    state.inFilters = state.candidates.filter(function (p) { return !state.hiddenTypes[p.ti]; });
    drawTimeline();
    mark("timeline");
    applyBrush(done);
    // how long the page took to show the new set, painted (the benchmark reads it)
    requestAnimationFrame(function () { setTimeout(function () {
      document.body.dataset.filterMs = String(Math.round(performance.now() - started)); }, 0); });
  }
  function inView(id) { var p = state.byId[id]; return Boolean(p) && p.vs === state.viewStamp; }
  function applyBrush(done) {
    var b = state.brush;
    var inBrush = function (p) { return !b || (p.t !== null && p.t >= b[0] && p.t < b[1]); };
    var counts = [0, 0, 0, 0, 0, 0, 0];
    state.candidates.forEach(function (p) { if (inBrush(p)) counts[p.ti] += 1; });
    drawLegend(counts);
    state.view = !b ? state.inFilters : state.inFilters.filter(inBrush);
    var stamp = (state.viewStamp || 0) + 1;
    state.viewStamp = stamp;
    state.view.forEach(function (p) { p.vs = stamp; });
    if (state.selected && !inView(state.selected)) deselect();  // the panel never shows a filtered-out event
    drawMarkers(done);
    drawList();
    drawSummary();
    $("map-empty").hidden = !(state.all.length && !state.view.length);
    writeUrl();
  }

  // -- map ----------------------------------------------------------------------------------------
  function initMap() {
    map = L.map("map", {zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 18, preferCanvas: false}).setView([30, 30], 3);
    var cfg = state.config;
    var outlineStyle = {color: "#9aa7b5", weight: 0.8, fillColor: "#eef1f4", fillOpacity: cfg.tiles ? 0 : 1};
    fetch("/static/vendor/world-atlas/countries-110m.geojson").then(function (r) { return r.json(); }).then(function (world) {
      outlines = L.geoJSON(world, {style: outlineStyle, interactive: false, renderer: L.canvas({padding: 0.2})}).addTo(map);
      outlines.bringToBack();
    }).catch(function () { /* the plain background stays usable */ });
    if (cfg.tiles) {
      var errors = 0;
      var tiles = L.tileLayer(cfg.tiles, {attribution: escapeAttribution(cfg.tiles_attribution), maxZoom: 18});
      tiles.on("tileerror", function () {
        errors += 1;
        if (errors === 4 && outlines) { outlines.setStyle({fillOpacity: 1}); $("map").classList.add("offline-note"); }
      });
      tiles.addTo(map);
    }
    map.attributionControl.setPrefix("Leaflet · outlines: Natural Earth");
    pins = L.layerGroup().addTo(map);
    var timer = null;
    map.on("moveend zoomend", function () { clearTimeout(timer); timer = setTimeout(function () { placeMarkers(); }, 30); });
  }
  function escapeAttribution(text) {
    // Leaflet writes attributions as HTML; this one is a setting, still treated as text.
    return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The map's markers: the events in view are gathered into a grid of CELL-pixel squares at the
  // current zoom (one pass over them), and only the squares on screen become DOM markers — a pin for
  // a lone event, a cluster (its types as a pie) for several. 100,000 events cost a few hundred nodes.
  var CELL = 56, pins = null;
  function project(p) {  // web-mercator position in [0, 1) of the world, once per event
    var s = Math.sin(Math.max(-85, Math.min(85, p.lat)) * Math.PI / 180);
    p.wx = (p.lon + 180) / 360;
    p.wy = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  function drawMarkers(done) {
    var located = 0;
    state.view.forEach(function (p) { if (p.lat !== null) located += 1; });
    placeMarkers();
    document.body.dataset.drawn = String(located);
    if (done) done();
  }
  function placeMarkers() {
    if (!pins) return;
    pins.clearLayers();
    var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
    var b = map.getPixelBounds(), pad = CELL * 2;
    var x0 = b.min.x - pad, x1 = b.max.x + pad, y0 = b.min.y - pad, y1 = b.max.y + pad;
    var world = scale, cells = new Map(), alone = zoom >= 15;
    state.view.forEach(function (p) {
      if (p.lat === null) return;
      var x = p.wx * scale, y = p.wy * scale;
      // worldCopyJump: the view may sit one world to the left or right
      if (x < x0) x += world; else if (x > x1) x -= world;
      if (x < x0 || x > x1 || y < y0 || y > y1) return;
      var key = alone ? p.id : Math.floor(x / CELL) * 4194304 + Math.floor(y / CELL);  // 2^22 cells a side
      var c = cells.get(key);
      if (!c) { c = {n: 0, x: 0, y: 0, first: p, counts: [0, 0, 0, 0, 0, 0, 0]}; cells.set(key, c); }
      c.n += 1; c.x += x; c.y += y; c.counts[p.ti] += 1;
    });
    cells.forEach(function (c) {
      if (c.n === 1) pins.addLayer(pinMarker(c.first));
      else pins.addLayer(clusterMarker(c, zoom));
    });
  }
  // the lowest zoom at which no other event in view shares the event's grid cell (at most 15)
  function aloneZoom(p) {
    for (var z = Math.max(2, map.getZoom()); z < 15; z++) {
      var scale = 256 * Math.pow(2, z), cx = Math.floor(p.wx * scale / CELL), cy = Math.floor(p.wy * scale / CELL);
      var shared = state.view.some(function (q) {
        return q !== p && q.lat !== null && Math.floor(q.wx * scale / CELL) === cx && Math.floor(q.wy * scale / CELL) === cy;
      });
      if (!shared) return z;
    }
    return 15;
  }
  function pinSize(p) { return Math.round(Math.min(34, 11 + 4 * Math.sqrt(p.fatalities || 0))); }
  function pinMarker(p) {
    var d = pinSize(p);
    var el = h("div", {"class": "cw-pin t" + p.ti + (p.status === "rejected" ? " rejected" : "") + (p.id === state.selected ? " sel" : ""),
      role: "button", tabindex: "0", "aria-label": "Event: " + listLabel(p), dataset: {id: p.id},
      title: (p.event_date || "undated") + " · " + p.event_type + " · " + place(p) + " · " + fmtDeaths(p) + " fatalities"});
    el.style.width = el.style.height = d + "px";
    el.addEventListener("click", function () { select(p.id, {fromMap: true}); });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(p.id, {fromMap: true, keyboard: true}); }
    });
    return L.marker([p.lat, p.lon], {icon: L.divIcon({html: el, className: "cw-pin-box", iconSize: [d, d]}),
      keyboard: false, riseOnHover: true, zIndexOffset: p.id === state.selected ? 1000 : 0});
  }
  function clusterMarker(c, zoom) {
    var n = c.n, acc = 0, stops = [];
    c.counts.forEach(function (k, i) {
      if (!k) return;
      var from = acc / n * 100; acc += k;
      stops.push("var(--t" + i + ") " + from.toFixed(1) + "% " + (acc / n * 100).toFixed(1) + "%");
    });
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
    var el = h("div", {"class": "cw-cluster", role: "button", tabindex: "0",
      "aria-label": n + " events here; press Enter to zoom in"},
      h("span", {text: n >= 1000 ? (n / 1000).toFixed(n >= 10000 ? 0 : 1) + "k" : String(n)}));
    el.style.width = el.style.height = size + "px";
    el.style.background = "conic-gradient(" + stops.join(", ") + ")";
    var center = map.unproject([c.x / n, c.y / n], zoom);
    var zoomIn = function () { map.setView(center, Math.min(zoom + 2, 16)); };
    el.addEventListener("click", zoomIn);
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); zoomIn(); } });
    return L.marker(center, {icon: L.divIcon({html: el, className: "cw-cluster-box", iconSize: [size, size]}), keyboard: false});
  }
  function fitToView() {
    var s = 90, w = 180, n = -90, e = -180, any = false;
    state.view.forEach(function (p) {
      if (p.lat === null) return;
      any = true;
      if (p.lat < s) s = p.lat; if (p.lat > n) n = p.lat; if (p.lon < w) w = p.lon; if (p.lon > e) e = p.lon;
    });
    if (any) map.fitBounds(L.latLngBounds([s, w], [n, e]).pad(0.25), {maxZoom: 6});
  }
  function markSelected() {
    document.querySelectorAll(".cw-pin.sel").forEach(function (el) { el.classList.remove("sel"); });
    var el = state.selected && document.querySelector('.cw-pin[data-id="' + CSS.escape(state.selected) + '"]');
    if (el) el.classList.add("sel");
  }

  // -- list & summary -----------------------------------------------------------------------------
  var listToken = 0;
  function drawList() {
    var list = clear($("event-list")), token = ++listToken;
    var rows = state.view;  // already newest first (state.all is sorted once, at load)
    var shown = rows.slice(0, LIST_MAX), more = null;
    // the first screenful now, the rest of the rows just after the map and timeline are painted
    shown.slice(0, LIST_FIRST).forEach(addRow);
    if (shown.length > LIST_FIRST) {
      setTimeout(function () {
        if (token !== listToken) return;
        var rest = document.createDocumentFragment();
        shown.slice(LIST_FIRST).forEach(function (p) { rest.appendChild(row(p)); });
        list.insertBefore(rest, more);
      }, 0);
    }
    function addRow(p) { list.appendChild(row(p)); }
    function row(p) {
      return h("li", {"class": (p.id === state.selected ? "sel " : "") + (p.status === "rejected" ? "rejected" : ""),
        dataset: {id: p.id}},
        h("button", {type: "button", "aria-label": listLabel(p), on: {click: function (ev) {
          select(p.id, {pan: true, fromList: true, keyboard: ev.detail === 0}); }}},
          h("span", {"class": "dot t" + p.ti}),
          h("span", {"class": "what", text: p.sub_event_type || p.event_type}),
          h("span", {"class": "deaths badge", title: "fatalities", text: "† " + fmtDeaths(p)}),
          h("span", {"class": "where"}, h("span", {"class": "when", text: (p.event_date || "undated") + " · "}),
            place(p) + (p.actor1 ? " · " + p.actor1 : ""))));
    }
    if (!rows.length && state.all.length) {
      list.appendChild(h("li", {"class": "none"}, "No events match these filters. ",
        h("button", {type: "button", "class": "btn small", text: "Reset the filters", on: {click: resetFilters}})));
    }
    if (rows.length > LIST_MAX) {
      more = list.appendChild(h("li", {"class": "more", text: "showing " + LIST_MAX + " of " + rows.length +
        " — narrow the filters or the timeline to see the rest"}));
    }
    $("list-count").textContent = rows.length + (rows.length === 1 ? " event" : " events");
  }
  function listLabel(p) {
    return (p.sub_event_type || p.event_type) + ", " + (p.event_date || "undated") + ", " + place(p) +
      (p.actor1 ? ", " + p.actor1 : "") + ", " + fmtDeaths(p) + " fatalities";
  }
  function drawSummary() {
    var deaths = 0;
    state.view.forEach(function (p) { deaths += p.fatalities || 0; });
    var s = clear($("summary"));
    append(s, [h("b", {text: String(state.view.length)}), " of " + state.all.length + " events · ",
      h("b", {text: String(deaths)}), " reported fatalities"]);
    if (state.brush) append(s, " · " + iso(state.brush[0]) + " – " + iso(state.brush[1] - DAY));
  }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }

  // -- timeline -----------------------------------------------------------------------------------
  function binStart(t, bin) {
    if (bin === "day") return t;
    var d = new Date(t); var dow = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday
    return t - dow * DAY;
  }
  function extent() {
    if (state.extent !== undefined) return state.extent;
    var lo = Infinity, hi = -Infinity;
    state.all.forEach(function (p) { if (p.t !== null) { if (p.t < lo) lo = p.t; if (p.t > hi) hi = p.t; } });
    if (lo === Infinity) { state.extent = null; return null; }
    if (hi - lo < 28 * DAY) { var pad = Math.ceil((28 * DAY - (hi - lo)) / 2 / DAY) * DAY; lo -= pad; hi += pad; }
    state.extent = [lo, hi];
    return state.extent;
  }
  var tl = null;
  function drawTimeline() {
    var el = $("timeline");
    clear(el);
    var ext = extent();
    if (!ext) { tl = null; return; }
    var span = (ext[1] - ext[0]) / DAY;
    var bin = state.bin || (span > 150 ? "week" : "day");
    $("bin-label").textContent = bin;
    $("bin-day").classList.toggle("on", bin === "day");
    $("bin-week").classList.toggle("on", bin === "week");
    var step = bin === "day" ? DAY : 7 * DAY;
    var lo = binStart(ext[0], bin) - step, hi = binStart(ext[1], bin) + 2 * step;
    var nbins = Math.round((hi - lo) / step);
    var counts = [];
    for (var i = 0; i < nbins; i++) counts.push([0, 0, 0, 0, 0, 0, 0]);
    state.inFilters.forEach(function (p) {
      if (p.t === null) return;
      var k = Math.round(((bin === "day" ? p.t : p.wk) - lo) / step);
      if (k >= 0 && k < nbins) counts[k][p.ti] += 1;
    });
    var max = 1;
    counts.forEach(function (c) { var s = c.reduce(function (a, b) { return a + b; }, 0); if (s > max) max = s; });
    var W = el.clientWidth || 800, H = el.clientHeight || 120, padL = 34, padR = 10, padT = 8, padB = 18;
    var bw = (W - padL - padR) / nbins;
    var x = function (t) { return padL + (t - lo) / step * bw; };
    var y = function (v) { return padT + (H - padT - padB) * (1 - v / max); };
    el.setAttribute("viewBox", "0 0 " + W + " " + H);
    var axis = svg("g", {"class": "axis"});
    [0, max].forEach(function (v) {
      axis.appendChild(svg("line", {x1: padL, x2: W - padR, y1: y(v), y2: y(v)}));
      var label = svg("text", {x: padL - 5, y: y(v) + 3, "text-anchor": "end"}); label.textContent = String(v); axis.appendChild(label);
    });
    // month ticks
    var d = new Date(lo); d = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    var months = []; for (var m = d; m < hi; ) { months.push(m); var md = new Date(m); m = Date.UTC(md.getUTCFullYear(), md.getUTCMonth() + 1, 1); }
    if (months.length < 3) {  // a short period: a tick each Monday instead
      months = [];
      for (var wk = binStart(lo, "week") + 7 * DAY; wk < hi; wk += 7 * DAY) months.push(wk);
    }
    var every = Math.max(1, Math.ceil(months.length / Math.max(1, (W - padL) / 70)));
    months.forEach(function (t, idx) {
      if (idx % every) return;
      axis.appendChild(svg("line", {x1: x(t), x2: x(t), y1: H - padB, y2: H - padB + 4}));
      var label = svg("text", {x: x(t) + 2, y: H - 4});
      label.textContent = new Date(t).toISOString().slice(0, new Date(t).getUTCDate() === 1 ? 7 : 10);
      axis.appendChild(label);
    });
    el.appendChild(axis);
    var bars = svg("g", {"class": "bars"});
    counts.forEach(function (c, k) {
      var acc = 0;
      c.forEach(function (n, ti) {
        if (!n) return;
        var r = svg("rect", {x: padL + k * bw + (bw > 3 ? 0.5 : 0), width: Math.max(1, bw - (bw > 3 ? 1 : 0)),
          y: y(acc + n), height: y(acc) - y(acc + n), fill: "var(--t" + ti + ")"});
        var tip = svg("title"); tip.textContent = iso(lo + k * step) + ": " + n + " " + (TYPES[ti] || "other"); r.appendChild(tip);
        bars.appendChild(r);
        acc += n;
      });
    });
    el.appendChild(bars);
    var overlay = svg("g", {"class": "overlay"});
    el.appendChild(overlay);
    tl = {lo: lo, hi: hi, step: step, bin: bin, x: x, W: W, H: H, padL: padL, padR: padR, padT: padT, padB: padB, bw: bw, overlay: overlay};
    drawBrush();
  }
  function drawBrush() {
    if (!tl) return;
    clear(tl.overlay);
    var chip = $("brush-chip");
    if (!state.brush) { chip.hidden = true; return; }
    var x0 = tl.x(state.brush[0]), x1 = tl.x(state.brush[1]);
    tl.overlay.appendChild(svg("rect", {"class": "dim", x: tl.padL, y: tl.padT, width: Math.max(0, x0 - tl.padL), height: tl.H - tl.padT - tl.padB}));
    tl.overlay.appendChild(svg("rect", {"class": "dim", x: x1, y: tl.padT, width: Math.max(0, tl.W - tl.padR - x1), height: tl.H - tl.padT - tl.padB}));
    tl.overlay.appendChild(svg("rect", {"class": "brush", x: x0, y: tl.padT, width: Math.max(1, x1 - x0), height: tl.H - tl.padT - tl.padB}));
    chip.hidden = false;
    $("brush-text").textContent = iso(state.brush[0]) + " – " + iso(state.brush[1] - DAY);
  }
  function initBrush() {
    var el = $("timeline"), start = null;
    function timeAt(ev) {
      var r = el.getBoundingClientRect();
      var px = (ev.clientX - r.left) * (tl.W / r.width);
      var k = Math.floor((px - tl.padL) / tl.bw);
      return tl.lo + Math.max(0, Math.min(Math.round((tl.hi - tl.lo) / tl.step) - 1, k)) * tl.step;
    }
    el.addEventListener("mousedown", function (ev) { if (!tl) return; start = timeAt(ev); ev.preventDefault(); });
    window.addEventListener("mousemove", function (ev) {
      if (start === null) return;
      var t = timeAt(ev);
      state.brush = [Math.min(start, t), Math.max(start, t) + tl.step];
      drawBrush();
    });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) return;
      var t = timeAt(ev);
      if (t === start && state.brush && state.brush[1] - state.brush[0] <= tl.step) state.brush = [t, t + tl.step];
      start = null;
      drawBrush();
      applyBrush();
    });
    $("brush-clear").addEventListener("click", function () { state.brush = null; drawBrush(); applyBrush(); });
    $("bin-day").addEventListener("click", function () { state.bin = "day"; drawTimeline(); });
    $("bin-week").addEventListener("click", function () { state.bin = "week"; drawTimeline(); });
    window.addEventListener("resize", function () { drawTimeline(); });
  }

  // -- the event panel ----------------------------------------------------------------------------
  function select(id, opts) {
    opts = opts || {};
    state.selected = id;
    document.querySelectorAll("#event-list li.sel").forEach(function (li) { li.classList.remove("sel"); });
    var row = document.querySelector('#event-list li[data-id="' + CSS.escape(id) + '"]');
    if (row) { row.classList.add("sel"); if (!opts.fromList) row.scrollIntoView({block: "nearest"}); }
    var p = state.byId[id];
    if (p && p.lat !== null && opts.pan && !document.querySelector('.cw-pin[data-id="' + CSS.escape(id) + '"]')) {
      // the event sits in a cluster: zoom in on it until it stands alone (placeMarkers runs on moveend)
      map.setView([p.lat, p.lon], Math.max(map.getZoom(), aloneZoom(p)));
    } else {
      markSelected();
    }
    $("panel-empty").hidden = true;
    var body = $("panel-body");
    body.hidden = false;
    document.body.classList.add("panel-open");
    state.returnFocus = opts.keyboard ? document.activeElement : null;
    writeUrlNow();  // a link copied now names this event
    clear(body).appendChild(h("div", {"class": "section muted", text: "loading " + id + "…"}));
    return api("/api/events/" + encodeURIComponent(id)).then(function (detail) {
      if (state.selected !== id) return;
      state.detail = detail;
      renderPanel(detail);
      if (opts.keyboard) { var head = document.querySelector("#panel-body .ev-head"); if (head) head.focus(); }
    }).catch(function (err) {
      clear(body).appendChild(h("div", {"class": "section", text: "could not load the event: " + err.message}));
    });
  }

  function deselect() {
    state.selected = null; state.detail = null;
    document.querySelectorAll("#event-list li.sel").forEach(function (li) { li.classList.remove("sel"); });
    markSelected();
    clear($("panel-body")).hidden = true;
    $("panel-empty").hidden = false;
    document.body.classList.remove("panel-open");
    var back = state.returnFocus; state.returnFocus = null;
    if (back && document.body.contains(back)) back.focus();
    writeUrl();
  }

  function renderPanel(d) {
    var body = clear($("panel-body"));
    var ti = typeIndex(d.event_type);
    var edited = {};
    (d.edited_fields || []).forEach(function (f) { edited[f] = true; });
    body.appendChild(h("div", {"class": "ev-head", tabindex: "-1"},
      h("div", {"class": "type"}, h("span", {"class": "dot t" + ti}), d.event_type),
      h("div", {"class": "meta"},
        h("span", {text: (d.sub_event_type || "") + " · " + (d.event_date || "undated")}),
        h("span", {"class": "badge " + d.status, text: d.status}),
        h("span", {"class": "badge", text: d.sources.length + (d.sources.length === 1 ? " source" : " sources")}),
        h("span", {"class": "id", text: (d.event_id_cnty ? d.event_id_cnty + " · " : "") + d.event_id}))));

    var table = h("table", {"class": "fields"});
    FIELD_ROWS.forEach(function (row) {
      var name = row[0], v = d[name];
      if (name === "fatalities") {
        v = d.fatalities_known === false ? "unknown" : String(d.fatalities);
        if (d.fatalities_low !== null && d.fatalities_high !== null && d.fatalities_low !== d.fatalities_high) {
          v += " (reported " + d.fatalities_low + "–" + d.fatalities_high + ", lowest used)";
        }
      } else if (Array.isArray(v)) v = v.join(", ");
      if (v === null || v === undefined || v === "" || (name.indexOf("inter") === 0 && v === 0)) {
        if (!(d.evidence || {})[name]) return;
        v = "—";
      }
      var spans = (d.evidence || {})[name] || [];
      var group = EVIDENCE_GROUP[name] || "source";
      var cell = h("td", {"class": "v"}, String(v));
      if (spans.length) {
        cell.appendChild(h("button", {type: "button", "class": "evchip ev-" + group, title: "show the evidence for " + name,
          dataset: {field: name}, text: "evidence " + spans.length, on: {click: function () { focusEvidence(name, this); }}}));
      }
      table.appendChild(h("tr", {"class": edited[name] ? "edited" : "", dataset: {field: name}}, h("th", {text: row[1]}), cell));
    });
    body.appendChild(h("div", {"class": "section"}, h("h3", {text: "Fields"}), table,
      d.notes ? h("div", {"class": "notes", dir: "auto", text: d.notes}) : null));


    var sources = h("div", {"class": "section"}, h("h3", {text: "Sources and evidence"}));
    var legend = h("div", {"class": "ev-legend"});
    Object.keys(GROUP_LABEL).forEach(function (g) { legend.appendChild(h("span", {"class": "ev-" + g, text: GROUP_LABEL[g]})); });
    sources.appendChild(legend);
    d.sources.forEach(function (s, i) { sources.appendChild(sourceCard(s, i)); });
    body.appendChild(sources);
    body.appendChild(reviewBox(d));

    if (d.history && d.history.length) {
      var ol = h("ol");
      d.history.slice().reverse().forEach(function (a) {
        ol.appendChild(h("li", {text: a.at.replace("T", " ").slice(0, 16) + " · " + a.actor + " · " + a.action +
          (a.detail && a.detail.set ? " " + JSON.stringify(a.detail.set) : "")}));
      });
      body.appendChild(h("div", {"class": "section"}, h("details", {"class": "history"},
        h("summary", {text: "History (" + d.history.length + " entries)"}), ol)));
    }
  }

  function sourceCard(s, i) {
    var r = s.report, c = s.claim;
    var title = r.title || r.outlet || c.claimed_by || r.key || r.id;
    var meta = h("div", {"class": "src-meta"},
      h("span", {"class": "badge kind", text: c.source_kind}),
      c.claimed_by ? h("span", {text: "claimed by " + c.claimed_by}) : null,
      h("span", {text: "claims " + (c.fatalities === null ? "unknown" : c.fatalities) + " fatalities"}),
      c.event_date ? h("span", {text: "on " + c.event_date}) : null,
      r.published ? h("span", {text: "published " + r.published}) : null,
      h("span", {"class": "id report-key", title: "your report id (" + r.id + " in the store)", text: r.key || r.id}));
    if (r.url && /^https?:\/\//i.test(r.url)) {
      meta.appendChild(h("a", {href: r.url, target: "_blank", rel: "noopener noreferrer nofollow", text: "open original"}));
    }
    return h("div", {"class": "source", dataset: {report: r.id}},
      h("div", {"class": "src-head"}, h("div", {"class": "src-title", dir: "auto", text: (i + 1) + ". " + title}), meta),
      highlightedText(r.text, s.evidence));
  }

  // The report text cut at every evidence boundary; each piece is a text node, or a <mark> naming the fields.
  function highlightedText(text, evidence) {
    var pre = h("pre", {"class": "report-text", dir: "auto"});
    var cuts = {0: 1}; cuts[text.length] = 1;
    var spans = [];
    Object.keys(evidence || {}).forEach(function (field) {
      evidence[field].forEach(function (sp) {
        var a = Math.max(0, Math.min(text.length, sp.start)), b = Math.max(0, Math.min(text.length, sp.end));
        if (b > a) { spans.push({field: field, a: a, b: b}); cuts[a] = 1; cuts[b] = 1; }
      });
    });
    var points = Object.keys(cuts).map(Number).sort(function (x, y) { return x - y; });
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1], piece = text.slice(a, b);
      var fields = spans.filter(function (s) { return s.a <= a && s.b >= b; }).map(function (s) { return s.field; });
      if (!fields.length) { pre.appendChild(document.createTextNode(piece)); continue; }
      var uniq = fields.filter(function (f, k) { return fields.indexOf(f) === k; });
      pre.appendChild(h("mark", {"class": "ev ev-" + (EVIDENCE_GROUP[uniq[0]] || "source"), title: uniq.join(", "),
        dataset: {fields: " " + uniq.join(" ") + " "}, text: piece}));
    }
    return pre;
  }

  function focusEvidence(field, chip) {
    var on = !chip.classList.contains("on");
    document.querySelectorAll(".evchip.on").forEach(function (c) { c.classList.remove("on"); });
    document.querySelectorAll("mark.focus").forEach(function (m) { m.classList.remove("focus"); });
    if (!on) return;
    chip.classList.add("on");
    var marks = document.querySelectorAll('mark[data-fields~="' + CSS.escape(field) + '"]');
    marks.forEach(function (m) { m.classList.add("focus"); });
    if (marks.length) marks[0].scrollIntoView({block: "center", behavior: "smooth"});
  }

  function reviewBox(d) {
    var cfg = state.config;
    var msg = h("div", {"class": "msg"});
    var locked = cfg.read_only || !state.token;
    var why = cfg.read_only ? "Read-only: start `conflictwatch serve --token …` to review."
      : !state.token ? "Enter the review token (top right) to accept, reject or edit." : "";
    var fieldSel = h("select", {"aria-label": "Field to edit", id: "edit-field"});
    cfg.reviewable_fields.forEach(function (f) { fieldSel.appendChild(new Option(f, f)); });
    var input = h("input", {type: "text", id: "edit-value", placeholder: "new value (empty clears)", "aria-label": "New value"});
    fieldSel.addEventListener("change", function () {
      var v = d[fieldSel.value]; input.value = v === null || v === undefined ? "" : String(v);
    });
    fieldSel.dispatchEvent(new Event("change"));
    function send(method, body) {
      msg.className = "msg"; msg.textContent = "saving…";
      api("/api/events/" + encodeURIComponent(d.event_id) + "/review", {method: method, body: body, auth: true})
        .then(function (detail) {
          state.detail = detail;
          var p = state.byId[detail.event_id];
          if (p) { p.status = detail.status; p.fatalities = detail.fatalities; }
          renderPanel(detail);
          var m = document.querySelector("#panel-body .review .msg");
          if (m) { m.className = "msg ok"; m.textContent = "saved"; }
        })
        .catch(function (err) { msg.className = "msg err"; msg.textContent = err.message + (err.code ? " [" + err.code + "]" : ""); });
    }
    var accept = h("button", {type: "button", "class": "btn accept", id: "review-accept", text: "Accept",
      on: {click: function () { send("POST", {verdict: "accept"}); }}});
    var reject = h("button", {type: "button", "class": "btn reject", id: "review-reject", text: "Reject",
      on: {click: function () { send("POST", {verdict: "reject"}); }}});
    var save = h("button", {type: "button", "class": "btn primary", id: "review-save", text: "Save",
      on: {click: function () { var f = {}; f[fieldSel.value] = input.value; send("PATCH", {fields: f}); }}});
    [accept, reject, save, fieldSel, input].forEach(function (el) { el.disabled = locked; });
    return h("div", {"class": "section review"}, h("h3", {text: "Review"}),
      h("div", {"class": "buttons"}, accept, reject), h("div", {"class": "edit"}, fieldSel, input, save),
      why ? h("div", {"class": "msg muted", text: why}) : null, msg);
  }

  // -- ceasefires ---------------------------------------------------------------------------------
  function showView(name) {
    var events = name === "events";
    $("view-events").hidden = !events;
    $("view-ceasefires").hidden = events;
    $("tab-events").classList.toggle("active", events);
    $("tab-ceasefires").classList.toggle("active", !events);
    $("tab-events").setAttribute("aria-selected", String(events));
    $("tab-ceasefires").setAttribute("aria-selected", String(!events));
    if (events) { map.invalidateSize(); drawTimeline(); } else loadCeasefires();
    writeUrl();
  }
  function loadCeasefires() {
    var list = clear($("cf-list"));
    var report = clear($("cf-report"));
    if (!state.config.ceasefires) {
      report.appendChild(h("div", {"class": "empty"}, h("h2", {text: "No ceasefire monitor"}),
        h("p", {text: "This installation has no ceasefire monitor (conflictwatch.monitor); no agreements to show."})));
      return;
    }
    api("/api/ceasefires").then(function (data) {
      var items = Array.isArray(data) ? data : (data.ceasefires || data.agreements || data.items || []);
      if (!items.length) { report.appendChild(h("div", {"class": "empty", text: "No agreements defined."})); return; }
      report.appendChild(h("div", {"class": "empty", text: "Choose an agreement."}));
      items.forEach(function (it) {
        var name = typeof it === "string" ? it : it.name;
        var dates = typeof it === "object" ? [it.from, it.to].filter(Boolean).join(" – ") : "";
        var parties = typeof it === "object" && Array.isArray(it.parties) ? it.parties.join(", ") : "";
        list.appendChild(h("li", {dataset: {name: name}}, h("button", {type: "button", on: {click: function () {
          document.querySelectorAll("#cf-list li.sel").forEach(function (li) { li.classList.remove("sel"); });
          this.parentNode.classList.add("sel");
          showCeasefire(name);
        }}}, h("span", {"class": "name", text: name}), h("span", {"class": "dates", text: [dates, parties].filter(Boolean).join(" · ")}))));
      });
    }).catch(function (err) { report.appendChild(h("div", {"class": "empty", text: "could not load agreements: " + err.message})); });
  }
  function showCeasefire(name) {
    var out = clear($("cf-report"));
    out.appendChild(h("p", {"class": "muted", text: "loading…"}));
    api("/api/ceasefires/" + encodeURIComponent(name) + "/report").then(function (r) {
      clear(out);
      var parties = r.parties || [];
      out.appendChild(h("h2", {text: r.name}));
      out.appendChild(h("p", {"class": "muted", text: (r.from || "?") + " – " + (r.to || "open") + " · parties: " + parties.join(", ")}));
      out.appendChild(h("h3", {text: "Violations per week, by party"}));
      out.appendChild(ceasefireChart(r.weeks || [], parties));
      var max = 1;
      (r.weeks || []).forEach(function (w) { parties.forEach(function (p) {
        var c = (w.per_party || {})[p] || {}; max = Math.max(max, (c.confirmed || 0) + (c.claimed || 0)); }); });
      var head = h("tr", null, h("th", {text: "week"}));
      parties.forEach(function (p) { head.appendChild(h("th", {text: p + " (confirmed / claimed)"})); });
      head.appendChild(h("th", {text: "fatalities"}));
      var table = h("table", {"class": "cf-weeks"}, h("thead", null, head));
      var tbody = h("tbody");
      (r.weeks || []).forEach(function (w) {
        var tr = h("tr", null, h("td", {text: w.week}));
        parties.forEach(function (p) {
          var c = (w.per_party || {})[p] || {}, conf = c.confirmed || 0, cl = c.claimed || 0;
          var barC = h("span", {"class": "bar"}); barC.style.width = (conf / max * 80) + "px";
          var barL = h("span", {"class": "bar claimed"}); barL.style.width = (cl / max * 80) + "px";
          tr.appendChild(h("td", {"class": "num"}, conf + " / " + cl, barC, barL));
        });
        tr.appendChild(h("td", {"class": "num", text: String(w.fatalities || 0)}));
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      out.appendChild(table);
      var nv = (r.violations || []).length;
      out.appendChild(h("h3", {text: nv + (nv === 1 ? " violation" : " violations")}));
      var vt = h("table", {"class": "cf-violations"}, h("thead", null, h("tr", null,
        ["date", "location", "initiator", "attribution", "sources", "event"].map(function (c) { return h("th", {text: c}); }))));
      var vb = h("tbody");
      (r.violations || []).forEach(function (v) {
        var srcs = h("td", {"class": "cf-sources"});
        (v.sources || []).forEach(function (s, k) {
          if (k) srcs.appendChild(document.createTextNode("; "));
          var name = typeof s === "string" ? s : (s.name || s.outlet || s.claimed_by || s.title || s.report_id);
          var url = typeof s === "object" && s.url && /^https?:\/\//i.test(s.url) ? s.url : null;
          srcs.appendChild(url ? h("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: name})
            : h("span", {text: name}));
          if (typeof s === "object" && s.claim) srcs.appendChild(h("span", {"class": "muted", text: " (" + s.claim + ")"}));
        });
        vb.appendChild(h("tr", null, h("td", {text: v.event_date || ""}), h("td", {text: v.location || ""}),
          h("td", {text: v.initiator || "—"}),
          h("td", null, h("span", {"class": "badge att-" + (v.attribution || "unattributed"), text: v.attribution || ""})),
          srcs,
          h("td", null, h("button", {type: "button", "class": "linkish", text: v.event_id, on: {click: function () {
            showView("events"); select(v.event_id, {pan: true}); }}}))));
      });
      vt.appendChild(vb);
      out.appendChild(vt);
    }).catch(function (err) { clear(out).appendChild(h("p", {text: "could not load the report: " + err.message})); });
  }

  // violations each party started per week: confirmed solid, claimed only dashed; each party its own
  // colour and marker, shifted a little sideways so that equal counts never hide one line under another
  var PARTY_COLOURS = ["#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#34495e"];
  function ceasefireChart(weeks, parties) {
    var W = Math.max(320, Math.min(900, 60 + weeks.length * 34)), H = 180, padL = 30, padR = 10, padT = 10, padB = 34;
    var max = 1;
    weeks.forEach(function (w) { parties.forEach(function (p) {
      var c = (w.per_party || {})[p] || {}; max = Math.max(max, c.confirmed || 0, c.claimed || 0); }); });
    var step = weeks.length > 1 ? (W - padL - padR) / (weeks.length - 1) : 0;
    var x = function (k) { return padL + k * step; }, y = function (v) { return padT + (H - padT - padB) * (1 - v / max); };
    var el = svg("svg", {"class": "cf-chart", viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
      "aria-label": "Violations each party started per week; solid: confirmed by an independent source, dashed: claimed only"});
    var axis = svg("g", {"class": "axis"});
    [0, max].forEach(function (v) {
      axis.appendChild(svg("line", {x1: padL, x2: W - padR, y1: y(v), y2: y(v)}));
      var t = svg("text", {x: padL - 5, y: y(v) + 3, "text-anchor": "end"}); t.textContent = String(v); axis.appendChild(t);
    });
    var every = Math.max(1, Math.ceil(weeks.length / 10));
    weeks.forEach(function (w, k) {
      if (k % every) return;
      var t = svg("text", {x: x(k), y: H - padB + 14, "text-anchor": "middle"}); t.textContent = w.week; axis.appendChild(t);
    });
    el.appendChild(axis);
    var legend = h("div", {"class": "cf-legend"});
    parties.forEach(function (p, i) {
      var colour = PARTY_COLOURS[i % PARTY_COLOURS.length], dx = (i - (parties.length - 1) / 2) * 4;
      [["confirmed", ""], ["claimed", "5 4"]].forEach(function (kind) {
        var pts = weeks.map(function (w, k) { var c = (w.per_party || {})[p] || {}; return [x(k) + dx, y(c[kind[0]] || 0)]; });
        el.appendChild(svg("polyline", {points: pts.map(function (q) { return q.join(","); }).join(" "), fill: "none",
          stroke: colour, "stroke-width": 2, "stroke-dasharray": kind[1], "class": "cf-line", "data-party": p, "data-kind": kind[0]}));
        pts.forEach(function (q) {
          el.appendChild(i % 2 ? svg("rect", {x: q[0] - 3, y: q[1] - 3, width: 6, height: 6, fill: kind[1] ? "#fff" : colour, stroke: colour})
            : svg("circle", {cx: q[0], cy: q[1], r: 3.2, fill: kind[1] ? "#fff" : colour, stroke: colour}));
        });
        var swatch = svg("svg", {width: 26, height: 10, "aria-hidden": "true"});
        swatch.appendChild(svg("line", {x1: 0, x2: 26, y1: 5, y2: 5, stroke: colour, "stroke-width": 2, "stroke-dasharray": kind[1]}));
        legend.appendChild(h("span", {"class": "cf-key"}, swatch, p + ": " + (kind[0] === "claimed" ? "claimed only" : "confirmed")));
      });
    });
    return h("figure", {"class": "cf-figure"}, el, legend);
  }

  // -- token --------------------------------------------------------------------------------------
  function drawAuth() {
    var cfg = state.config, badge = $("auth-state");
    if (cfg.read_only) {
      badge.textContent = "read-only"; badge.title = "the server has no review token";
      $("token").hidden = true; $("token-save").hidden = true; return;
    }
    badge.textContent = state.token ? "review unlocked" : "review locked";
    badge.classList.toggle("ok", Boolean(state.token));
    $("token-save").textContent = state.token ? "Lock" : "Unlock";
    $("token").hidden = Boolean(state.token);
  }
  function initAuth() {
    $("auth").addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (state.token) { state.token = ""; sessionStorage.removeItem("cw-token"); }
      else { state.token = $("token").value.trim(); $("token").value = ""; if (state.token) sessionStorage.setItem("cw-token", state.token); }
      drawAuth();
      if (state.detail) renderPanel(state.detail);
    });
  }

  // -- the view in the URL: a link reproduces filters, time selection, hidden types and the event ----
  var URL_FIELDS = [["since", "f-since"], ["until", "f-until"], ["type", "f-type"], ["sub_type", "f-sub"],
    ["actor", "f-actor"], ["country", "f-country"], ["admin1", "f-admin1"], ["source_kind", "f-kind"],
    ["fmin", "f-fmin"], ["fmax", "f-fmax"], ["q", "f-q"]];
  function filterParams() {
    var q = new URLSearchParams();
    URL_FIELDS.forEach(function (pair) { var v = $(pair[1]).value.trim(); if (v) q.set(pair[0], v); });
    var hidden = Object.keys(state.hiddenTypes).filter(function (i) { return state.hiddenTypes[i]; })
      .map(function (i) { return TYPES[i] || "Other"; });
    if (hidden.length) q.set("hide", hidden.join(","));
    if (state.brush) q.set("brush", iso(state.brush[0]) + ".." + iso(state.brush[1] - DAY));
    if ($("f-rejected").checked) q.set("include_rejected", "true");
    return q;
  }
  var urlTimer = null;
  function writeUrl() {
    exportLinks(filterParams());  // at once: the export buttons always download what is shown
    clearTimeout(urlTimer);  // the address soon, off the path of a redraw (replaceState is slow when called often)
    urlTimer = setTimeout(writeUrlNow, 60);
  }
  function exportLinks(q) {
    ["csv", "geojson", "jsonl"].forEach(function (fmt) {
      var e = new URLSearchParams(q); e.set("format", fmt); $("export-" + fmt).href = "/api/export?" + e.toString();
    });
  }
  function writeUrlNow() {
    if (state.restoring) return;  // not while the URL's own view is being put back
    var q = filterParams();
    exportLinks(q);
    if (state.selected) q.set("event", state.selected);
    if (state.bin) q.set("bin", state.bin);
    if (!$("view-ceasefires").hidden) q.set("view", "ceasefires");
    var search = q.toString();
    if (search !== location.search.replace(/^\?/, "")) history.replaceState(null, "", search ? "?" + search : location.pathname);
  }
  // the URL's filters, put into the form before the first draw (selects once their options exist)
  function readUrl() {
    var q = new URLSearchParams(location.search);
    var restore = {params: q};
    URL_FIELDS.forEach(function (pair) { if (q.has(pair[0])) $(pair[1]).value = q.get(pair[0]); });
    $("f-rejected").checked = q.get("include_rejected") === "true";
    (q.get("hide") || "").split(",").forEach(function (t) {
      if (!t) return; var i = TYPES.indexOf(t); state.hiddenTypes[i < 0 ? 6 : i] = true;
    });
    var brush = (q.get("brush") || "").split("..");
    if (brush.length === 2 && !isNaN(Date.parse(brush[0])) && !isNaN(Date.parse(brush[1]))) {
      state.brush = [Date.parse(brush[0] + "T00:00:00Z"), Date.parse(brush[1] + "T00:00:00Z") + DAY];
    }
    if (q.get("bin") === "day" || q.get("bin") === "week") state.bin = q.get("bin");
    state.restoring = restore;
    return restore;
  }
  function restoreSelects() {
    var q = state.restoring && state.restoring.params;
    if (!q) return;
    [["type", "f-type"], ["sub_type", "f-sub"], ["country", "f-country"], ["admin1", "f-admin1"], ["source_kind", "f-kind"]]
      .forEach(function (pair) {
        if (!q.has(pair[0])) return;
        if (pair[0] === "sub_type") refreshSubTypes();
        if (pair[0] === "admin1") refreshAdmin1();
        $(pair[1]).value = q.get(pair[0]);
      });
  }
  function finishRestore() {
    var q = state.restoring && state.restoring.params;
    state.restoring = null;
    if (!q) return;
    if (q.get("event") && inView(q.get("event"))) select(q.get("event"), {pan: true});
    if (q.get("view") === "ceasefires") showView("ceasefires");
    writeUrlNow();
  }
  function copyLink() {
    var link = location.href, button = $("copy-link");
    var done = function () { button.textContent = "Link copied"; setTimeout(function () { button.textContent = "Copy link"; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(done, function () { prompt("Link to this view:", link); });
    else { prompt("Link to this view:", link); }
  }

  // -- full-text search (the server's index over notes, actors, places and report texts) ------------
  var searchToken = 0;
  function runSearch() {
    var query = $("f-q").value.trim();
    var token = ++searchToken;
    if (!query) {
      state.searchIds = null; state.searchQuery = ""; $("q-state").textContent = "";
      return Promise.resolve();
    }
    $("q-state").textContent = "searching…";
    var url = "/api/search?q=" + encodeURIComponent(query) + ($("f-rejected").checked ? "&include_rejected=true" : "");
    return api(url).then(function (found) {
      if (token !== searchToken) return;
      var ids = {};
      found.ids.forEach(function (id) { ids[id] = true; });
      state.searchIds = ids; state.searchQuery = query;
      $("q-state").textContent = found.total + (found.total === 1 ? " event holds " : " events hold ") +
        (found.words.length > 1 ? "all of these words" : "this word");
    }).catch(function (err) { if (token === searchToken) $("q-state").textContent = "search failed: " + err.message; });
  }

  // -- date presets: the last N days of the data (an archive has no "today") ------------------------
  function applyPreset(days) {
    var ts = state.all.map(function (p) { return p.t; }).filter(function (t) { return t !== null; });
    state.brush = null;
    if (!days || !ts.length) { $("f-since").value = ""; $("f-until").value = ""; }
    else {
      var last = Math.max.apply(null, ts);
      $("f-until").value = iso(last); $("f-since").value = iso(last - (days - 1) * DAY);
    }
    markPreset(days);
    applyFilters(fitToView);
  }
  function markPreset(days) {
    document.querySelectorAll(".presets .btn").forEach(function (b) {
      var on = days !== null && Number(b.dataset.days) === days;
      b.classList.toggle("on", on); b.setAttribute("aria-pressed", String(on));
    });
  }

  function resetFilters() { $("filters").reset(); }

  // -- small screens: the filters drawer --------------------------------------------------------
  function setDrawer(open) {
    document.body.classList.toggle("drawer-open", open);
    $("filters-toggle").setAttribute("aria-expanded", String(open));
    if (open) $("f-q").focus(); else if (document.activeElement && $("filters-drawer").contains(document.activeElement)) $("filters-toggle").focus();
  }

  // -- place names from the gazetteer, drawn without tiles ----------------------------------------
  var labelToken = 0;
  function initLabels() {
    map.createPane("labels");
    map.getPane("labels").style.zIndex = 450;  // above the outlines, below the markers
    map.getPane("labels").classList.add("leaflet-labels-pane");
    labels = L.layerGroup([], {pane: "labels"}).addTo(map);
    var timer = null;
    map.on("moveend zoomend", function () { clearTimeout(timer); timer = setTimeout(drawLabels, 120); });
    drawLabels();
  }
  function drawLabels() {
    var b = map.getBounds(), zoom = map.getZoom(), token = ++labelToken;
    var bbox = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())]
      .map(function (v) { return v.toFixed(3); }).join(",");
    api("/api/labels?bbox=" + bbox + "&zoom=" + zoom).then(function (data) {
      if (token !== labelToken) return;
      labels.clearLayers();
      data.labels.forEach(function (p) {
        var big = p.kind === "city" && p.population >= 1000000;
        var el = h("div", {"class": "cw-label " + p.kind + (big ? " big" : ""), text: p.name});
        labels.addLayer(L.marker([p.lat, p.lon], {pane: "labels", interactive: false, keyboard: false,
          icon: L.divIcon({html: el, className: "", iconSize: null})}));
      });
      document.body.dataset.labels = String(data.labels.length);
    }).catch(function () { /* the map stays usable without names */ });
  }

  // -- start --------------------------------------------------------------------------------------
  function initFilters() {
    var form = $("filters");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    $("f-type").addEventListener("change", function () { refreshSubTypes(); applyFilters(fitToView); });
    $("f-country").addEventListener("change", function () { refreshAdmin1(); applyFilters(fitToView); });
    ["f-sub", "f-admin1", "f-kind", "f-since", "f-until"].forEach(function (id) {
      $(id).addEventListener("change", function () { applyFilters(); });
    });
    ["f-since", "f-until"].forEach(function (id) { $(id).addEventListener("change", function () { markPreset(null); }); });
    var timer = null;
    $("f-actor").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { applyFilters(); }, 200); });
    ["f-fmin", "f-fmax"].forEach(function (id) {
      $(id).addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { applyFilters(); }, 200); });
    });
    var qTimer = null;
    $("f-q").addEventListener("input", function () {
      clearTimeout(qTimer);
      qTimer = setTimeout(function () { runSearch().then(function () { applyFilters(); }); }, 250);
    });
    $("f-q").addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); clearTimeout(qTimer); runSearch().then(function () { applyFilters(); }); }
    });
    $("f-rejected").addEventListener("change", function () { runSearch().then(function () { load(); }); });
    document.querySelectorAll(".presets .btn").forEach(function (b) {
      b.addEventListener("click", function () { applyPreset(Number(b.dataset.days)); });
    });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        state.brush = null; state.hiddenTypes = {}; state.searchIds = null; $("q-state").textContent = "";
        markPreset(null); refreshSubTypes(); refreshAdmin1(); buildFacets(); applyFilters(fitToView);
      }, 0);
    });
    $("empty-reset").addEventListener("click", function () { resetFilters(); });
    $("copy-link").addEventListener("click", copyLink);
    $("filters-toggle").addEventListener("click", function () { setDrawer(!document.body.classList.contains("drawer-open")); });
    $("drawer-close").addEventListener("click", function () { setDrawer(false); });
    $("panel-close").addEventListener("click", function () { deselect(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      if (document.body.classList.contains("drawer-open")) setDrawer(false);
      else if (document.body.classList.contains("panel-open") && window.matchMedia("(max-width: 1199px)").matches) deselect();
    });
    $("skip-list").addEventListener("click", function (ev) {
      ev.preventDefault();
      var first = document.querySelector("#event-list li button");
      (first || $("event-list")).focus();
    });
    $("tab-events").addEventListener("click", function () { showView("events"); });
    $("tab-ceasefires").addEventListener("click", function () { showView("ceasefires"); });
  }

  mark("script");
  readUrl();
  var events = fetchEvents();  // in parallel with the config
  api("/api/config").then(function (cfg) {
    state.config = cfg;
    initMap();
    initBrush();
    initFilters();
    initAuth();
    drawAuth();
    return load(events).then(function () {
      var restored = Boolean(location.search);
      fitToView();
      if (restored) markPreset(null);
      finishRestore();
      initLabels();
    });
  }).catch(function (err) { $("summary").textContent = "could not start: " + (err && err.message || err); });

  window.cwDesk = {state: state, timings: timings, select: select, reload: load, map: function () { return map; }};
})();
