// Phones: the main menu folds behind a « Menu » button. Without JavaScript (or on a wide
// screen) the menu simply stays open, so nothing depends on this file.
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  if (!nav) return;
  var button = nav.querySelector(".site-nav__toggle");
  var list = document.getElementById(button.getAttribute("aria-controls"));
  var narrow = window.matchMedia("(max-width: 46em)");

  function setOpen(isOpen) {
    button.setAttribute("aria-expanded", String(isOpen));
    list.classList.toggle("is-collapsed", !isOpen);
  }

  function adapt() {
    button.hidden = !narrow.matches;
    // The current page's section stays visible when the menu is folded: only fold on phones.
    setOpen(!narrow.matches);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", adapt);
  adapt();
})();
