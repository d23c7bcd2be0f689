// "Save this search": htmx updates the results and the address bar without reloading the page,
// so the querystring rendered into the form may be stale; send the address bar's instead.
// Without this file the form still works, with the filters the page was loaded with.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-save-search]")) return;
  const field = form.querySelector('input[name="querystring"]');
  if (field) field.value = window.location.search.replace(/^\?/, "");
});
