// "Choose all on this page" for the wizard's role review: a header checkbox that (un)ticks
// every row's box. Without JavaScript it stays hidden and the row boxes work one by one.
document.addEventListener("DOMContentLoaded", () => {
  for (const all of document.querySelectorAll("input.js-select-all")) {
    const form = all.closest("form");
    const boxes = () => form.querySelectorAll(`input[type=checkbox][name="${all.dataset.target}"]`);
    all.hidden = false;
    all.addEventListener("change", () => {
      for (const box of boxes()) box.checked = all.checked;
    });
    form.addEventListener("change", (event) => {
      if (event.target.name !== all.dataset.target) return;
      const list = [...boxes()];
      all.checked = list.length > 0 && list.every((box) => box.checked);
    });
  }
});
