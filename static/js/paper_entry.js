/* Paper forms typed in as a grid (surveys: batch entry), keyboard only. A one-digit cell moves to
   the next cell as soon as a valid digit is typed; Enter moves on from any cell (an empty one is
   skipped), and Enter in the last cell saves the form. A digit out of range is refused on the
   spot. A SIPAS form takes 19 keystrokes: 11 digits, 5 Enters past "what to improve", 2 past the
   two comments, 1 to save. */
(function () {
  "use strict";
  var form = document.querySelector("form.paper-grid");
  if (!form) return;
  var cells = Array.prototype.slice.call(form.querySelectorAll(".grid-cell, .grid-text"));
  if (!cells.length) return;

  function next(cell) {
    var index = cells.indexOf(cell);
    if (index === cells.length - 1) {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
      return;
    }
    cells[index + 1].focus();
    if (cells[index + 1].select) cells[index + 1].select();
  }

  cells.forEach(function (cell) {
    cell.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        next(cell);
        return;
      }
      var top = Number(cell.dataset.digits || 0);
      if (top && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        var digit = Number(event.key);
        if (!/[0-9]/.test(event.key) || digit < 1 || digit > top) event.preventDefault();
      }
    });
    if (cell.dataset.single) {
      cell.addEventListener("input", function () {
        if (/^[1-9]$/.test(cell.value)) next(cell);
      });
    }
  });
  var first = cells.find(function (cell) { return cell.closest("tr").classList.contains("table-danger"); }) || cells[0];
  first.focus();
})();
