// Phones: the main menu and the search form fold behind two buttons of the header.
// Without JavaScript (or on a wide screen) both simply stay open, so nothing depends on
// this file: the buttons are `hidden` in the HTML and only shown here.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 46em)");
  var toggles = [];

  function setOpen(toggle, isOpen) {
    toggle.button.setAttribute("aria-expanded", String(isOpen));
    toggle.target.classList.toggle("is-collapsed", !isOpen);
    // site.css draws phones folded before this runs (no layout shift): open is explicit.
    toggle.target.classList.toggle("is-open", isOpen);
  }

  function adapt() {
    toggles.forEach(function (toggle) {
      toggle.button.hidden = !narrow.matches;
      // The current page's section stays visible when the menu is folded: only fold on phones.
      setOpen(toggle, !narrow.matches);
    });
  }

  document.querySelectorAll(".site-nav__toggle, .site-search-toggle").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) return;
    var toggle = { button: button, target: target };
    toggles.push(toggle);
    button.addEventListener("click", function () {
      var isOpen = button.getAttribute("aria-expanded") !== "true";
      toggles.forEach(function (other) {
        if (other !== toggle && narrow.matches) setOpen(other, false);
      });
      setOpen(toggle, isOpen);
      if (isOpen) {
        var field = target.querySelector("input[type=search]");
        if (field) field.focus();
      }
    });
    function closeOnEscape(event) {
      if (event.key === "Escape" && narrow.matches && button.getAttribute("aria-expanded") === "true") {
        setOpen(toggle, false);
        button.focus();
      }
    }
    button.addEventListener("keydown", closeOnEscape);
    target.addEventListener("keydown", closeOnEscape);
  });
  narrow.addEventListener("change", adapt);
  adapt();
})();
