// Type-to-filter for a long <select data-filter-label="…">: a search box that narrows the options
// as you type (a phone's picker cannot be typed into). Without JavaScript the plain select works.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function enhance(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    // Options are removed rather than hidden: iOS Safari ignores hidden <option>s.
    var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
      return { group: group, options: Array.prototype.slice.call(group.children) };
    });
    var wrapper = document.createElement("div");
    wrapper.className = "filter";
    var id = select.id + "-filter";
    var status = document.createElement("p");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    wrapper.innerHTML = '<label class="label" for="' + id + '"></label>' +
      '<input class="input" type="search" id="' + id + '" autocomplete="off" spellcheck="false">';
    wrapper.querySelector("label").textContent = select.dataset.filterLabel;
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select.previousElementSibling || select);
    var input = wrapper.querySelector("input");

    input.addEventListener("input", function () {
      var wanted = normalise(input.value.trim());
      var shown = [];
      groups.forEach(function (entry) {
        entry.options.forEach(function (option) {
          var match = !wanted || normalise(option.textContent).indexOf(wanted) !== -1;
          if (match) {
            entry.group.appendChild(option);
            shown.push(option);
          } else if (option.parentNode) {
            option.remove();
          }
        });
        entry.group.hidden = !entry.group.children.length;
      });
      if (wanted && shown.length === 1) shown[0].selected = true;
      status.textContent = wanted ? select.dataset.filterCount.replace("%s", shown.length) : "";
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-filter-label]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
