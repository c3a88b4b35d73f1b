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

  // A table wider than the screen scrolls sideways inside its .table-wrap: while it overflows,
  // the wrapper takes the keyboard focus (arrow keys scroll it) and is named after the table's
  // caption or the heading above it (axe-core: scrollable-region-focusable, issue 20).
  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    for (var node = wrap.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) { return node.textContent.trim(); }
    }
    return document.documentElement.lang === "th" ? "ตาราง" : "Table";
  }
  function markScrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", nameOf(wrap));
        }
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  markScrollableTables();
  window.addEventListener("load", markScrollableTables);  // after the web font and images
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollableTables, 100);
  });
  document.addEventListener("htmx:afterSwap", markScrollableTables);

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
