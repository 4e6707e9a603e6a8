// The search button in the header. Without JavaScript it stays hidden.
// Pagefind's Component UI (about 45 kB compressed, from this site's own
// pagefind/ folder) is loaded on the first click only, so pages that are
// read without searching do not pay for it; it searches only the index of
// the page's language (<html lang>) and speaks that language, right to left
// in Arabic. A large site's language is indexed in parts: the first is in
// the bundle, the others (data-search-parts) are merged into it before the
// UI is added to the page.
(() => {
  const box = document.querySelector("[data-search]");
  if (!box || !window.customElements) return;
  const button = box.querySelector("[data-search-open]");
  const bundle = box.dataset.search;
  const parts = JSON.parse(box.dataset.searchParts || "[]");
  let loading = null;

  function load() {
    if (!loading) {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = bundle + "pagefind-component-ui.css";
      document.head.append(style);
      loading = import(bundle + "pagefind-component-ui.js").then(() => {
        if (parts.length) {
          const mergeIndex = parts.map((path) => ({ bundlePath: path }));
          window.PagefindComponents.configureInstance("default", { bundlePath: bundle, mergeIndex });
        }
        box.append(box.querySelector("template[data-search-ui]").content.cloneNode(true));
        return customElements.whenDefined("pagefind-modal");
      });
    }
    return loading;
  }

  box.hidden = false;
  button.addEventListener("click", async () => {
    button.setAttribute("aria-busy", "true");
    try {
      await load();
    } finally {
      button.removeAttribute("aria-busy");
    }
    box.querySelector("pagefind-modal").open();
  });
})();
