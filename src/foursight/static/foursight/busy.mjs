// Long work started from a form (a linkage run, a harm refresh, a case file build) says it
// is running: a form marked data-busy="Running linkage…" disables its button when sent and
// shows that text in a status line, until the next page (with its banner) arrives.
function markBusy(form) {
  const button = form.querySelector("button[type=submit], button:not([type])");
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("govuk-button--disabled");
  }
  let status = form.querySelector(".app-busy");
  if (!status) {
    status = document.createElement("p");
    status.className = "govuk-body app-busy";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
  }
  status.textContent = form.dataset.busy;
  form.setAttribute("aria-busy", "true");
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return;
  if (form.getAttribute("aria-busy") === "true") {
    event.preventDefault(); // a second click would start the same work twice
    return;
  }
  // Let the browser take the submission first, then disable the button it came from.
  window.setTimeout(() => markBusy(form), 0);
});
