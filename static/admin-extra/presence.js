// Says on a change page who else has the same record open (backoffice/conflicts.py).
// Reports in every 20 seconds; without this script the page works the same, and a save
// over someone else's is still refused by the server.
(function () {
  "use strict";

  const PERIOD = 20000;

  function start(notice) {
    const url = notice.dataset.presenceUrl;
    const tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) {
      return;
    }
    function show(others) {
      if (!others.length) {
        notice.hidden = true;
        notice.textContent = "";
        return;
      }
      const names = others.join(", ");
      notice.textContent =
        others.length === 1
          ? names + " a aussi cette page ouverte. Si vous enregistrez tous les deux, le second enregistrement sera refusé et montrera les modifications du premier."
          : names + " ont aussi cette page ouverte. Si vous enregistrez en même temps, seul le premier enregistrement sera accepté.";
      notice.hidden = false;
    }
    function report() {
      if (document.visibilityState === "hidden") {
        return;
      }
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value, "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && Array.isArray(data.others)) {
            show(data.others);
          }
        })
        .catch(function () {
          // Offline or logged out: the notice simply stays as it was.
        });
    }
    report();
    window.setInterval(report, PERIOD);
    document.addEventListener("visibilitychange", report);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const notice = document.getElementById("edit-presence");
    if (notice) {
      start(notice);
    }
  });
})();
