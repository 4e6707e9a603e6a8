// "Copy" buttons: the page's link (partials/share.html) and account numbers
// (partials/channels.html). Without JavaScript the buttons stay hidden and the
// link stays in its read-only field, the numbers as text, ready to be selected.
// data-copy: the element shown; data-copy-text: what to copy, if not its value
// (an IBAN without the spaces it is shown with); data-status: where to say so.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!field || !status) return;
  const select = () => (field.select ? field.select() : getSelection().selectAllChildren(field));
  if (field.select) field.addEventListener("focus", select);
  if (!navigator.clipboard) return; // only on https (or localhost)
  button.hidden = false;
  button.addEventListener("click", async () => {
    let message = status.dataset.copied;
    try {
      await navigator.clipboard.writeText(button.dataset.copyText ?? field.value);
    } catch {
      if (field.select) field.focus();
      select();
      message = status.dataset.failed;
    }
    // Empty first, so that a second click is announced again.
    status.textContent = "";
    setTimeout(() => { status.textContent = message; }, 100);
  });
});
