// Gouvernail's own few behaviours (no inline script: the CSP allows only these files).
(function () {
  "use strict";

  // Ctrl-K (⌘-K on a Mac) opens the quick search from any page.
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
      var dialog = document.getElementById("recherche-rapide");
      if (!dialog || !window.bootstrap) return;
      event.preventDefault();
      window.bootstrap.Modal.getOrCreateInstance(dialog).show();
    }
  });
  document.addEventListener("shown.bs.modal", function (event) {
    if (event.target.id === "recherche-rapide") document.getElementById("recherche-rapide-q").focus();
  });

  // A form that htmx swaps away (a card moved on the board) gives focus back to the element it
  // names in data-focus-after-swap, found again in the new content, so the keyboard keeps its place.
  var pendingFocus = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt.closest("[data-focus-after-swap]");
    pendingFocus = source ? source.getAttribute("data-focus-after-swap") : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pendingFocus) return;
    var target = document.getElementById(pendingFocus);
    pendingFocus = null;
    if (target) target.focus();
  });
})();

// A table wider than the screen scrolls sideways in its .table-responsive box: that box must be
// reachable by the keyboard to scroll it (WCAG 2.1.1), so it joins the tab order when it scrolls.
(function () {
  "use strict";
  function focusableScrollers(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", "Tableau défilant horizontalement");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });
  window.addEventListener("resize", function () { focusableScrollers(document); });
  document.addEventListener("htmx:afterSettle", function (event) { focusableScrollers(event.target); });
})();
