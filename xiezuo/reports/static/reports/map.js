/* The map of the helped places, drawn with ECharts into every [data-xz-map] element.

   <div data-xz-map="/dashboard/map.json?place=45&year=2017&figure=workers_placed"
        data-xz-map-figure="#map-figure"></div>

   With outlines loaded for the places: the areas coloured by the figure (a `map` series);
   without: each place at its centre on longitude/latitude axes of equal scale (a `scatter`
   series sized and coloured by the figure). The values are formatted on the server (万/亿).
   A table of the same values follows the chart (the text alternative), and a click on a
   place opens its dashboard. */
(function () {
  "use strict";

  const COLOURS = ["#e0f0e9", "#8cc7a5", "#3a9a6a", "#0b6b3f"];

  function withFigure(url, figure) {
    const parsed = new URL(url, window.location.href);
    if (figure) parsed.searchParams.set("figure", figure);
    return parsed.pathname + parsed.search;
  }

  function range(values) {
    const numbers = values.filter(function (v) { return v !== null; });
    if (!numbers.length) return [0, 1];
    const low = Math.min.apply(null, numbers), high = Math.max.apply(null, numbers);
    return [low, high > low ? high : low + 1];
  }

  function table(element, data) {
    let holder = element.nextElementSibling;
    if (!holder || !holder.matches("[data-xz-map-table]")) {
      holder = document.createElement("details");
      holder.setAttribute("data-xz-map-table", "");
      element.after(holder);
    }
    holder.innerHTML = "";
    const summary = document.createElement("summary");
    summary.textContent = element.dataset.tableLabel || "";
    holder.appendChild(summary);
    const tab = document.createElement("table");
    const head = tab.createTHead().insertRow();
    [element.dataset.placeLabel || "", data.figure.name].forEach(function (text, i) {
      const th = document.createElement("th");
      th.textContent = text;
      if (i) th.className = "num";
      head.appendChild(th);
    });
    const body = tab.createTBody();
    data.points.forEach(function (p) {
      const row = body.insertRow();
      row.dataset.code = p.code;
      const link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name + (p.borrowed ? " *" : "");
      row.insertCell().appendChild(link);
      const cell = row.insertCell();
      cell.className = "num";
      cell.textContent = p.text;
    });
    holder.appendChild(tab);
    if (data.note) {
      const note = document.createElement("p");
      note.className = "muted map-note";
      note.textContent = "* " + data.note;
      holder.appendChild(note);
    }
  }

  function areaOption(data) {
    const mapName = "xz-" + data.place.code + "-" + data.year;
    echarts.registerMap(mapName, data.boundaries);
    const outlined = new Set(data.boundaries.features.map(function (f) { return f.properties.name; }));
    const points = data.points.filter(function (p) { return outlined.has(p.code); });
    const bounds = range(points.map(function (p) { return p.value; }));
    const labels = {};
    data.points.forEach(function (p) { labels[p.code] = p; });
    return {
      series: [{
        type: "map", map: mapName, roam: true, nameProperty: "name",
        label: {show: true, fontSize: 11, formatter: function (x) { return labels[x.name] ? labels[x.name].name : x.name; }},
        data: points.map(function (p) {
          return {name: p.code, value: p.value, code: p.code, label_name: p.name, text: p.text, url: p.url};
        })
      }],
      visualMap: {min: bounds[0], max: bounds[1], calculable: true, left: 10, bottom: 10,
                  inRange: {color: COLOURS}, text: [data.figure.name, ""]}
    };
  }

  function pointOption(data, element) {
    const points = data.points.filter(function (p) { return p.centre; });
    const lngs = points.map(function (p) { return p.centre[0]; });
    const lats = points.map(function (p) { return p.centre[1]; });
    const pad = 0.3;
    let west = Math.min.apply(null, lngs) - pad, east = Math.max.apply(null, lngs) + pad;
    let south = Math.min.apply(null, lats) - pad, north = Math.max.apply(null, lats) + pad;
    // equal aspect: a degree of longitude is cos(latitude) of a degree of latitude
    const shrink = Math.cos(((south + north) / 2) * Math.PI / 180);
    const width = element.clientWidth - 140, height = element.clientHeight - 60;
    const scale = Math.min(width / ((east - west) * shrink), height / (north - south));
    const gridWidth = (east - west) * shrink * scale, gridHeight = (north - south) * scale;
    const bounds = range(points.map(function (p) { return p.value; }));
    return {
      grid: {left: (element.clientWidth - gridWidth) / 2 + 30, top: 20, width: gridWidth, height: gridHeight},
      xAxis: {type: "value", min: west, max: east, show: false},
      yAxis: {type: "value", min: south, max: north, show: false},
      visualMap: {min: bounds[0], max: bounds[1], dimension: 2, calculable: true, left: 10, bottom: 10,
                  inRange: {color: COLOURS, symbolSize: [10, 44]}, text: [data.figure.name, ""]},
      series: [{
        type: "scatter",
        label: {show: true, position: "right", fontSize: 11, formatter: function (x) { return x.data.label_name; }},
        data: points.map(function (p) {
          return {value: [p.centre[0], p.centre[1], p.value === null ? 0 : p.value],
                  code: p.code, label_name: p.name + (p.borrowed ? " *" : ""), text: p.text, url: p.url};
        })
      }]
    };
  }

  function draw(element) {
    const select = element.dataset.xzMapFigure && document.querySelector(element.dataset.xzMapFigure);
    const url = withFigure(element.dataset.xzMap, select ? select.value : "");
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.error) { element.textContent = data.error; element.style.height = "auto"; return; }
        // ECharts describes the chart to screen readers (aria), in the page's language
        const locale = document.documentElement.lang.startsWith("en") ? "EN" : "ZH";
        const chart = echarts.getInstanceByDom(element) || echarts.init(element, null, {locale: locale});
        const option = data.boundaries ? areaOption(data) : pointOption(data, element);
        option.animation = false;
        option.aria = {enabled: true};
        option.title = {text: data.place.name + " · " + data.year + " · " + data.figure.name,
                        left: "center", textStyle: {fontSize: 14}};
        option.tooltip = {trigger: "item", formatter: function (x) {
          return x.data ? x.data.label_name + "<br>" + data.figure.name + "：" + x.data.text : x.name;
        }};
        chart.setOption(option, true);
        chart.off("click");
        chart.on("click", function (x) { if (x.data && x.data.url) window.location.href = x.data.url; });
        element.dataset.drawn = data.boundaries ? "areas" : "points";
        table(element, data);
      });
  }

  function drawAll() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-xz-map]").forEach(function (element) {
      if (element.dataset.xzMapBound) return;
      element.dataset.xzMapBound = "1";
      draw(element);
      const select = element.dataset.xzMapFigure && document.querySelector(element.dataset.xzMapFigure);
      if (select) select.addEventListener("change", function () { draw(element); });
      window.addEventListener("resize", function () {
        const chart = echarts.getInstanceByDom(element);
        if (chart) chart.resize();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
  document.addEventListener("htmx:afterSettle", drawAll);
})();
