// Signature pad: draw with a finger, pen or mouse on <canvas data-signature-pad>; the drawing is
// written as a PNG data URL into the hidden input named by data-target when the form is submitted.
(function () {
  function setup(canvas) {
    var input = document.getElementById(canvas.dataset.target);
    var ctx = canvas.getContext("2d");
    var drawing = false, inked = false, last = null;

    function fit() {
      var ratio = window.devicePixelRatio || 1;
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
      inked = false; input.value = "";
    }
    function point(e) {
      var rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; last = point(e); canvas.setPointerCapture(e.pointerId); e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      last = p; inked = true; e.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (type) {
      canvas.addEventListener(type, function () {
        if (drawing && inked) input.value = canvas.toDataURL("image/png");
        drawing = false;
      });
    });
    var clear = document.querySelector('[data-signature-clear="' + canvas.id + '"]');
    if (clear) clear.addEventListener("click", function (e) { e.preventDefault(); ctx.clearRect(0, 0, canvas.width, canvas.height); inked = false; input.value = ""; });
    fit();
  }
  function init(root) {
    (root || document).querySelectorAll("canvas[data-signature-pad]").forEach(function (c) {
      if (!c.dataset.ready) { c.dataset.ready = "1"; setup(c); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
