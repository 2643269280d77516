// Starts the GOV.UK and MoJ components on every staff page, and gives wide tables
// their own scrolling box so that no page is wider than a phone's screen.
import { initAll as govukInitAll } from "/static/vendor/govuk-frontend.min.js";
import { initAll as mojInitAll } from "/static/vendor/moj-frontend.min.js";
import "/static/foursight/busy.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

function scrollBoxes(root) {
  for (const table of root.querySelectorAll("main table")) {
    if (table.closest(".app-table-scroll")) continue;
    const box = document.createElement("div");
    box.className = "app-table-scroll";
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    const caption = table.querySelector("caption");
    const heading = table.closest("section")?.querySelector("h2, h3");
    box.setAttribute("aria-label", (caption || heading)?.textContent.trim() || "Table");
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }
}

govukInitAll();
mojInitAll();
scrollBoxes(document);
document.body.addEventListener("htmx:afterSettle", (event) => scrollBoxes(event.target));
