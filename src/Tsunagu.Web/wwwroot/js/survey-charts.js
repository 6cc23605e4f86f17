// Survey charts: horizontal bar charts drawn with the vendored Chart.js from canvas[data-survey-chart] elements
// (labels and values as JSON in data attributes). Each chart has a table of the same numbers beside it, so without
// script, and for screen readers, the data is still there. Chart.js (200 KB) is fetched only on a page that has a chart.
// Loaded on every page (App.razor), because Blazor's enhanced navigation swaps pages in without running their scripts.
let loading;

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
    const canvases = [...document.querySelectorAll('canvas[data-survey-chart]:not([data-started])')];
    if (canvases.length === 0) {
        return;
    }

    const Chart = await loadChartJs();
    const styles = getComputedStyle(document.documentElement);
    const colour = styles.getPropertyValue('--c-primary').trim() || '#0031d8';
    for (const canvas of canvases) {
        canvas.dataset.started = '';
        const labels = JSON.parse(canvas.dataset.labels || '[]');
        const values = JSON.parse(canvas.dataset.values || '[]');
        const max = canvas.dataset.max ? Number(canvas.dataset.max) : undefined;
        new Chart(canvas, {
            type: 'bar',
            data: { labels, datasets: [{ label: canvas.dataset.series || '', data: values, backgroundColor: colour, borderRadius: 3 }] },
            options: {
                indexAxis: 'y',
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { display: false } },
                scales: {
                    x: { beginAtZero: true, max, ticks: { precision: 0 } },
                    y: { ticks: { autoSkip: false } },
                },
            },
        });
    }
}

startAll();
window.Blazor?.addEventListener?.('enhancedload', startAll);
document.addEventListener('DOMContentLoaded', startAll);
