// The console dashboard: draws the figures of /console/dashboard/data with ECharts. No inline
// script (the Content-Security-Policy allows none); labels come from the page's data attributes.
// The numbers are in the page's tables too; the charts show the same with every name on its axis.
(function () {
  const labels = document.getElementById('dashboard-labels').dataset;
  const percent = v => v == null ? null : Math.round(v * 1000) / 10;
  const hazard = code => labels['hazard' + code.charAt(0) + code.slice(1).toLowerCase()] || code;
  function bars(id, rows) {
    const element = document.getElementById(id);
    if (!rows.length) {
      element.style.display = 'none';
      return;
    }
    element.style.height = (70 + 26 * rows.length) + 'px'; // every name on the axis, however many towns
    const label = {show: true, position: 'right', formatter: p => p.value == null ? '' : p.value + '%'};
    echarts.init(element).setOption({
      animation: false, tooltip: {trigger: 'axis'}, legend: {},
      grid: {left: 10, right: 50, top: 30, bottom: 10, containLabel: true},
      xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
      yAxis: {type: 'category', inverse: true, axisLabel: {interval: 0}, data: rows.map(r => r.name)},
      series: [
        {name: labels.closedontime, type: 'bar', label: label, data: rows.map(r => percent(r.closedOnTime))},
        {name: labels.accepted, type: 'bar', label: label, data: rows.map(r => percent(r.acceptedOnTime))}
      ]
    });
  }
  fetch(labels.data, {credentials: 'same-origin'}).then(r => r.json()).then(data => {
    echarts.init(document.getElementById('chart-trend')).setOption({
      animation: false, tooltip: {trigger: 'axis'}, legend: {},
      xAxis: {type: 'category', data: data.trend.months}, yAxis: {type: 'value', minInterval: 1},
      series: [
        {name: labels.received, type: 'line', label: {show: true}, data: data.trend.received},
        {name: labels.closed, type: 'line', label: {show: true}, data: data.trend.closed}
      ]
    });
    echarts.init(document.getElementById('chart-hazard')).setOption({
      animation: false, tooltip: {trigger: 'item'},
      series: [{type: 'pie', radius: '65%', label: {formatter: '{b}: {c} ({d}%)'},
        data: Object.entries(data.hazard).map(([k, v]) => ({name: hazard(k), value: v}))}]
    });
    bars('chart-towns', data.towns);
    bars('chart-departments', data.departments);
    document.body.setAttribute('data-dashboard', 'drawn');
  });
})();
