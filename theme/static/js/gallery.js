// Galleries (plugins/images): a click on a photo opens it large in a native <dialog>; Esc, the button or a click
// beside the photo closes it and focus returns to the photo. Without JavaScript the link opens the large image.
(() => {
  const links = document.querySelectorAll(".gallery__link");
  if (!links.length || typeof HTMLDialogElement !== "function") return;
  const dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  dialog.setAttribute("aria-label", "Foto in voller Größe");
  dialog.innerHTML = '<button type="button" class="lightbox__close">Schließen</button>' +
    '<figure class="lightbox__figure"><img alt=""><figcaption></figcaption></figure>';
  document.body.append(dialog);
  const image = dialog.querySelector("img");
  const caption = dialog.querySelector("figcaption");
  dialog.querySelector("button").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => image.removeAttribute("src"));
  for (const link of links) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const thumbnail = link.querySelector("img");
      const text = link.closest("figure")?.querySelector("figcaption");
      image.src = link.href;
      image.alt = thumbnail ? thumbnail.alt : "";
      caption.textContent = text ? text.textContent : "";
      caption.hidden = !text;
      dialog.showModal();
    });
  }
})();
