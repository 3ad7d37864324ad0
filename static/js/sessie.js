// Idle timeout warning. The server ends a session after VOROC_SESSION_IDLE_SECONDS without a
// request; two minutes before that this shows a warning with a button to stay signed in, and when
// the time is up it goes to the login page. The status request itself does not count as activity,
// so another tab in use keeps this one's session alive and the warning away.
(function () {
  "use strict";
  var box = document.getElementById("sessie-waarschuwing");
  if (!box || !window.fetch) { return; }
  var warnAt = parseInt(box.getAttribute("data-waarschuwing"), 10) * 1000;
  var idle = parseInt(box.getAttribute("data-idle"), 10) * 1000;
  var statusUrl = box.getAttribute("data-status-url");
  var keepaliveUrl = box.getAttribute("data-verleng-url");
  var loginUrl = box.getAttribute("data-login-url");
  var rest = box.querySelector("[data-sessie-rest]");
  var timer = null, countdown = null, deadline = 0;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }
  function schedule(msLeft) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(msLeft - warnAt, 1000));
  }
  function hide() {
    box.hidden = true;
    window.clearInterval(countdown);
  }
  function tick() {
    var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    rest.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (seconds === 0) {
      window.clearInterval(countdown);
      check();
    }
  }
  function show(msLeft) {
    deadline = Date.now() + msLeft;
    box.hidden = false;
    tick();
    window.clearInterval(countdown);
    countdown = window.setInterval(tick, 1000);
  }
  function check() {
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var msLeft = (data.resterend || 0) * 1000;
        if (msLeft <= 0) {
          window.location.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname);
        } else if (msLeft <= warnAt) {
          show(msLeft);
          schedule(msLeft + warnAt);  // look again when this warning's time is up
        } else {
          hide();
          schedule(msLeft);
        }
      })
      .catch(function () { schedule(warnAt * 2); });
  }
  box.querySelector("[data-sessie-verleng]").addEventListener("click", function () {
    fetch(keepaliveUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
      .then(function () { hide(); schedule(idle); });
  });
  // Every htmx request is activity on the server too.
  document.body.addEventListener("htmx:afterRequest", function () { hide(); schedule(idle); });
  schedule(idle);
})();
