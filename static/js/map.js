// The map's print button. The page works without this; printing keeps folded sections folded,
// so the paper shows what the PDF shows: the answer, the steps, the contacts, the rules asked for.
document.querySelectorAll(".print-button").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
