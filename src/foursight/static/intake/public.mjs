// Public and victim pages: GOV.UK Frontend components, and the quick exit.
import { initAll } from "../vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Quick exit: replace this page (no new history entry) with a neutral site.
function leave(event) {
  const link = document.querySelector(".app-quick-exit__button");
  if (!link) return;
  if (event) event.preventDefault();
  document.title = "Weather";
  document.body.textContent = "";
  window.location.replace(link.getAttribute("href"));
}
const exitButton = document.querySelector(".app-quick-exit__button");
if (exitButton) {
  exitButton.addEventListener("click", leave);
  // Pressing Shift three times quickly also leaves, as with GOV.UK's "Exit this page".
  let presses = 0;
  let timer = null;
  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift") return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(() => { presses = 0; }, 1000);
    if (presses >= 3) leave(null);
  });
}

// Upload with progress: send the form in the background and show how far it has got.
const uploadForm = document.querySelector("form[data-upload-progress]");
if (uploadForm) {
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  uploadForm.addEventListener("submit", (event) => {
    if (!window.FormData || !window.XMLHttpRequest) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", uploadForm.getAttribute("action"));
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.hidden = false;
      bar.value = percent;
      status.textContent = `Sending: ${percent}%`;
    });
    request.addEventListener("load", () => {
      if (request.status < 400) {
        window.location.assign(request.responseURL);
        return;
      }
      const answer = new DOMParser().parseFromString(request.responseText, "text/html");
      const main = answer.querySelector("main");
      if (main) {
        document.querySelector("main").replaceWith(main);
        const summary = main.querySelector(".govuk-error-summary");
        if (summary) summary.focus();
      } else {
        status.textContent = "The file could not be sent. Please try again.";
      }
    });
    request.addEventListener("error", () => {
      status.textContent = "The file could not be sent. Check your connection and try again.";
    });
    status.textContent = "Sending: 0%";
    request.send(new FormData(uploadForm));
  });
}
