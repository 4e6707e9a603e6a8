// At the visitor's clock (the site is built once a day): an element with
// data-closes="<ISO moment>" whose moment has passed shows its [data-closed] parts
// (the closed state's words and badge, built hidden) and hides its [data-open]
// ones (apply, donate); a card leaves a list's open section for the closed one,
// or the home page. data-steps ([moment, words]): "N days left". Runs once before
// the first paint (blocking="render"): nothing moves. No JavaScript: as built.
(() => {
  const now = Date.now();
  const all = (selector, root) => [...(root || document).querySelectorAll(selector)];
  const passed = (moment) => Date.parse(moment) <= now;
  for (const days of all("[data-steps]")) {
    for (const [moment, words] of JSON.parse(days.dataset.steps)) {
      if (passed(moment)) days.hidden = !(days.textContent = words);
    }
  }
  for (const item of all("[data-closes]")) {
    if (!passed(item.dataset.closes)) continue;
    const own = (selector) => all(selector, item).filter((part) => part.closest("[data-closes]") === item);
    for (const part of own("[data-open]")) part.hidden = true;
    for (const part of own("[data-closed]")) part.hidden = false;
    item.classList.add("is-closed");
    if (item.dataset.filterWhen) item.dataset.filterWhen = '["past"]';
    const entry = item.parentNode;
    const list = entry.parentNode;
    const group = list.dataset && list.dataset.group;
    const closed = group === "open" && document.querySelector("[data-group=closed]");
    if (closed) closed.prepend(entry);
    else if (group === "current") entry.hidden = true;
    else continue;
    if (!list.querySelector("li:not([hidden])")) {
      list.hidden = true;
      const heading = list.previousElementSibling;
      if (heading && heading.tagName === "H2") heading.hidden = true;
      else if (group === "current") list.closest("section").hidden = true;
    }
  }
})();
