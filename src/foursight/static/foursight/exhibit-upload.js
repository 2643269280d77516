// Upload progress for forms marked data-upload-progress="<id of a hidden progress box>"
// (the exhibit register and the Evidence tab's import). Without script the form is an
// ordinary multipart post; with it, the same form data is sent by XHR so the page can show
// "Uploading... n%" while the file is sent and "Analysing..." while the server checks and
// stores it. The server answers a success with a redirect (XHR follows it: the page goes
// to its address, where a banner says what was done) and a refusal with the form page
// again (status 400), whose <main> replaces this one.
(function () {
  "use strict";

  function sizeText(bytes) {
    var units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
  }

  function send(form) {
    var box = document.getElementById(form.getAttribute("data-upload-progress"));
    var bar = box.querySelector("progress");
    var status = box.querySelector("[role=status]");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    box.hidden = false;
    button.disabled = true;
    status.textContent = "Uploading…";
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        var percent = Math.floor((100 * event.loaded) / event.total);
        bar.value = percent;
        status.textContent =
          "Uploading… " + percent + "% (" + sizeText(event.loaded) + " of " +
          sizeText(event.total) + ")";
        box.setAttribute("data-percent", String(percent));
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      box.setAttribute("data-percent", "100");
      status.textContent = "Uploaded. Analysing the file: checking it and storing it…";
      box.setAttribute("data-state", "analysing");
    });
    xhr.addEventListener("load", function () {
      var target = xhr.responseURL || "";
      if (xhr.status < 300 && target && target !== form.action) {
        window.location.assign(target);
        return;
      }
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var main = page.querySelector("main");
      if (main) {
        document.querySelector("main").innerHTML = main.innerHTML;
        var alert = document.querySelector("main [role=alert]");
        if (alert) {
          alert.setAttribute("tabindex", "-1");
          alert.focus();
        }
      } else {
        status.textContent = "The upload was not accepted (" + xhr.status + ").";
        button.disabled = false;
      }
    });
    xhr.addEventListener("error", function () {
      status.textContent = "The upload did not complete: the connection failed. Nothing was stored.";
      button.disabled = false;
    });
    xhr.open("POST", form.getAttribute("action"));
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload-progress")) {
      return;
    }
    if (!window.FormData || !window.XMLHttpRequest) {
      return;
    }
    event.preventDefault();
    send(form);
  });
})();
