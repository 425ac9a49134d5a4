// canbo's only script besides htmx: small behaviours that need no server round trip.
// Kept in a file because the Content-Security-Policy forbids inline script.
document.addEventListener("click", function (e) {
  var t = e.target.closest(".toggle");
  if (!t) return;
  var open = t.getAttribute("aria-expanded") === "true";
  var list = t.parentElement.querySelector(":scope > ul.children");
  if (open) {
    // Collapse without a request; the next expand fetches again, on the current as-of date.
    e.preventDefault();
    e.stopImmediatePropagation();
    list.innerHTML = "";
    t.setAttribute("aria-expanded", "false");
  } else {
    t.setAttribute("aria-expanded", "true");
  }
}, true);
