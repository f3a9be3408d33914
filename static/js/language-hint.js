// A French page offers its English version to a browser that prefers English: a small
// band at the top of the header, hidden in the HTML, shown here. Nothing is stored nor
// sent: the server answers the same page to everyone (no cookie, no Vary), and a closed
// band comes back on the next page, as the switcher in the header always stays.
(function () {
  "use strict";
  var hint = document.querySelector("[data-language-hint]");
  if (!hint) return;
  var offered = hint.getAttribute("data-language-hint");
  var page = (document.documentElement.lang || "").toLowerCase().split("-")[0];
  var preferred = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || ""];
  // The first of the browser's languages that the site has decides.
  for (var i = 0; i < preferred.length; i++) {
    var code = String(preferred[i]).toLowerCase().split("-")[0];
    if (code === page) return;
    if (code === offered) break;
  }
  if (i === preferred.length) return;
  hint.hidden = false;
  hint.querySelector(".language-hint__close").addEventListener("click", function () {
    hint.hidden = true;
    // Keyboard users keep their place: the switcher offers the same link.
    var switcher = document.querySelector(".language-switcher__link");
    if (switcher) switcher.focus();
  });
})();
