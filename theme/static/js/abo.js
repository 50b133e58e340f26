/* Newsletter sign-up pages (plugins/subscriptions). Everything works without this script; it only saves a click
   and moves the focus:
   - the confirmation page submits its one-button form by itself (a person clicked the mail's link; a GET alone
     never confirms anyone, so mail scanners that open links change nothing);
   - a form page with errors moves the focus to the list of errors, so screen readers announce it first. */
(function () {
  "use strict";
  function ready() {
    var auto = document.querySelector("form[data-abo-auto-submit]");
    if (auto) {
      var button = auto.querySelector("button");
      if (button) { button.disabled = true; button.textContent = "Wird bestätigt …"; }
      auto.submit();
      return;
    }
    var errors = document.getElementById("abo-fehler");
    if (errors) { errors.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
