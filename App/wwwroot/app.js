window.blazorAuth = {
    copyText: async function (text) {
        await navigator.clipboard.writeText(text);
        return true;
    }
};
