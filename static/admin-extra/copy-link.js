// « Copier le lien » beside each shareable preview link (no inline handler: the admin's CSP).
// With the clipboard API the link is copied; without it (or if the browser refuses), the
// text is selected for Ctrl+C. Without JavaScript the button stays hidden and the field is
// an ordinary read-only text to select by hand.
(function () {
  "use strict";

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function setUp(button) {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field) {
      return;
    }
    const say = function (text) {
      if (status) {
        status.textContent = text;
      }
    };
    field.addEventListener("focus", function () {
      field.select();
    });
    field.addEventListener("click", function () {
      selectAll(field);
    });
    button.hidden = false;
    button.addEventListener("click", function () {
      selectAll(field);
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () {
            say(button.dataset.copied);
          },
          function () {
            say(button.dataset.selected);
          },
        );
      } else {
        say(button.dataset.selected);
      }
    });
  }

  function start() {
    document.querySelectorAll("button[data-copy-target]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
