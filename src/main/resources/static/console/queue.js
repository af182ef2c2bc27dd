// The work queue's bulk form, checked before it is sent (the server refuses the same, this only saves the trip):
// nothing ticked and the whole group not chosen is refused on the page; an assignment needs its reason.
(function () {
  const form = document.getElementById('bulk');
  if (!form || !document.getElementById('bulk-submit')) {
    return;
  }
  form.addEventListener('submit', event => {
    const ticked = form.querySelectorAll('input[name=refs]:checked').length;
    const whole = document.getElementById('bulk-whole').checked;
    const assign = form.querySelector('select[name=action]').value === 'assign';
    const reason = document.getElementById('bulk-reason').value.trim();
    let problem = null;
    if (ticked === 0 && !whole) {
      problem = form.dataset.nothing;
    } else if (assign && reason === '') {
      problem = form.dataset.noreason;
    }
    if (problem) {
      event.preventDefault();
      let note = document.getElementById('bulk-check');
      if (!note) {
        note = document.createElement('div');
        note.id = 'bulk-check';
        note.className = 'flash error';
        form.querySelector('.panel').prepend(note);
      }
      note.textContent = problem;
    }
  });
})();
