// Review of proposed redactions: unticking a proposal un-highlights it in the text, and
// selecting text adds its character range to the "ranges to redact" box. The form works
// without this script.
(function () {
  "use strict";
  function offsetIn(node, offset) {
    var el = node.nodeType === 3 ? node.parentElement : node;
    if (!el || !el.dataset || el.dataset.start === undefined) { return null; }
    // Offsets are counted in characters (code points), as the server counts them; the
    // browser counts UTF-16 units, which differ after an emoji.
    var within = node.nodeType === 3 ? Array.from(node.data.slice(0, offset)).length : 0;
    return parseInt(el.dataset.start, 10) + within;
  }
  function ready() {
    var box = document.getElementById("redaction-text");
    var ranges = document.getElementById("add_offsets");
    if (!box || !ranges) { return; }
    document.querySelectorAll("input[name=accept]").forEach(function (input) {
      input.addEventListener("change", function () {
        var mark = box.querySelector("mark[data-mark='" + input.dataset.mark + "']");
        if (mark) { mark.classList.toggle("rejected", !input.checked); }
      });
    });
    box.addEventListener("mouseup", function () {
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || !box.contains(sel.anchorNode)) { return; }
      var a = offsetIn(sel.anchorNode, sel.anchorOffset);
      var b = offsetIn(sel.focusNode, sel.focusOffset);
      if (a === null || b === null || a === b) { return; }
      var line = Math.min(a, b) + "-" + Math.max(a, b);
      ranges.value = (ranges.value.trim() ? ranges.value.trim() + "\n" : "") + line;
    });
  }
  document.addEventListener("DOMContentLoaded", ready);
}());
