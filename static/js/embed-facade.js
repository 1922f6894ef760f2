/* Embed facades (templates/includes/media_embed.html): nothing is fetched from the
   platform until the visitor presses the play button; then its player replaces the
   facade and takes the focus. Without this script the facade stays a box with a link.
   The page may include this file once per embed: it sets itself up only once. */
(function () {
  "use strict";
  if (window.btsEmbedFacade) {
    return;
  }
  window.btsEmbedFacade = true;

  function showButtons() {
    document.querySelectorAll(".embed-facade .embed-play[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function play(facade) {
    var src = facade.dataset.player || "";
    if (src.indexOf("https://") !== 0) {
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = facade.dataset.title || "Embedded player";
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    iframe.loading = "lazy";
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    facade.replaceChildren(iframe);
    facade.classList.add("embed-playing");
    iframe.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".embed-facade .embed-play");
    if (button) {
      play(button.closest(".embed-facade"));
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showButtons);
  } else {
    showButtons();
  }
})();
