// "Copy link" on item pages. Without JavaScript the button stays hidden and the
// page's address remains in its read-only field, ready to be selected.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!field || !status) return;
  field.addEventListener("focus", () => field.select());
  if (!navigator.clipboard) return; // only on https (or localhost)
  button.hidden = false;
  button.addEventListener("click", async () => {
    let message = status.dataset.copied;
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      field.focus();
      message = status.dataset.failed;
    }
    // Empty first, so that a second click is announced again.
    status.textContent = "";
    setTimeout(() => { status.textContent = message; }, 100);
  });
});
