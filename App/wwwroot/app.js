window.blazorAuth = {
    // Copies text to the clipboard, or throws when the browser refuses.
    // navigator.clipboard exists only in secure contexts (https, localhost): on an intranet install over plain
    // http it is missing, so fall back to copying the selection of a hidden text area, still within the click.
    copyText: async function (text) {
        if (navigator.clipboard && window.isSecureContext) {
            try {
                await navigator.clipboard.writeText(text);
                return true;
            } catch {
                // Denied or unfocused: try the fallback below.
            }
        }

        const focused = document.activeElement;
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.setAttribute('aria-hidden', 'true');
        area.style.position = 'fixed';
        area.style.top = '0';
        area.style.left = '0';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        try {
            if (!document.execCommand('copy')) {
                throw new Error('The browser refused to copy to the clipboard.');
            }
        } finally {
            area.remove();
            if (focused instanceof HTMLElement) {
                focused.focus();
            }
        }

        return true;
    }
};
