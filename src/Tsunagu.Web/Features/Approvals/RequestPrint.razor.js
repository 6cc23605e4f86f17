// Progressive enhancement: the 印刷 button only appears when script can print; Ctrl+P works without it.
for (const button of document.querySelectorAll('[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
}
