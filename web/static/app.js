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

// A unit picker's answer: choosing a unit shows its name in the picker and puts its id in the
// hidden field beside it; a picker serving an existing field writes "#id" there instead
// (appended on a new line to a list such as a merge's sources or a user's scope).
document.addEventListener("click", function (e) {
  var b = e.target.closest("button.unit-pick");
  if (!b) return;
  var box = document.getElementById(b.dataset.fill);
  if (!box) return;
  var target = box.dataset.target && document.getElementById(box.dataset.target);
  if (target) {
    var ref = "#" + b.dataset.unit;
    var list = target.tagName === "TEXTAREA" || target.hasAttribute("data-list");
    if (list && target.value.trim() !== "") {
      target.value = target.value.replace(/[\s,]+$/, "") + (target.tagName === "TEXTAREA" ? "\n" : ", ") + ref;
    } else {
      target.value = ref;
    }
    box.value = "";
  } else {
    var hidden = document.getElementById(b.dataset.fill + "-id");
    if (hidden) hidden.value = b.dataset.unit;
    box.value = b.dataset.name;
  }
  var results = document.getElementById(b.dataset.fill + "-results");
  if (results) results.innerHTML = "";
  box.focus();
});

// Typing in a unit picker forgets the unit chosen before, so what is sent is what is shown.
document.addEventListener("input", function (e) {
  if (!e.target.classList || !e.target.classList.contains("unit-q")) return;
  var hidden = document.getElementById(e.target.id + "-id");
  if (hidden) hidden.value = "";
});

// An irreversible action (ending a post or a membership, deleting a photo) asks first: a form
// with data-confirm is sent only once the person confirms its question.
document.addEventListener("submit", function (e) {
  var q = e.target.dataset && e.target.dataset.confirm;
  if (q && !window.confirm(q)) e.preventDefault();
});
