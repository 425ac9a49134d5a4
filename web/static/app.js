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

// A place picker's answer: choosing a unit puts its number in the field the picker serves.
document.addEventListener("click", function (e) {
  var b = e.target.closest("button.pick");
  if (!b) return;
  var input = document.getElementById(b.dataset.fill);
  if (!input) return;
  input.value = b.dataset.unit;
  var results = b.closest(".place-results");
  if (results) results.innerHTML = "";
  input.focus();
});

// An irreversible action (ending a post or a membership, deleting a photo) asks first: a form
// with data-confirm is sent only once the person confirms its question.
document.addEventListener("submit", function (e) {
  var q = e.target.dataset && e.target.dataset.confirm;
  if (q && !window.confirm(q)) e.preventDefault();
});
