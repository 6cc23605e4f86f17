// Usage page charts: draws the canvases marked data-usage-chart from their data-chart JSON with Chart.js, loaded
// only when such a canvas is on the page. The tables beside each chart hold the same figures, so the page is complete
// without script. Loaded on every page (App.razor), because Blazor's enhanced navigation swaps pages in without
// running their scripts: the usage page reached from the menu starts here on 'enhancedload'.
const palette = ['#0017c1', '#ec0000', '#197a4b', '#ba5b00', '#6a36a8', '#00718a', '#8a5300', '#c1007a', '#3f5d00', '#4d4d4d', '#0058a3', '#a30000'];
let loading = null;

function loadChartJs() {
    if (window.Chart) {
        return Promise.resolve(window.Chart);
    }

    loading ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/lib/chartjs/chart.umd.min.js';
        script.onload = () => resolve(window.Chart);
        script.onerror = reject;
        document.head.appendChild(script);
    });
    return loading;
}

function draw(Chart, canvas) {
    const data = JSON.parse(canvas.dataset.chart || '{}');
    const kind = canvas.dataset.usageChart;
    const datasets = (data.series || []).map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: palette[i % palette.length],
        borderColor: palette[i % palette.length],
        borderWidth: kind === 'monthly' ? 2 : 0,
        pointRadius: kind === 'monthly' ? 2 : undefined,
        tension: 0.2,
    }));
    const common = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } } };
    const config = kind === 'rates'
        ? { type: 'bar', data: { labels: data.labels, datasets }, options: { ...common, indexAxis: 'y', scales: { x: { min: 0, max: 100, ticks: { callback: v => `${v}%` } } } } }
        : { type: 'line', data: { labels: data.labels, datasets }, options: { ...common, scales: { y: { beginAtZero: true } } } };
    new Chart(canvas, config);
}

async function startAll() {
    const canvases = document.querySelectorAll('canvas[data-usage-chart]:not([data-started])');
    if (canvases.length === 0) {
        return;
    }

    const Chart = await loadChartJs();
    for (const canvas of canvases) {
        canvas.dataset.started = '';
        draw(Chart, canvas);
    }
}

startAll();
window.Blazor?.addEventListener?.('enhancedload', startAll);
