// "Lyssna" (templates/pathways/map/_listen.html): the browser's own speech synthesis reads the
// map's main text aloud in Swedish. Nothing is sent anywhere: the device speaks. Without speech
// synthesis the control stays hidden, and the page is the same without it.
function setUpListening(box) {
  if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) return;
  if (box.dataset.ready) return;
  box.dataset.ready = "yes";
  const start = box.querySelector(".listen-start");
  const stop = box.querySelector(".listen-stop");
  const note = box.querySelector(".listen-note");
  const speech = window.speechSynthesis;

  function swedishVoice() {
    return speech.getVoices().find((voice) => voice.lang.replace("_", "-").startsWith("sv"));
  }

  function stopped() {
    start.hidden = false;
    stop.hidden = true;
  }

  start.addEventListener("click", () => {
    const parts = document.querySelectorAll(box.dataset.listen);
    const text = Array.from(parts, (part) => part.innerText.trim()).join("\n\n");
    const utterance = new SpeechSynthesisUtterance(text);
    // The map's texts are Swedish: with no Swedish voice the device may still try, but say so.
    utterance.lang = "sv-SE";
    const voice = swedishVoice();
    if (voice) utterance.voice = voice;
    note.textContent = voice ? "" : note.dataset.noVoice;
    utterance.addEventListener("end", stopped);
    utterance.addEventListener("error", stopped);
    speech.cancel();
    speech.speak(utterance);
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
  });

  stop.addEventListener("click", () => {
    speech.cancel();
    stopped();
    start.focus();
  });

  box.hidden = false;
}

document.querySelectorAll("[data-listen]").forEach(setUpListening);
// "Berätta mer" swaps in a new map (htmx, static/js/map.js): its control is set up anew.
document.addEventListener("htmx:afterSettle", (event) => {
  event.detail.elt.querySelectorAll("[data-listen]").forEach(setUpListening);
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
});
