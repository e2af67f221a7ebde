// Keeps the maps this person opens, to open again without a connection (pathways/views/offline.py).
// Progressive enhancement: without JavaScript or service workers the map is as it always was.
if ("serviceWorker" in navigator) {
  const script = document.currentScript;
  navigator.serviceWorker
    .register(script.dataset.worker, { scope: script.dataset.scope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // This page came from the network, not through the worker: ask the worker to keep it.
      if (!navigator.serviceWorker.controller && registration.active) {
        registration.active.postMessage({ keep: location.href });
      }
    })
    .catch(() => {});
}
