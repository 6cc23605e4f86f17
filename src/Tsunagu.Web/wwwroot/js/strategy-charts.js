// Charts of the DX maturity page (radar: latest against target and the previous assessment; lines: each axis over
// time). The page carries the data in data-chart and the same figures as tables, so without script nothing is lost.
// Loaded on every page (App.razor) because enhanced navigation does not run a page's own scripts; Chart.js itself is
// fetched only when a page has a chart.
const colours = {
    latest: '#0031d8', target: '#b78f00', previous: '#767676',
    axis1: '#0031d8', axis2: '#1a7f37', axis3: '#b3261e', axis4: '#6f42c1',
};
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

async function startAll() {
    const canvases = document.querySelectorAll('canvas[data-strategy-chart]:not([data-started])');
    if (canvases.length === 0) {
        return;
    }

    const Chart = await loadChartJs();
    for (const canvas of canvases) {
        canvas.dataset.started = '';
        const data = JSON.parse(canvas.dataset.chart);
        const radar = canvas.dataset.strategyChart === 'radar';
        const datasets = data.series.map(s => ({
            label: s.label,
            data: s.data,
            borderColor: colours[s.kind] ?? '#0031d8',
            backgroundColor: radar && s.kind === 'latest' ? 'rgba(0, 49, 216, 0.15)' : 'transparent',
            borderDash: s.kind === 'target' ? [6, 4] : s.kind === 'previous' ? [2, 3] : [],
            pointRadius: 3,
            tension: 0,
        }));
        const scale = { min: 0, max: data.max, ticks: { stepSize: 1 } };
        new Chart(canvas, {
            type: radar ? 'radar' : 'line',
            data: { labels: data.labels, datasets },
            options: {
                responsive: true,
                maintainAspectRatio: true,
                animation: false,
                scales: radar ? { r: { ...scale, ticks: { stepSize: 1, backdropColor: 'transparent' } } } : { y: scale },
                plugins: { legend: { position: 'bottom' } },
            },
        });
    }
}

startAll();
window.Blazor?.addEventListener?.('enhancedload', startAll);
