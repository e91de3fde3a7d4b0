// 指标对比 charts (Apache ECharts, vendored). The data comes from the json_script block
// #compare-data; every number drawn here is also in the tables on the page.
(function () {
  "use strict";

  function readData() {
    var el = document.getElementById("compare-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  var decimals = 0;  // set from the data: a figure prints as the table does (33.33%, 100%)

  function fmt(value, unit) {
    if (value === null || value === undefined) { return "无数据"; }
    return (decimals ? String(Number(Number(value).toFixed(decimals))) : String(value)) + unit;
  }

  function draw(el, option) {
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
    chart.on("finished", function () { el.setAttribute("data-rendered", "1"); });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function tooltip(items, unit) {
    return {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: function (params) {
        var p = params[0];
        var item = items[p.dataIndex];
        var esc = window.echarts.format.encodeHTML;  // the tooltip is HTML: names are escaped
        return esc(p.name) + "：" + esc(fmt(item.value, unit)) + "<br>" + esc(item.title);
      }
    };
  }

  function regionsChart(el, data) {
    var ind = data.indicator;
    var items = data.regions;
    var series = {
      name: ind.name,
      type: "bar",
      barMaxWidth: 48,
      data: items.map(function (r) { return r.value; }),
      label: { show: true, position: "top", formatter: function (p) { return fmt(p.value, ind.unit); } }
    };
    if (ind.rate && data.total !== null) {
      series.markLine = {
        symbol: "none",
        data: [{ yAxis: data.total, name: data.region + "合计" }],
        label: { formatter: data.region + "合计 " + fmt(data.total, ind.unit), position: "insideEndTop" },
        lineStyle: { type: "dashed" }
      };
    }
    return draw(el, {
      title: { text: ind.name + "（" + ind.unit + "）：各下级区划，" + data.period, left: "center", textStyle: { fontSize: 14 } },
      tooltip: tooltip(items, ind.unit),
      grid: { left: 48, right: 24, top: 48, bottom: 32 },
      xAxis: { type: "category", data: items.map(function (r) { return r.name; }) },
      yAxis: { type: "value", name: ind.unit, min: 0 },
      series: [series]
    });
  }

  function trendChart(el, data) {
    var ind = data.indicator;
    var items = data.trend;
    return draw(el, {
      title: { text: ind.name + "（" + ind.unit + "）：" + data.region + "近" + items.length + "年", left: "center", textStyle: { fontSize: 14 } },
      tooltip: tooltip(items, ind.unit),
      grid: { left: 48, right: 24, top: 48, bottom: 32 },
      xAxis: { type: "category", data: items.map(function (t) { return t.period; }) },
      yAxis: { type: "value", name: ind.unit, min: 0 },
      series: [{
        name: ind.name,
        type: ind.rate ? "line" : "bar",
        barMaxWidth: 48,
        connectNulls: false,
        data: items.map(function (t) { return t.value; }),
        label: { show: true, position: "top", formatter: function (p) { return fmt(p.value, ind.unit); } }
      }]
    });
  }

  function init() {
    // The indicator selector redraws at once (the 查询 button stays for keyboards and no-script).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    var data = readData();
    if (!data || !window.echarts) { return; }
    decimals = data.indicator.decimals;
    var regions = document.getElementById("chart-regions");
    if (regions && data.regions.length) { regionsChart(regions, data); }
    var trend = document.getElementById("chart-trend");
    if (trend) { trendChart(trend, data); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
