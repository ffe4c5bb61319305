// While the approved PDF is rendered, keep its state current in the page's live region
// (#stato-pdf, role="status") by fetching a small fragment every few seconds. Only that region
// changes: the page is never reloaded, so nothing the Segretario is typing in the forms is lost.
// Without JavaScript the region still says the state and offers an "Aggiorna" link.
(function () {
  "use strict";
  var region = document.getElementById("stato-pdf");
  var url = region && region.getAttribute("data-stato-pdf-url");
  if (!url) {
    return;
  }
  var INTERVAL_MS = 5000;
  var failures = 0;

  function finished(stato) {
    return stato !== "in_coda" && stato !== "in_corso";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        failures = 0;
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var stato = template.content.querySelector("[data-stato]");
        // Replacing identical text would make some screen readers announce it again.
        if (template.content.textContent.trim() !== region.textContent.trim()) {
          region.replaceChildren(template.content);
        }
        if (!stato || !finished(stato.getAttribute("data-stato"))) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        // A network hiccup: try a few more times, then leave the "Aggiorna" link to the user.
        failures += 1;
        if (failures < 5) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
