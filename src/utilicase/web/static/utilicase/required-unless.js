// A field marked data-required-unless="name=value" is required (and shown) unless the radio
// `name` of its form has `value` checked; then it is hidden and not required. Without
// JavaScript the field stays shown and marked required; the server decides either way.
(function () {
  function sync(input) {
    var rule = input.getAttribute("data-required-unless").split("=");
    var checked = input.form && input.form.querySelector('input[name="' + rule[0] + '"]:checked');
    var off = Boolean(checked && checked.value === rule[1]);
    input.required = !off;
    input.setAttribute("aria-required", off ? "false" : "true");
    var wrapper = input.closest(".case-field");
    if (wrapper) { wrapper.hidden = off; }
  }
  function init() {
    document.querySelectorAll("[data-required-unless]").forEach(function (input) {
      var name = input.getAttribute("data-required-unless").split("=")[0];
      if (!input.form) { return; }
      input.form.querySelectorAll('input[name="' + name + '"]').forEach(function (radio) {
        radio.addEventListener("change", function () { sync(input); });
      });
      sync(input);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSwap", init);
})();
