// The console dashboard: draws the figures of /console/dashboard/data with ECharts. No inline
// script (the Content-Security-Policy allows none); labels come from the page's data attributes.
(function () {
  const labels = document.getElementById('dashboard-labels').dataset;
  const percent = v => v == null ? null : Math.round(v * 1000) / 10;
  function bars(id, rows) {
    echarts.init(document.getElementById(id)).setOption({
      animation: false, tooltip: {trigger: 'axis'}, legend: {},
      grid: {left: 110, right: 20, top: 30, bottom: 20},
      xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
      yAxis: {type: 'category', inverse: true, data: rows.map(r => r.name)},
      series: [
        {name: labels.closedontime, type: 'bar', data: rows.map(r => percent(r.closedOnTime))},
        {name: labels.accepted, type: 'bar', data: rows.map(r => percent(r.acceptedOnTime))}
      ]
    });
  }
  fetch(labels.data, {credentials: 'same-origin'}).then(r => r.json()).then(data => {
    echarts.init(document.getElementById('chart-trend')).setOption({
      animation: false, tooltip: {trigger: 'axis'}, legend: {},
      xAxis: {type: 'category', data: data.trend.months}, yAxis: {type: 'value'},
      series: [
        {name: labels.received, type: 'line', data: data.trend.received},
        {name: labels.closed, type: 'line', data: data.trend.closed}
      ]
    });
    echarts.init(document.getElementById('chart-hazard')).setOption({
      animation: false, tooltip: {trigger: 'item'},
      series: [{type: 'pie', radius: '65%', data: Object.entries(data.hazard).map(([k, v]) => ({name: k, value: v}))}]
    });
    bars('chart-towns', data.towns);
    bars('chart-departments', data.departments);
    document.body.setAttribute('data-dashboard', 'drawn');
  });
})();
