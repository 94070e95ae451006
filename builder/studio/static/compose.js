// Drag and drop for the composer's programme: moves the line, then asks the server to check the new order.
// The buttons on each line do the same without a mouse; this file only adds the mouse.
(function () {
  let dragged = null;
  document.addEventListener("dragstart", function (event) {
    const row = event.target.closest && event.target.closest("#programme li[draggable]");
    if (!row) return;
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("#programme li")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    const row = event.target.closest && event.target.closest("#programme li");
    if (!dragged || !row || row === dragged) return;
    event.preventDefault();
    const box = row.getBoundingClientRect();
    row.parentNode.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? row.nextSibling : row);
    dragged = null;
    htmx.trigger(document.getElementById("composer"), "reordered");
  });
  document.addEventListener("dragend", function () { dragged = null; });
})();
