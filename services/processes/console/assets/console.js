// The console's charts: Chart.js (loaded before this script) drawing the page's data, the JSON
// in #console-data (JourneyCharts, services/processes/console/journey-page.ts), into each
// <canvas data-chart="…">. Plain browser JavaScript, served as it is: no build step.
(() => {
  'use strict';
  const source = document.getElementById('console-data');
  if (!source || typeof Chart === 'undefined') return;
  const data = JSON.parse(source.textContent);

  const colors = {
    entered: '#334155',
    sent: '#2563eb',
    clicked: '#0891b2',
    converted: '#16a34a',
    treated: '#2563eb',
    holdout: '#94a3b8',
    failed: '#dc2626',
    cancelled: '#64748b',
    text: '#1f2933',
    grid: '#e4e7eb',
  };
  // Skip reasons in warm tones, each its own.
  const skipColors = ['#f59e0b', '#fb923c', '#fcd34d', '#d97706', '#fdba74', '#b45309', '#facc15', '#ea580c'];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#52606d';
  Chart.defaults.borderColor = colors.grid;
  // Drawn at once: what the page shows is there when it has loaded (and in screenshots).
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  const count = (value) => Number(value).toLocaleString('en');
  const signed = (value, text) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${text}`;
  const points = (value) => `${signed(value, Math.abs(value).toFixed(1))} pts`;
  const money = (value) =>
    signed(
      value,
      new Intl.NumberFormat('en', { style: 'currency', currency: data.currency, maximumFractionDigits: 2 }).format(Math.abs(value)),
    );
  const shortDay = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

  /** Each bar's value above it, so the funnel reads without hovering. */
  const valueLabels = {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const values = chart.data.datasets[0].data;
      ctx.save();
      ctx.font = `600 12px ${Chart.defaults.font.family}`;
      ctx.fillStyle = colors.text;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      chart.getDatasetMeta(0).data.forEach((bar, i) => ctx.fillText(count(values[i]), bar.x, bar.y - 4));
      ctx.restore();
    },
  };

  /** Zero, drawn whatever ticks the axis keeps: which side of it an interval lies on is the verdict. */
  const zeroLine = {
    id: 'zeroLine',
    beforeDatasetsDraw(chart) {
      const x = chart.scales.x.getPixelForValue(0);
      const { top, bottom } = chart.chartArea;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = colors.text;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.restore();
    },
  };

  /**
   * Floating bars [lower, upper] for 95% intervals, a diamond at each estimate, zero in the
   * middle. One bar needs no label (the heading says what it is): the interval gets the width.
   */
  function intervalChart(bars, format) {
    const extent = Math.max(1e-9, ...bars.flatMap((bar) => [Math.abs(bar.lower), Math.abs(bar.upper)])) * 1.15;
    const tone = (bar, alpha) =>
      bar.lower > 0 ? `rgba(22,163,74,${alpha})` : bar.upper < 0 ? `rgba(220,38,38,${alpha})` : `rgba(37,99,235,${alpha})`;
    return {
      type: 'bar',
      data: {
        labels: bars.map((bar) => bar.label),
        datasets: [
          {
            label: '95% interval',
            data: bars.map((bar) => [bar.lower, bar.upper]),
            backgroundColor: bars.map((bar) => tone(bar, 0.3)),
            borderColor: bars.map((bar) => tone(bar, 0.9)),
            borderWidth: 1.5,
            borderSkipped: false,
            borderRadius: 4,
            barPercentage: 0.55,
          },
          {
            type: 'line',
            label: 'Estimate',
            indexAxis: 'y',
            data: bars.map((bar) => bar.estimate),
            showLine: false,
            pointStyle: 'rectRot',
            pointRadius: 8,
            pointHoverRadius: 9,
            pointBackgroundColor: colors.text,
            pointBorderColor: '#fff',
            pointBorderWidth: 2,
          },
        ],
      },
      plugins: [zeroLine],
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (context) =>
                context.datasetIndex === 0
                  ? `95% CI ${format(context.raw[0])} to ${format(context.raw[1])}`
                  : `Estimate ${format(context.raw)}`,
            },
          },
        },
        scales: {
          x: {
            suggestedMin: -extent,
            suggestedMax: extent,
            ticks: { maxTicksLimit: 7, maxRotation: 0, callback: (value) => format(value) },
          },
          y: { grid: { display: false }, ticks: { display: bars.length > 1 } },
        },
      },
    };
  }

  const charts = {
    funnel: () => ({
      type: 'bar',
      data: {
        labels: data.funnel.labels,
        datasets: [
          {
            label: 'Customers',
            data: data.funnel.values,
            backgroundColor: data.funnel.kinds.map((kind) => colors[kind]),
            borderRadius: 4,
            maxBarThickness: 80,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, grace: '10%', ticks: { precision: 0 } }, x: { grid: { display: false } } },
      },
      plugins: [valueLabels],
    }),
    'lift-conversion': () => intervalChart(data.lift.conversion, points),
    'lift-revenue': () => intervalChart(data.lift.revenue, money),
    'ab-conversion': () => intervalChart(data.abTests.conversion, points),
    daily: () => ({
      type: 'line',
      data: {
        labels: data.daily.labels,
        datasets: [
          { label: 'Treated', data: data.daily.treated, borderColor: colors.treated, backgroundColor: colors.treated },
          { label: 'Holdout', data: data.daily.holdout, borderColor: colors.holdout, backgroundColor: colors.holdout },
        ].map((dataset) => ({ ...dataset, cubicInterpolationMode: 'monotone', pointRadius: 2, borderWidth: 2 })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { title: (items) => shortDay(items[0].label) } } },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'conversions' } },
          x: {
            grid: { display: false },
            ticks: {
              maxTicksLimit: 10,
              maxRotation: 0,
              callback(value) {
                return shortDay(this.getLabelForValue(value));
              },
            },
          },
        },
      },
    }),
    steps: () => {
      let skipped = 0;
      return {
        type: 'bar',
        data: {
          labels: data.steps.labels,
          datasets: data.steps.series.map((series) => ({
            label: series.label,
            data: series.values,
            backgroundColor: series.kind === 'skipped' ? skipColors[skipped++ % skipColors.length] : colors[series.kind],
            maxBarThickness: 36,
          })),
        },
        options: {
          indexAxis: 'y',
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom' } },
          scales: {
            x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: true, grid: { display: false } },
          },
        },
      };
    },
  };

  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const build = charts[canvas.dataset.chart];
    if (build) new Chart(canvas, build());
  }
})();
