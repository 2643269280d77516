// Starts the GOV.UK and MoJ components on every staff page, and gives wide tables
// their own scrolling box so that no page is wider than a phone's screen.
import { initAll as govukInitAll } from "/static/vendor/govuk-frontend.min.js";
import { initAll as mojInitAll } from "/static/vendor/moj-frontend.min.js";
import "/static/foursight/busy.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

// What a table is about: its caption, else the heading nearest before it.
function tableTitle(table) {
  const caption = table.querySelector("caption");
  if (caption) return caption.textContent.trim();
  const headings = [...document.querySelectorAll("main h1, main h2, main h3, main h4")];
  const before = headings.filter(
    (h) => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  return before.length ? before[before.length - 1].textContent.trim() : "";
}

// A box is a named, focusable region only while its table is wider than the box: then
// keyboard users can scroll it and screen readers hear what it holds. A box that fits is
// plain, so wide screens do not get a landmark for every table. Names are unique on the
// page ("<title> table", numbered when two tables share a title) so they never repeat a
// section's own name.
function fit(box) {
  if (box.scrollWidth > box.clientWidth + 1) {
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", box.dataset.appName);
  } else {
    box.removeAttribute("role");
    box.removeAttribute("tabindex");
    box.removeAttribute("aria-label");
  }
}

const resized = new ResizeObserver((entries) => entries.forEach((entry) => fit(entry.target)));
const names = new Map();

function uniqueName(title) {
  const base = title ? `${title} table` : "Table";
  const count = (names.get(base) || 0) + 1;
  names.set(base, count);
  return count === 1 ? base : `${base} ${count}`;
}

// A table marked data-app-cards becomes one card per row on a phone (foursight.css):
// each cell is labelled with its column's heading.
function cardLabels(table) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.cells].forEach((cell, i) => {
      if (cell.colSpan === 1 && heads[i]) cell.dataset.label = heads[i];
    });
  }
}

function scrollBoxes(root) {
  for (const table of root.querySelectorAll("main table[data-app-cards]")) cardLabels(table);
  for (const table of root.querySelectorAll("main table")) {
    if (table.closest(".app-table-scroll")) continue;
    const box = document.createElement("div");
    box.className = "app-table-scroll";
    box.dataset.appName = uniqueName(tableTitle(table));
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    fit(box);
    resized.observe(box);
  }
}

govukInitAll();
mojInitAll();
scrollBoxes(document);
document.body.addEventListener("htmx:afterSettle", (event) => scrollBoxes(event.target));
