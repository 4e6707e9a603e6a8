// Videos (partials/video.html): nothing comes from the video's site until the visitor
// presses play. The link to the video's page becomes a button that puts the player
// (youtube-nocookie.com, or Vimeo with dnt=1) in its place, in the same 16:9 box.
document.querySelectorAll(".video a[data-embed]").forEach((link) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.append(...link.childNodes);
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.src = link.dataset.embed;
    frame.title = link.dataset.title;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    button.replaceWith(frame);
    frame.focus();
  });
  link.replaceWith(button);
});
