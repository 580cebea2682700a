/* Xiezuo's page behaviour. The Content-Security-Policy allows no inline script, so every
   handler lives here, attached by data-* attributes and element ids; data comes from
   <script type="application/json"> blocks (Django's json_script), which are not run. */
(function () {
  "use strict";

  /* ---- A place field: search places by Chinese name, pinyin or code -------------------
     Any <input list="place-options"> becomes an ARIA combobox: typing asks the server
     (the datalist's data-search-url) for places, the options read "德保县 (451024, 百色市)",
     arrow keys and Enter or a click choose one, and the field then holds its code (what
     the form submits), with the chosen place's name shown next to it. Without this
     script the field still takes a typed code. */
  let comboboxCount = 0;

  function placeCombobox(input) {
    const datalist = document.getElementById(input.getAttribute("list"));
    const url = datalist && datalist.dataset.searchUrl;
    if (!url || input.dataset.combobox) return;
    input.dataset.combobox = "1";
    input.removeAttribute("list");
    comboboxCount += 1;
    let listId = (input.id || "place-field-" + comboboxCount) + "-options";
    if (document.getElementById(listId)) listId += "-" + comboboxCount;  // two forms, one id
    const wrapper = document.createElement("span");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "combobox-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    const chosen = document.createElement("span");
    chosen.className = "combobox-chosen muted";
    chosen.setAttribute("aria-live", "polite");
    wrapper.appendChild(chosen);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    let timer = null;
    let active = -1;
    let asked = 0;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }

    // a field of several codes (data-place-multiple) searches and replaces its last one
    const SEPARATOR = /^(.*[\s,，、;；])?([^\s,，、;；]*)$/;

    function typed() {
      return input.dataset.placeMultiple ? SEPARATOR.exec(input.value)[2] : input.value;
    }

    function choose(option) {
      const before = input.dataset.placeMultiple ? SEPARATOR.exec(input.value)[1] || "" : "";
      input.value = before + option.dataset.code;
      chosen.textContent = option.dataset.label;
      close();
      input.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function show(results) {
      list.replaceChildren();
      results.forEach(function (place, i) {
        const option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.code = place.code;
        option.dataset.label = place.label;
        option.textContent = place.label;
        if (place.other) {
          const other = document.createElement("span");
          other.className = "muted";
          other.textContent = " · " + place.other;
          option.appendChild(other);
        }
        list.appendChild(option);
      });
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    function search() {
      const query = typed().trim();
      if (!query || (/^\d+$/.test(query) && query.length < 2)) { close(); return; }
      const ticket = ++asked;
      fetch(url + (url.includes("?") ? "&" : "?") + "q=" + encodeURIComponent(query),
            {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (ticket === asked) show(data.results); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      chosen.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && typed().trim()) { search(); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { choose(options()[active]); event.preventDefault(); }
      else if (event.key === "Escape") { close(); event.preventDefault(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    // mousedown, not click: the field must not lose the choice to its blur
    list.addEventListener("mousedown", function (event) {
      const option = event.target.closest("[role=option]");
      if (option) { event.preventDefault(); choose(option); }
    });
  }

  /* ---- Occupation field: the datalist is filled from the server as a title is typed ---- */
  function occupationSuggest(event) {
    const input = event.target;
    if (!input.matches || !input.matches('input[list="occupation-options"]') || !input.value.trim()) return;
    const datalist = document.getElementById("occupation-options");
    const url = datalist && datalist.dataset.searchUrl;
    if (!url || !window.htmx) return;
    clearTimeout(input._suggestTimer);
    input._suggestTimer = setTimeout(function () {
      htmx.ajax("GET", url + "?q=" + encodeURIComponent(input.value), {target: "#occupation-options", swap: "innerHTML"});
    }, 250);
  }

  /* ---- Charts: drawn from the json_script data beside them ----------------------------- */
  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // ECharts in the page's language; a screen reader hears the chart's own label (the
  // element's aria-label) and finds its figures in the table beside it (aria-describedby)
  function chartInit(element) {
    return echarts.init(element, null, {locale: document.documentElement.lang.startsWith("en") ? "EN" : "ZH"});
  }

  function chartAria(element) {
    return {enabled: true, label: {description: element.getAttribute("aria-label") || undefined}};
  }

  function drawPivotChart() {
    const element = document.getElementById("pivot-chart");
    const data = readJson("pivot-chart-data");
    if (!element || !data || !window.echarts || element.dataset.drawn) return;
    element.dataset.drawn = "1";
    chartInit(element).setOption({
      animation: false, aria: chartAria(element), tooltip: {trigger: "axis"}, legend: {type: "scroll"},
      grid: {left: 80, right: 20, bottom: 80},
      xAxis: {type: "category", data: data.categories, axisLabel: {rotate: 30}},
      yAxis: {type: "value"}, series: data.series
    });
  }

  function drawNetwork() {
    const element = document.getElementById("network");
    const data = readJson("network-data");
    if (!element || !data || !window.echarts || element.dataset.drawn) return;
    element.dataset.drawn = "1";
    if (!data.nodes.length) {  // nothing to draw: the words say so, not an image
      element.removeAttribute("role"); element.removeAttribute("aria-label");
      element.textContent = element.dataset.empty; element.style.height = "auto"; return;
    }
    element.style.height = Math.max(420, data.nodes.length * 14) + "px";
    const chart = chartInit(element);
    chart.setOption({
      animation: false, aria: chartAria(element),
      tooltip: {trigger: "item", triggerOn: "mousemove"},
      series: [{type: "sankey", data: data.nodes, links: data.links, emphasis: {focus: "adjacency"},
                nodeAlign: "justify", layoutIterations: 32, label: {fontSize: 11},
                lineStyle: {color: "gradient", curveness: 0.5}}]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  /* ---- The entry grid from the keyboard ----------------------------------------------------
     Tab goes field by field along the rows (the browser's own order). Enter, or ↓ in a text
     field, goes down the column, and from its last row to the top of the next column, then
     to the next table; Shift+Enter, or ↑, goes back the same way. Leaving a field saves it
     (htmx, on change). */
  const GRID_FIELD = "table.entry-grid td.cell [name=value]";

  function gridColumnOrder() {
    const tables = Array.from(document.querySelectorAll("table.entry-grid"));
    return Array.from(document.querySelectorAll(GRID_FIELD)).map(function (field) {
      const cell = field.closest("td");
      return {field: field, at: [tables.indexOf(field.closest("table")), cell.cellIndex, cell.parentElement.rowIndex]};
    }).sort(function (a, b) {
      return a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2];
    }).map(function (entry) { return entry.field; });
  }

  function gridMove(event) {
    const field = event.target;
    if (!field.matches || !field.matches(GRID_FIELD) || event.altKey || event.ctrlKey || event.metaKey) return;
    const text = field.tagName === "INPUT";
    let step = 0;
    if (event.key === "Enter") step = event.shiftKey ? -1 : 1;
    else if (text && event.key === "ArrowDown") step = 1;
    else if (text && event.key === "ArrowUp") step = -1;
    if (!step) return;
    const order = gridColumnOrder();
    const target = order[order.indexOf(field) + step];
    if (!target) return;  // the first or the last field: Enter does what it does by itself
    event.preventDefault();
    target.focus();
    if (target.select) target.select();
  }

  // After a cell is saved (or refused) the grid's live regions say so: "<field>: saved" politely,
  // an error at once. The cell itself carries the error too (aria-describedby), for when the
  // field is reached again.
  function gridAnnounce(cell) {
    const status = document.getElementById("entry-status");
    const alert = document.getElementById("entry-alert");
    const field = cell.querySelector("[name=value]");
    if (!status || !alert || !field) return;
    const error = cell.querySelector(".cell-error");
    const saved = cell.querySelector(".cell-ok");
    if (!error && !saved) return;
    const said = status.dataset.format
      .replace("{label}", field.getAttribute("aria-label").trim())
      .replace("{message}", (error || saved).textContent.trim());
    status.textContent = error ? "" : said;
    alert.textContent = error ? said : "";
  }

  // A value's history opens as a small dialog: the focus goes into it, Escape or its Close
  // button shuts it and gives the focus back to the "history" link that opened it.
  function historyOpened(holder) {
    const pop = holder.querySelector(".history-pop");
    if (pop) pop.focus();
  }

  function historyClose(holder) {
    holder.innerHTML = "";
    const link = holder.closest("td") && holder.closest("td").querySelector(".history-link");
    if (link) link.focus();
  }

  document.addEventListener("keydown", function (event) {
    gridMove(event);
    if (event.key === "Escape") {
      const holder = event.target.closest && event.target.closest(".history");
      if (holder) { event.preventDefault(); historyClose(holder); }
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.target;
    if (target.matches && target.matches("td.cell")) gridAnnounce(target);
    if (target.matches && target.matches(".history")) historyOpened(target);
  });

  /* ---- Small behaviours, by data-* attribute ------------------------------------------ */
  document.addEventListener("click", function (event) {
    // a tree's ▸/▾ toggle, a button (the children come by htmx on the first click or Enter)
    const toggle = event.target.closest("[data-tree-toggle]");
    if (toggle) {
      toggle.textContent = toggle.textContent === "▸" ? "▾" : "▸";
      toggle.setAttribute("aria-expanded", toggle.textContent === "▾" ? "true" : "false");
      toggle.parentElement.querySelector("ul").hidden = toggle.textContent === "▸" && toggle.dataset.loaded === "1";
      toggle.dataset.loaded = "1";
    }
    const closer = event.target.closest("[data-close]");
    if (closer) {
      const target = closer.closest(closer.dataset.close);
      if (target && target.matches(".history")) historyClose(target);
      else if (target) target.innerHTML = "";
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-submit-on-change]")) event.target.form.submit();
  });
  document.addEventListener("submit", function (event) {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener("input", occupationSuggest);

  function enhance(root) {
    root.querySelectorAll('input[list="place-options"]').forEach(placeCombobox);
    drawPivotChart();
    drawNetwork();
  }

  // deferred: the page is parsed, and htmx and ECharts (deferred before this) have run
  enhance(document);
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
