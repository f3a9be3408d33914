// Warns before leaving an admin form whose fields were changed but not saved.
// The browser shows its own (translated) question; submitting the form never warns.
(function () {
  "use strict";

  function watch(form) {
    let isDirty = false;
    const markDirty = function () {
      isDirty = true;
    };
    // The rich-text editor copies its HTML into its textarea and fires "input" too.
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () {
      isDirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (isDirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("#content-main form[method='post']");
    if (form) {
      watch(form);
    }
  });
})();
