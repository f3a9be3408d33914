// Accessibility warnings of a rich-text field, checked again while staff type: the text is
// sent (after a pause in typing) to the admin's check, which runs the same rules as on save,
// and the list under the field is replaced by the answer. Without JavaScript the list shows
// the warnings of the text as last saved.
(function () {
  "use strict";

  const PAUSE_MS = 800;
  const timers = new WeakMap();
  const lastRequest = new WeakMap();

  function boxFor(textarea) {
    // The editor wraps its textarea in a div; the list follows that wrapper.
    const wrapper = textarea.closest(".prose-editor") || textarea;
    const box = wrapper.nextElementSibling;
    return box && box.classList.contains("accessibility-check") ? box : null;
  }

  function csrfToken(form) {
    const input = form && form.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function show(box, warnings) {
    const hadWarnings = box.querySelector("li") !== null;
    box.replaceChildren();
    if (!warnings.length) {
      if (hadWarnings) {
        const fixed = document.createElement("p");
        fixed.className = "accessibility-check__fixed";
        fixed.textContent = box.dataset.fixed;
        box.append(fixed);
      }
      return;
    }
    const title = document.createElement("p");
    title.className = "accessibility-check__title";
    title.textContent = box.dataset.title;
    const list = document.createElement("ul");
    for (const warning of warnings) {
      const item = document.createElement("li");
      item.textContent = warning;
      list.append(item);
    }
    box.append(title, list);
  }

  function check(textarea, box) {
    const body = new FormData();
    body.append("html", textarea.value);
    const request = {};
    lastRequest.set(box, request);
    fetch(box.dataset.checkUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea.form) },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // An older answer arriving after a newer one is dropped.
        if (data && Array.isArray(data.warnings) && lastRequest.get(box) === request) {
          show(box, data.warnings);
        }
      })
      .catch(function () {
        // Offline or signed out: the list stays as it was; saving checks again.
      });
  }

  document.addEventListener("input", function (event) {
    const textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement)) {
      return;
    }
    const box = boxFor(textarea);
    if (!box) {
      return;
    }
    clearTimeout(timers.get(textarea));
    timers.set(
      textarea,
      setTimeout(function () {
        check(textarea, box);
      }, PAUSE_MS),
    );
  });
})();
