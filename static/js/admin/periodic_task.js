// The admin's periodic task form (django-celery-beat): shows the chosen crontab in words under
// the field, as the package's own inline script does.
(function ($) {
  "use strict";
  var script = document.getElementById("periodic-task-overrides");
  var data = document.getElementById("readable-crontabs");
  if (!script || !data) return;
  var readable = JSON.parse(data.textContent);
  var help = script.getAttribute("data-crontab-help") || "";
  var label = script.getAttribute("data-label") || "";
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var box = $(".field-crontab .help");
    box.text(help).append("<br>").append(document.createTextNode(label + " " + (readable[$("#id_crontab").val()] || "")));
  });
})(django.jQuery);
