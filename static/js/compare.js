/* Before/after pairs (templates/includes/media_compare.html): stacks the two
   pictures in one frame and reveals the "after" from the left edge by the range
   input's value, which stays the control keyboards and screen readers use; dragging
   on the frame moves that same input. Without this script the pictures stay side by
   side. The page includes this file once per pair: it sets itself up only once. */
(function () {
  "use strict";
  if (window.btsCompare) {
    return;
  }
  window.btsCompare = true;

  function clamp(value) {
    return Math.min(100, Math.max(0, value));
  }

  // The frame has the before's proportions; the after fills it, cropped around its
  // focal point as every other crop of it is.
  function centreOnFocalPoint(layer) {
    var x = parseFloat(layer.dataset.focalX);
    var y = parseFloat(layer.dataset.focalY);
    if (isNaN(x) || isNaN(y)) {
      return;
    }
    var position = clamp(x * 100) + "% " + clamp(y * 100) + "%";
    layer.querySelectorAll("img").forEach(function (image) {
      image.style.objectPosition = position;
    });
  }

  function enhance(root) {
    var frame = root.querySelector(".compare-frame");
    var after = root.querySelector(".compare-after");
    var control = root.querySelector(".compare-control");
    var input = root.querySelector(".compare-range");
    // A picture still being prepared has no <img> yet: leave the pair side by side.
    if (!frame || !after || !control || !input ||
        frame.querySelectorAll("img:not(.placeholder)").length < 2) {
      return;
    }

    function show() {
      var value = clamp(Math.round(Number(input.value)));
      root.style.setProperty("--compare-reveal", value + "%");
      input.setAttribute("aria-valuetext", value + "% after");
    }

    function moveTo(event) {
      var box = frame.getBoundingClientRect();
      if (!box.width) {
        return;
      }
      var value = clamp(Math.round(((event.clientX - box.left) / box.width) * 100));
      if (String(value) !== input.value) {
        input.value = String(value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }

    function stop() {
      root.classList.remove("is-dragging");
    }

    // A tall pair is narrowed to fit on the screen (see compare.css).
    var before = frame.querySelector(".compare-before img:not(.placeholder)");
    var width = Number(before.getAttribute("width"));
    var height = Number(before.getAttribute("height"));
    if (width > 0 && height > 0) {
      root.style.setProperty("--compare-ratio", String(width / height));
    }

    var handle = document.createElement("span");
    handle.className = "compare-handle";
    handle.setAttribute("aria-hidden", "true");
    frame.appendChild(handle);
    centreOnFocalPoint(after);

    input.addEventListener("input", show);
    frame.addEventListener("dragstart", function (event) {
      event.preventDefault();
    });
    frame.addEventListener("pointerdown", function (event) {
      if (!event.isPrimary || event.button !== 0) {
        return;
      }
      frame.setPointerCapture(event.pointerId);
      root.classList.add("is-dragging");
      // A finger may be starting to scroll the page: it moves the divider only
      // once it moves sideways or lifts (a scroll cancels the pointer instead).
      if (event.pointerType !== "touch") {
        event.preventDefault();
        moveTo(event);
      }
    });
    frame.addEventListener("pointermove", function (event) {
      if (frame.hasPointerCapture(event.pointerId)) {
        moveTo(event);
      }
    });
    frame.addEventListener("pointerup", function (event) {
      if (event.pointerType === "touch") {
        moveTo(event);
      }
      stop();
    });
    frame.addEventListener("pointercancel", stop);
    frame.addEventListener("lostpointercapture", stop);

    show();
    control.hidden = false;
    root.classList.add("is-enhanced");
  }

  function enhanceAll() {
    document.querySelectorAll("[data-compare]:not(.is-enhanced)").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
