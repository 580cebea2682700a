/* The dashboard's trend charts: each figure's months of the year beside last year's, drawn
   with ECharts into its .dashboard-trend element from the page's "dashboard-charts" JSON
   (no inline script: the Content-Security-Policy allows none). The big screen draws dark. */
(function () {
  "use strict";

  // axis labels in 万 and 亿, as every figure shown to people
  function short(value) {
    const size = Math.abs(value);
    if (size >= 1e8) return +(value / 1e8).toFixed(2) + "亿";
    if (size >= 1e4) return +(value / 1e4).toFixed(2) + "万";
    return String(value);
  }

  function draw() {
    const holder = document.getElementById("dashboard-charts");
    const root = document.getElementById("dashboard");
    if (!holder || !root || !window.echarts) return;
    const charts = JSON.parse(holder.textContent);
    const mode = root.dataset.mode;
    const theme = mode === "screen" ? "dark" : null;
    const locale = document.documentElement.lang.startsWith("en") ? "EN" : "ZH";
    const drawn = [];
    charts.forEach(function (chart) {
      const element = document.getElementById("trend-" + chart.code);
      if (!element || element.dataset.drawn) return;
      element.dataset.drawn = "1";
      const instance = echarts.init(element, theme, {renderer: mode === "print" ? "svg" : "canvas",
                                                      locale: locale});
      instance.setOption({
        animation: false,
        // a screen reader hears the chart's label; the table beside it holds the figures
        aria: {enabled: true, label: {description: element.getAttribute("aria-label")}},
        backgroundColor: "transparent",
        tooltip: {trigger: "axis"},
        legend: {show: chart.series.length > 1, top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: {fontSize: mode === "screen" ? 14 : 11}},
        grid: {left: 48, right: 8, top: 24, bottom: 24},
        xAxis: {type: "category", data: chart.months, axisLabel: {fontSize: mode === "screen" ? 13 : 10}},
        yAxis: {type: "value", axisLabel: {fontSize: mode === "screen" ? 13 : 10, formatter: short}},
        series: chart.series.map(function (series, index) {
          // this year's months as bars, last year's as a dashed line; a yearly trend as bars
          return index === 0
            ? {name: series.name, type: "bar", data: series.data}
            : {name: series.name, type: "line", data: series.data, symbolSize: 4,
               lineStyle: {type: "dashed"}};
        })
      });
      drawn.push(instance);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  // the big screen reloads itself every data-refresh seconds (a script, not <meta refresh>,
  // which WCAG 2.2.1 forbids on pages people read)
  function refresh() {
    const root = document.getElementById("dashboard");
    const seconds = root ? Number(root.dataset.refresh) : 0;
    if (seconds > 0) setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  refresh();
})();
