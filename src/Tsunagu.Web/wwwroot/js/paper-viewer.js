// Paper viewer: renders a meeting paper (PDF) page by page into a canvas with pdf.js, fitted to the width of the
// screen (tablets and phones), with 前へ/次へ and zoom. Without script the page shows a link to open the file instead.
// The note form's page number follows the page shown, until the person types one themselves.
// Loaded on every page (App.razor), because Blazor's enhanced navigation swaps pages in without running their
// scripts: a viewer reached from the meeting page, search or a notification starts here on 'enhancedload'.
function startAll() {
    for (const root of document.querySelectorAll('[data-paper-viewer]:not([data-started])')) {
        root.dataset.started = '';
        start(root);
    }
}

startAll();
window.Blazor?.addEventListener?.('enhancedload', startAll);

async function start(root) {
    const message = root.querySelector('[data-message]');
    const toolbar = root.querySelector('[data-toolbar]');
    const status = root.querySelector('[data-status]');
    const canvas = root.querySelector('[data-canvas]');
    const wrap = root.querySelector('[data-wrap]');
    const prev = root.querySelector('[data-prev]');
    const next = root.querySelector('[data-next]');
    const notePage = document.querySelector('[data-note-page]');
    let notePageTouched = notePage && notePage.value !== '';
    notePage?.addEventListener('input', () => { notePageTouched = true; });
    message.textContent = root.dataset.labelLoading;

    let pdf;
    try {
        // The asset paths are relative to <base href>; import() needs an absolute URL.
        const pdfjs = await import(new URL(root.dataset.lib, document.baseURI).href);
        pdfjs.GlobalWorkerOptions.workerSrc = new URL(root.dataset.worker, document.baseURI).href;
        pdf = await pdfjs.getDocument({ url: new URL(root.dataset.src, document.baseURI).href, withCredentials: true, isEvalSupported: false }).promise;
    } catch (error) {
        console.warn('paper viewer', error);
        message.textContent = root.dataset.labelFailed;
        return;
    }

    let page = 1;
    let zoom = 1; // relative to fit-to-width
    let rendering = null;
    message.hidden = true;
    toolbar.hidden = false;

    async function render() {
        if (rendering) {
            rendering.cancel();
        }

        const current = await pdf.getPage(page);
        const base = current.getViewport({ scale: 1 });
        const available = Math.max(wrap.clientWidth - 2, 200);
        const scale = (available / base.width) * zoom;
        const viewport = current.getViewport({ scale });
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        const label = root.dataset.labelPage.replace('{0}', page).replace('{1}', pdf.numPages);
        status.textContent = label;
        canvas.setAttribute('aria-label', label);
        prev.disabled = page <= 1;
        next.disabled = page >= pdf.numPages;
        if (notePage && !notePageTouched) {
            notePage.value = String(page);
        }

        rendering = current.render({ canvasContext: canvas.getContext('2d'), viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null });
        try {
            await rendering.promise;
            canvas.dataset.renderedPage = String(page);
        } catch (error) {
            if (error?.name !== 'RenderingCancelledException') {
                console.warn('paper viewer', error);
            }
        }
    }

    prev.addEventListener('click', () => { if (page > 1) { page--; render(); } });
    next.addEventListener('click', () => { if (page < pdf.numPages) { page++; render(); } });
    root.querySelector('[data-fit]').addEventListener('click', () => { zoom = 1; render(); });
    root.querySelector('[data-zoom-in]').addEventListener('click', () => { zoom = Math.min(zoom * 1.25, 4); render(); });
    root.querySelector('[data-zoom-out]').addEventListener('click', () => { zoom = Math.max(zoom / 1.25, 0.5); render(); });
    let resizeTimer;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 200); });
    await render();
}
