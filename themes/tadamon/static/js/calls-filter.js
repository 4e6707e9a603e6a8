// Filters the calls of a list by mode, skill and time, with the form above
// them; the choice lives in the address (?mode=remote&time=short) so that it
// can be shared. Without JavaScript the form stays hidden and every call is listed.
// "remote" shows remote calls only: a hybrid call needs some presence on site.
(() => {
  const form = document.querySelector("form[data-call-filter]");
  if (!form) return;
  const calls = [...document.querySelectorAll("main [data-call-mode]")];
  const status = form.querySelector("[role=status]");
  const names = ["mode", "skill", "time"];

  function fromAddress() {
    const query = new URLSearchParams(location.search);
    for (const name of names) {
      const field = form.elements[name];
      if (!field) continue;
      const value = query.get(name) || "";
      if (field.type === "checkbox") field.checked = value === field.value;
      else if ([...field.options].some((option) => option.value === value)) field.value = value;
    }
  }

  function chosen() {
    const values = {};
    for (const name of names) {
      const field = form.elements[name];
      if (!field) continue;
      const value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
      if (value) values[name] = value;
    }
    return values;
  }

  function matches(card, values) {
    if (values.mode && card.dataset.callMode !== values.mode) return false;
    if (values.time && card.dataset.callTime !== values.time) return false;
    if (values.skill) {
      const skills = JSON.parse(card.dataset.callSkills || "[]").map((s) => s.toLocaleLowerCase());
      if (!skills.includes(values.skill.toLocaleLowerCase())) return false;
    }
    return true;
  }

  function apply(updateAddress) {
    const values = chosen();
    let shown = 0;
    for (const card of calls) {
      const visible = matches(card, values);
      (card.closest("li") || card).hidden = !visible;
      shown += visible;
    }
    // A group (open, closed) left without a call loses its heading too.
    for (const grid of new Set(calls.map((card) => card.closest("ul")).filter(Boolean))) {
      const empty = [...grid.children].every((li) => li.hidden);
      grid.hidden = empty;
      const heading = grid.previousElementSibling;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
    }
    status.textContent = shown ? `${status.dataset.some} ${shown}` : status.dataset.none;
    if (updateAddress) {
      const query = new URLSearchParams(values).toString();
      history.replaceState(history.state, "", query ? `?${query}` : location.pathname);
    }
  }

  fromAddress();
  form.hidden = false;
  form.addEventListener("change", () => apply(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(true);
  });
  form.addEventListener("reset", () => setTimeout(() => apply(true)));
  apply(false);
})();
