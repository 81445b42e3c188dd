// Forms that ask before they act: <form data-confirm="Xoá mục này?">. Without JavaScript the form
// is sent at once; the view checks everything all the same.
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
