// K-OFFSET progressive enhancements. Every page works without this file.
"use strict";

// Fields marked data-shown-when="<radio name>:<value>" are shown only while that choice is
// selected (e.g. the business registration number for Korean companies). Hidden fields keep
// their values, and the server validates everything regardless.
function syncDependentFields(form) {
  form.querySelectorAll("[data-shown-when]").forEach((input) => {
    const [name, value] = input.dataset.shownWhen.split(":");
    const chosen = form.querySelector(`input[name="${name}"]:checked`);
    const wrapper = input.closest(".mb-3") || input;
    wrapper.hidden = Boolean(chosen) && chosen.value !== value;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form").forEach((form) => {
    if (!form.querySelector("[data-shown-when]")) return;
    form.addEventListener("change", () => syncDependentFields(form));
    syncDependentFields(form);
  });
});

// A table wider than its box scrolls inside .table-responsive; keyboard users can scroll it only
// when the box can take focus, so such boxes join the tab order (WCAG 2.1.1).
function focusScrollingTables(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
    } else if (box.tabIndex === 0) {
      box.removeAttribute("tabindex");
    }
  });
}

document.addEventListener("DOMContentLoaded", () => focusScrollingTables(document));
document.addEventListener("htmx:afterSettle", (event) => focusScrollingTables(event.target));
window.addEventListener("resize", () => focusScrollingTables(document));
