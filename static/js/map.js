// The map's print button. The page works without this; printing keeps folded sections folded,
// so the paper shows what the PDF shows: the answer, the steps, the contacts, the rules asked for.
function showPrintButtons(root) {
  root.querySelectorAll(".print-button[hidden]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
}
showPrintButtons(document);

// "Berätta mer" (htmx, where it is loaded): the refined map is swapped in in place. Its buttons
// come anew, and the focus goes to the new map's answer, so a screen reader reads what changed.
document.addEventListener("htmx:afterSettle", (event) => {
  const map = event.detail.elt;
  if (map.id !== "karta") return;
  showPrintButtons(map);
  const heading = map.querySelector("#svar-h");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
});
