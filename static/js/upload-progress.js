// Sends a form with files through XMLHttpRequest so the visitor sees how much
// has been uploaded. Without JavaScript the form is sent as usual.
(function () {
  "use strict";

  function showAnswer(xhr) {
    // A redirect after success: go where it leads. A refusal: show the page the
    // server answered with (the form with its errors).
    if (xhr.responseURL && xhr.responseURL !== window.location.href && xhr.status < 400) {
      window.location.assign(xhr.responseURL);
      return;
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  }

  function enhance(form) {
    if (form.dataset.uploadProgressReady) return;
    form.dataset.uploadProgressReady = "1";
    var box = form.querySelector(".upload-progress");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector(".upload-progress-text");
    if (!box || !bar || !window.FormData) return;
    form.addEventListener("submit", function (event) {
      var hasFile = Array.prototype.some.call(
        form.querySelectorAll('input[type="file"]'),
        function (input) { return input.files && input.files.length > 0; }
      );
      if (!hasFile) return; // nothing worth a progress bar
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open(form.method || "POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) return;
        var percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        text.textContent = percent < 100 ? percent + "% uploaded" : "Uploaded; processing…";
      });
      xhr.addEventListener("load", function () { showAnswer(xhr); });
      xhr.addEventListener("error", function () {
        text.textContent = "The upload failed; check your connection and try again.";
        if (button) button.disabled = false;
      });
      xhr.send(new FormData(form));
    });
  }

  function start() {
    document.querySelectorAll("form[data-upload-progress]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
