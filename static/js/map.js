// The map's print button, and folded sections opened for printing. The page works without this.
document.querySelectorAll(".print-button").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
  button.nextElementSibling?.remove();
});
window.addEventListener("beforeprint", () => {
  document.querySelectorAll(".map details").forEach((d) => { d.open = true; });
});
