// Small behaviours that used to be inline attributes: the Content-Security-Policy allows no
// inline script (issue #17 M11), so pages mark elements with data-* and this file acts on them.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when the choice changes.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  // The menu button on phones (issue 20): the navigation collapses behind it; on wide screens
  // the CSS shows the navigation and hides the button whatever the state.
  var button = document.querySelector("[data-menu]");
  var nav = document.getElementById("main-nav");
  if (button && nav) {
    button.hidden = false;
    nav.classList.add("collapsed");
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("collapsed") === false;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Tables marked "cards" show as one card per row on phones: each cell gets its header's name.
  Array.prototype.forEach.call(document.querySelectorAll("table.cards"), function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (names[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[index]);
        }
      });
    });
  });

  // After a refused form, the first field with an error gets the focus and comes into view,
  // however far down the page it sits (issue 20).
  var firstError = document.querySelector("form .errorlist, form .error[role=alert]");
  if (firstError) {
    var group = firstError.closest("div, p, fieldset") || firstError.parentElement;
    var field = group && group.querySelector("input:not([type=hidden]), select, textarea");
    var target = field || firstError;
    if (!field) { firstError.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }
})();
