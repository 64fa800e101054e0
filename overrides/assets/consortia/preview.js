// Only in the preview (`make serve`): while an edit is refused, every page shows its problems, the
// same lines as the terminal, above the last good site. The build writes the problems file
// (consortia/preview.py); the preview reloads the page after every build, good or refused.
(function () {
  "use strict";
  var script = document.currentScript;
  fetch(script.dataset.problems, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] }; })
    .then(function (data) {
      if (!data.problems || !data.problems.length) return;
      var notice = document.createElement("section");
      notice.className = "cs-preview-problems";
      notice.setAttribute("role", "alert");
      notice.setAttribute("aria-labelledby", "cs-preview-problems-title");
      var title = document.createElement("h2");
      title.id = "cs-preview-problems-title";
      var count = data.problems.length;
      title.textContent = "Your last edit was not published: " + count + (count === 1 ? " problem" : " problems");
      var help = document.createElement("p");
      help.textContent = "The preview shows the last good site. Fix these lines and save; this notice goes away by itself.";
      var list = document.createElement("ul");
      data.problems.forEach(function (line) {
        var item = document.createElement("li");
        var code = document.createElement("code");
        code.textContent = line;
        item.appendChild(code);
        list.appendChild(item);
      });
      notice.append(title, help, list);
      document.body.insertBefore(notice, document.body.firstChild);
    })
    .catch(function () { /* no problems file: nothing to show */ });
})();
