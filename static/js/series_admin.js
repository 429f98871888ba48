/* Shows only the schedule choices that matter for the chosen repetition; without JavaScript all are shown. */
(function () {
  "use strict";
  var form = document.getElementById("series_form");
  if (!form) { return; }
  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }
  function update() {
    var repeats = checked("repeats");
    var mode = checked("monthly_mode") || "day";
    var ends = checked("ends");
    var repeating = ["daily", "weekly", "monthly", "yearly"].indexOf(repeats) !== -1;
    var monthly = repeats === "monthly" || repeats === "yearly";
    var visible = {
      interval: repeating,
      weekdays: repeats === "weekly",
      months: repeats === "yearly",
      monthly_mode: monthly,
      month_day: monthly && mode === "day",
      week_of_month: monthly && mode === "weekday",
      ends: repeating,
      count: repeating && ends === "count",
      until: repeating && ends === "until"
    };
    Object.keys(visible).forEach(function (name) {
      form.querySelectorAll(".form-row.field-" + name).forEach(function (row) {
        row.hidden = !visible[name] && !row.classList.contains("errors");
      });
    });
  }
  form.addEventListener("change", update);
  update();
})();
