// Complaint intake by keyboard: Enter in the lookup picks the first matching customer (as a click
// would, so its contact details are filled in) and moves on to the complaint; Enter in the
// complaint text submits (Shift+Enter starts a new line).
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.isComposing) return;
  var target = event.target;
  var form = document.getElementById("complaint-intake");
  if (!form || !form.contains(target)) return;
  if (target.id === "customer-q") {
    event.preventDefault();
    var first = form.querySelector("#customer-matches input[data-first]");
    if (first) {
      first.checked = true;
      first.dispatchEvent(new Event("change", { bubbles: true })); // fills the contact fields
    }
    form.querySelector("#id_content").focus();
  } else if (target.id === "id_content" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
