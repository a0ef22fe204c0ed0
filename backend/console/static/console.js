// Reload pages that show live work (the queue, an open ticket) every few seconds,
// unless the user is typing: a reply being written is never thrown away.
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (!seconds) { return; }
  function busy() {
    var fields = document.querySelectorAll("textarea, input:not([type=hidden]), select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f === document.activeElement) { return true; }
      if ((f.tagName === "TEXTAREA" || f.type === "text" || !f.type) && f.value) { return true; }
    }
    return false;
  }
  setInterval(function () {
    if (!busy() && document.visibilityState === "visible") { window.location.reload(); }
  }, seconds * 1000);
})();
