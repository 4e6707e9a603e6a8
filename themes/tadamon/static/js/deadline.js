// States that change at a moment, switched at the visitor's clock (see base.html).
(() => {
  const now = Date.now(), d = document, all = (s, r = d) => [...r.querySelectorAll(s)];
  const past = (t) => Date.parse(t) <= now;
  for (const e of all("[data-steps]"))
    for (const [t, w] of JSON.parse(e.dataset.steps)) if (past(t)) e.hidden = !(e.textContent = w);
  for (const e of all("[data-closes]")) {
    if (!past(e.dataset.closes)) continue;
    for (const p of all("[data-open],[data-closed]", e))
      if (p.closest("[data-closes]") == e) p.hidden = p.dataset.open != null;
    e.classList.add("is-closed");
    if (e.dataset.filterWhen) e.dataset.filterWhen = '["past"]';
    const li = e.parentNode, ul = li.parentNode, g = ul.dataset && ul.dataset.group;
    const to = g == "open" && d.querySelector("[data-group=closed]");
    if (to) to.prepend(li);
    else if (g == "current") li.hidden = true;
    else continue;
    if (!ul.querySelector("li:not([hidden])")) {
      const h = ul.previousElementSibling;
      ul.hidden = true;
      if (h && h.tagName == "H2") h.hidden = true;
      else if (g == "current") ul.closest("section").hidden = true;
    }
  }
})();
