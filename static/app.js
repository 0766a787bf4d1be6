/* heaolu: after an htmx swap, focus stays where it was, or moves to the new content when the
   swap took the focused element away; the page's polite live region (outside every swapped part)
   then says what changed: the new content's [data-announce] text, or its own data-updated. */
(function () {
  "use strict";
  var focusedId = null;
  var targetId = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    targetId = target && target.id;
    focusedId = target && active && target.contains(active) ? active.id || null : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    var content = targetId && document.getElementById(targetId);
    if (!active || active === document.body || !active.isConnected) {
      var again = focusedId && document.getElementById(focusedId);
      var next = again || content;
      if (next) {
        if (!again && next.tabIndex < 0 && !next.hasAttribute("tabindex")) {
          next.setAttribute("tabindex", "-1");
        }
        next.focus();
      }
    }
    announce(content);
  });

  function announce(content) {
    var live = document.getElementById("live-region");
    if (!live) {
      return;
    }
    var told = content && content.querySelector("[data-announce]");
    var text = told ? told.textContent.trim() : live.getAttribute("data-updated");
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 100);
  }
})();
