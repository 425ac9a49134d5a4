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
    if (hidden) {
      hidden.value = b.dataset.unit;
      // A form that depends on the unit (the new post's job positions) listens for this.
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
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
  if (hidden && hidden.value !== "") {
    hidden.value = "";
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }
});

// An irreversible action (ending a post or a membership, deleting a photo) asks first: a form
// with data-confirm is sent only once the person confirms its question.
document.addEventListener("submit", function (e) {
  var q = e.target.dataset && e.target.dataset.confirm;
  if (q && !window.confirm(q)) e.preventDefault();
});

// A person picker's answer: choosing a person shows the name in the picker and puts the
// record number in the hidden field beside it; a picker of several people adds the person to
// its list of chosen people instead (a hidden field each, with a button to take them off).
document.addEventListener("click", function (e) {
  var x = e.target.closest("button.person-unpick");
  if (x) {
    var list = x.closest("ul.person-chosen");
    x.closest("li").remove();
    var q = list && document.getElementById(list.id.replace(/-chosen$/, ""));
    if (q) q.focus();
    return;
  }
  var b = e.target.closest("button.person-pick");
  if (!b) return;
  var box = document.getElementById(b.dataset.fill);
  if (!box) return;
  var chosen = document.getElementById(b.dataset.fill + "-chosen");
  if (chosen) {
    if (!chosen.querySelector('input[value="' + b.dataset.person + '"]')) {
      var li = document.createElement("li");
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = chosen.dataset.name;
      hidden.value = b.dataset.person;
      var off = document.createElement("button");
      off.type = "button";
      off.className = "person-unpick";
      off.textContent = "×";
      off.setAttribute("aria-label", chosen.dataset.remove + " " + b.dataset.name);
      li.appendChild(hidden);
      li.appendChild(document.createTextNode(b.dataset.name));
      li.appendChild(off);
      chosen.appendChild(li);
    }
    box.value = "";
  } else {
    var id = document.getElementById(b.dataset.fill + "-id");
    if (id) id.value = b.dataset.person;
    box.value = b.dataset.name;
  }
  var results = document.getElementById(b.dataset.fill + "-results");
  if (results) results.innerHTML = "";
  box.focus();
});

// Typing in a single person picker forgets the person chosen before: what is sent is what is shown.
document.addEventListener("input", function (e) {
  if (!e.target.classList || !e.target.classList.contains("person-q")) return;
  var id = document.getElementById(e.target.id + "-id");
  if (id) id.value = "";
});

// The keyboard in a person picker: Down from the text box goes to the first answer, Up and
// Down move between answers, Escape closes the answers and returns to the text box.
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (!t.classList) return;
  var box, answers;
  if (t.classList.contains("person-q")) {
    box = t;
    answers = document.querySelectorAll("#" + t.id + "-results button.person-pick");
    if (e.key === "ArrowDown" && answers.length) { e.preventDefault(); answers[0].focus(); }
    if (e.key === "Escape") document.getElementById(t.id + "-results").innerHTML = "";
    return;
  }
  if (!t.classList.contains("person-pick")) return;
  box = document.getElementById(t.dataset.fill);
  answers = Array.prototype.slice.call(document.querySelectorAll("#" + t.dataset.fill + "-results button.person-pick"));
  var i = answers.indexOf(t);
  if (e.key === "ArrowDown" && i < answers.length - 1) { e.preventDefault(); answers[i + 1].focus(); }
  if (e.key === "ArrowUp") { e.preventDefault(); if (i > 0) answers[i - 1].focus(); else if (box) box.focus(); }
  if (e.key === "Escape" && box) { document.getElementById(t.dataset.fill + "-results").innerHTML = ""; box.focus(); }
});

// Choosing a job position on the new-post form fills the post's title with its name when the
// title is empty or still holds the name of the position chosen before.
document.addEventListener("change", function (e) {
  var s = e.target;
  if (!s.classList || !s.classList.contains("position-choice")) return;
  var title = document.getElementById(s.dataset.title);
  if (!title) return;
  var name = s.value ? s.options[s.selectedIndex].text : "";
  if (title.value === "" || title.value === s.dataset.filled) {
    title.value = name;
    s.dataset.filled = name;
  }
});
