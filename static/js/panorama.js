/* 360° panoramas (templates/includes/media_panorama.html): each .panorama becomes a
   pannellum viewer to look around in by dragging, swiping or with the arrow keys,
   once it is near the viewport. It takes the largest of the panorama's pictures
   (data-sources, a srcset) that the device's WebGL can hold as one texture, and no
   more than 4096 px wide on phones and small-memory devices (an 8192 px picture is
   128 MB of graphics memory). Without WebGL, without pannellum, or when the picture
   fails to load, the flat picture stays. The viewer is the container's
   `panoramaViewer`. The page may include this file once per panorama: it sets
   itself up only once. */
(function () {
  "use strict";
  if (window.btsPanorama) {
    return;
  }
  window.btsPanorama = true;

  var PHONE_WIDEST = 4096;
  var SAVE_DATA_WIDEST = 2400;

  function textureLimit() {
    var canvas = document.createElement("canvas");
    var gl = null;
    try {
      gl = canvas.getContext("webgl") || canvas.getContext("experimental-webgl");
    } catch (error) {
      gl = null;
    }
    if (!gl) {
      return 0;
    }
    var limit = gl.getParameter(gl.MAX_TEXTURE_SIZE) || 0;
    var lose = gl.getExtension("WEBGL_lose_context");
    if (lose) {
      lose.loseContext(); // browsers keep only a few contexts: give this one back
    }
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    var memory = navigator.deviceMemory;
    if (coarse || (memory && memory <= 4)) {
      limit = Math.min(limit, PHONE_WIDEST);
    }
    if (navigator.connection && navigator.connection.saveData) {
      limit = Math.min(limit, SAVE_DATA_WIDEST);
    }
    return limit;
  }

  // "url 480w, url 800w" → [{url, width}], smallest first.
  function parseSources(srcset) {
    return (srcset || "")
      .split(/,\s+/)
      .map(function (candidate) {
        var match = /^(\S+)\s+(\d+)w$/.exec(candidate.trim());
        return match ? { url: match[1], width: parseInt(match[2], 10) } : null;
      })
      .filter(Boolean)
      .sort(function (a, b) {
        return a.width - b.width;
      });
  }

  function pick(sources, limit) {
    var fitting = sources.filter(function (source) {
      return source.width <= limit;
    });
    return fitting.length ? fitting[fitting.length - 1] : null;
  }

  function number(value) {
    var parsed = parseFloat(value);
    return isFinite(parsed) ? parsed : null;
  }

  function setHint(container, key) {
    var hint = container.querySelector(".panorama-hint");
    var text = hint && hint.querySelector(".panorama-hint-text");
    if (text && hint.dataset[key]) {
      text.textContent = hint.dataset[key];
    }
  }

  function start(container, source) {
    var frame = container.querySelector(".panorama-frame");
    var stage = document.createElement("div");
    stage.className = "panorama-stage";
    stage.setAttribute("role", "application");
    stage.setAttribute("aria-roledescription", "360° viewer");
    stage.setAttribute("aria-label", container.dataset.label || "360° view");
    frame.appendChild(stage);
    container.classList.add("panorama-live");
    setHint(container, "loading");

    var config = {
      type: "equirectangular",
      panorama: source.url,
      autoLoad: true,
      showControls: true,
      compass: false,
      // The page scrolls with the wheel; the viewer zooms with it only in full screen.
      mouseZoom: "fullscreenonly",
      // The server's angles of view are the ones that count, not the file's.
      ignoreGPanoXMP: true,
    };
    var haov = number(container.dataset.haov);
    var vaov = number(container.dataset.vaov);
    var vOffset = number(container.dataset.voffset);
    if (haov && vaov) {
      config.haov = haov;
      config.vaov = vaov;
      config.vOffset = vOffset || 0;
      config.avoidShowingBackground = true;
    }

    var viewer;
    try {
      viewer = window.pannellum.viewer(stage, config);
    } catch (error) {
      stop(container, stage, null);
      return;
    }
    container.panoramaViewer = viewer;
    viewer.on("load", function () {
      // The viewer covers the flat picture, which panorama.css hides (for screen
      // readers too: the viewer's label carries its alt text).
      container.classList.add("panorama-ready");
      setHint(container, "live");
    });
    viewer.on("error", function () {
      stop(container, stage, viewer);
    });
  }

  // Back to the flat picture.
  function stop(container, stage, viewer) {
    if (viewer) {
      try {
        viewer.destroy();
      } catch (error) {
        // Already half torn down: the stage goes anyway.
      }
    }
    stage.remove();
    container.classList.remove("panorama-live", "panorama-ready");
    container.classList.add("panorama-flat");
    delete container.panoramaViewer;
    setHint(container, "flat");
  }

  function setUp() {
    var containers = Array.prototype.slice.call(
      document.querySelectorAll(".panorama[data-sources]")
    );
    if (!containers.length) {
      return;
    }
    if (!window.pannellum || typeof window.pannellum.viewer !== "function") {
      return;
    }
    var limit = textureLimit();
    if (!limit) {
      return;
    }
    var waiting = [];
    containers.forEach(function (container) {
      var hint = container.querySelector(".panorama-hint-text");
      if (hint) {
        container.querySelector(".panorama-hint").dataset.flat = hint.textContent;
      }
      var source = pick(parseSources(container.dataset.sources), limit);
      if (source) {
        waiting.push({ container: container, source: source });
      }
    });
    if (!("IntersectionObserver" in window)) {
      waiting.forEach(function (item) {
        start(item.container, item.source);
      });
      return;
    }
    // A viewer fetches a picture of several megabytes: only for panoramas about
    // to be seen.
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) {
            return;
          }
          observer.unobserve(entry.target);
          waiting.forEach(function (item) {
            if (item.container === entry.target) {
              start(item.container, item.source);
            }
          });
        });
      },
      { rootMargin: "200px 0px" }
    );
    waiting.forEach(function (item) {
      observer.observe(item.container);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
