// Filters the cards of a list page with the form above them (form[data-list-filter]):
// a card (an element with data-filter) stays when, for every field of the form
// that has a value, that value is one of the card's data-filter-<field name>
// values (a JSON list). The choice lives in the address (?mode=remote&time=short),
// so that it can be shared. Without JavaScript the form stays hidden and every
// card is listed. On the calls list, "remote" keeps remote calls only: a hybrid
// call needs someone on site some of the time.
(() => {
  const form = document.querySelector("form[data-list-filter]");
  if (!form) return;
  const cards = [...document.querySelectorAll("main [data-filter]")];
  const status = form.querySelector("[role=status]");
  const fields = [...form.elements].filter((field) => field.name);

  function valueOf(field) {
    if (field.type === "checkbox") return field.checked ? field.value : "";
    return field.value;
  }

  function fromAddress() {
    const query = new URLSearchParams(location.search);
    for (const field of fields) {
      const value = query.get(field.name) || "";
      if (field.type === "checkbox") field.checked = value === field.value;
      else if ([...field.options].some((option) => option.value === value)) field.value = value;
    }
  }

  function chosen() {
    const values = {};
    for (const field of fields) {
      const value = valueOf(field);
      if (value) values[field.name] = value;
    }
    return values;
  }

  function matches(card, values) {
    return Object.entries(values).every(([name, value]) => {
      const own = JSON.parse(card.getAttribute(`data-filter-${name}`) || "[]");
      return own.some((v) => v.toLocaleLowerCase() === value.toLocaleLowerCase());
    });
  }

  function apply(updateAddress) {
    const values = chosen();
    let shown = 0;
    for (const card of cards) {
      const visible = matches(card, values);
      (card.closest("li") || card).hidden = !visible;
      shown += visible;
    }
    // A group (open and closed calls, upcoming and past activities) left empty loses its heading too.
    for (const grid of new Set(cards.map((card) => card.closest("ul")).filter(Boolean))) {
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
