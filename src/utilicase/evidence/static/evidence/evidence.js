// Evidence pages: the capture time of a chosen photo (the file's own time, which a phone's
// camera sets when it takes the picture) goes into the hidden field the input names; the
// "use my location" button fills latitude and longitude from the phone's position.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(ms) {
    var d = new Date(ms), off = -d.getTimezoneOffset(), sign = off >= 0 ? "+" : "-";
    off = Math.abs(off);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
      pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60);
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.dataset || !input.dataset.capturedAt) return;
    var hidden = document.getElementById(input.dataset.capturedAt);
    if (hidden) hidden.value = input.files && input.files[0] ? iso(input.files[0].lastModified || Date.now()) : "";
  });
  document.addEventListener("click", function (e) {
    if (!e.target.matches || !e.target.matches("[data-ev-locate]")) return;
    e.preventDefault();
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("id_latitude").value = p.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = p.coords.longitude.toFixed(6);
    });
  });
})();
