// Filters the matrix by area, tag and status; a click on a failing cell shows its output.
function applyFilters() {
  var area = document.getElementById('area').value;
  var tag = document.getElementById('tag').value;
  var status = document.getElementById('status').value;
  var rows = document.querySelectorAll('tr.program');
  var shown = 0;
  for (var i = 0; i < rows.length; ++i) {
    var row = rows[i];
    var visible = (!area || row.dataset.area === area) &&
        (!tag || (' ' + row.dataset.tags + ' ').indexOf(' ' + tag + ' ') >= 0) &&
        (!status || (' ' + row.dataset.status + ' ').indexOf(' ' + status + ' ') >= 0);
    row.hidden = !visible;
    shown += visible ? 1 : 0;
    var detail = document.getElementById('detail-' + row.dataset.index);
    if (detail && !visible) detail.hidden = true;
  }
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' programs';
}
function toggleDetail(index) {
  var detail = document.getElementById('detail-' + index);
  if (detail) detail.hidden = !detail.hidden;
}
document.addEventListener('DOMContentLoaded', function () {
  ['area', 'tag', 'status'].forEach(function (id) {
    document.getElementById(id).addEventListener('change', applyFilters);
  });
  applyFilters();
});
