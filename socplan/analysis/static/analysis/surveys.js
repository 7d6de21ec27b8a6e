// Needs surveys: hide questions whose condition is not met (the server ignores their
// answers anyway, so the questionnaire works the same without this script).
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-if-question]");
  if (!dependents.length) return;

  function answersOf(code) {
    var values = [];
    var fields = form.querySelectorAll("[name='q_" + code + "']");
    fields.forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox")) {
        if (field.checked) values.push(field.value);
      } else if (field.value) {
        values.push(field.value);
      }
    });
    return values;
  }

  function update() {
    dependents.forEach(function (block) {
      var wanted = block.getAttribute("data-if-values").split(" ");
      var parent = form.querySelector("[data-question='" + block.getAttribute("data-if-question") + "']");
      var parentShown = !parent || !parent.hidden;
      var shown = parentShown && answersOf(block.getAttribute("data-if-question")).some(function (v) {
        return wanted.indexOf(v) !== -1;
      });
      block.hidden = !shown;
    });
  }
  form.addEventListener("change", update);
  update();
})();
