/* Focal point picker (templates/media_assets/focal_point_fields.html, admin's
   media forms). The two number inputs, "across" and "down" in per cent, are the
   control: they work without this script and for anyone who prefers typing. With
   it, the picture beside them ([data-focal-point]) shows a marker where they
   point; a click or tap on the picture sets both, and the arrow keys move the point
   while the picture has focus (Shift: ten steps at a time). A preview marked
   data-focal-from-file shows the file chosen in its file input, once one is.
   The inputs are found in the nearest [data-focal-scope], admin inline row or form
   (data-focal-axis="x" and "y"). Admin rows added later are set up as they come. */
(function () {
  "use strict";
  if (window.btsFocalPoint) {
    return;
  }
  window.btsFocalPoint = true;

  var STEP = 1;
  var BIG_STEP = 10;
  var MOVES = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1]
  };

  function clamp(value) {
    return Math.min(100, Math.max(0, value));
  }

  function tenths(value) {
    return Math.round(value * 10) / 10;
  }

  function scopeOf(node) {
    return node.closest("[data-focal-scope], .inline-related, form") || document;
  }

  function inputsOf(preview) {
    var scope = scopeOf(preview);
    return {
      x: scope.querySelector('input[data-focal-axis="x"]'),
      y: scope.querySelector('input[data-focal-axis="y"]')
    };
  }

  // An empty or unreadable input means the centre, as the server takes it.
  function valueOf(input) {
    var value = parseFloat(input.value);
    return isNaN(value) ? 50 : clamp(value);
  }

  function fileInputOf(preview) {
    var id = preview.getAttribute("data-focal-from-file");
    if (id) {
      return document.getElementById(id);
    }
    var row = preview.closest(".inline-related, form");
    return row && row.querySelector('input[type="file"]');
  }

  function enhance(preview) {
    if (preview.dataset.focalPointReady || preview.closest(".empty-form")) {
      return;
    }
    var inputs = inputsOf(preview);
    if (!inputs.x || !inputs.y) {
      return;
    }
    preview.dataset.focalPointReady = "1";

    var marker = document.createElement("span");
    marker.className = "focal-point-marker";
    marker.setAttribute("aria-hidden", "true");
    preview.appendChild(marker);
    preview.classList.add("is-picker");
    preview.tabIndex = 0;
    // A two-way slider: its value is "across"; its text says both.
    preview.setAttribute("role", "slider");
    preview.setAttribute("aria-label", "Focal point");
    preview.setAttribute("aria-valuemin", "0");
    preview.setAttribute("aria-valuemax", "100");
    var hint = scopeOf(preview).querySelector(".focal-point-hint");
    if (hint) {
      hint.hidden = false;
    }

    function show() {
      var x = valueOf(inputs.x);
      var y = valueOf(inputs.y);
      marker.style.left = x + "%";
      marker.style.top = y + "%";
      preview.setAttribute("aria-valuenow", String(tenths(x)));
      preview.setAttribute(
        "aria-valuetext",
        tenths(x) + "% across, " + tenths(y) + "% down"
      );
    }

    function set(x, y) {
      [[inputs.x, x], [inputs.y, y]].forEach(function (pair) {
        var text = String(tenths(clamp(pair[1])));
        if (pair[0].value !== text) {
          pair[0].value = text;
          pair[0].dispatchEvent(new Event("input", { bubbles: true }));
          pair[0].dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      show();
    }

    preview.addEventListener("click", function (event) {
      var image = preview.querySelector("img");
      var box = image && image.getBoundingClientRect();
      if (!box || !box.width || !box.height) {
        return;
      }
      set(
        ((event.clientX - box.left) / box.width) * 100,
        ((event.clientY - box.top) / box.height) * 100
      );
      preview.focus();
    });

    preview.addEventListener("keydown", function (event) {
      var move = MOVES[event.key];
      if (!move || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      event.preventDefault();
      var step = event.shiftKey ? BIG_STEP : STEP;
      set(valueOf(inputs.x) + move[0] * step, valueOf(inputs.y) + move[1] * step);
    });

    inputs.x.addEventListener("input", show);
    inputs.y.addEventListener("input", show);

    if (preview.hasAttribute("data-focal-from-file")) {
      showChosenFile(preview, fileInputOf(preview));
    }
    show();
  }

  // The file chosen for upload as the preview; a format the browser cannot show
  // (HEIC, say) leaves it hidden, and the inputs still work.
  function showChosenFile(preview, fileInput) {
    if (!fileInput || !window.URL || !URL.createObjectURL) {
      return;
    }
    var address = null;
    function update() {
      if (address) {
        URL.revokeObjectURL(address);
        address = null;
      }
      var file = fileInput.files && fileInput.files[0];
      var image = preview.querySelector("img");
      if (!file || !/^image\//.test(file.type)) {
        preview.hidden = true;
        return;
      }
      if (!image) {
        image = document.createElement("img");
        image.alt = "";
        image.addEventListener("error", function () {
          preview.hidden = true;
        });
        preview.insertBefore(image, preview.firstChild);
      }
      address = URL.createObjectURL(file);
      image.src = address;
      preview.hidden = false;
    }
    fileInput.addEventListener("change", update);
    update();
  }

  function start(root) {
    root.querySelectorAll("[data-focal-point]").forEach(enhance);
  }

  document.addEventListener("formset:added", function (event) {
    start(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    start(document);
  }
})();
