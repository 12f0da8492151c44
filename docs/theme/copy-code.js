'use strict';
/**
 * Adds a "Copy" button to every code block of a docs page: it copies the code (not the
 * printed output) to the clipboard and says "Copied" for a moment.
 */
document.querySelectorAll('pre.code, pre > code[class^="language-"]').forEach((node) => {
  const pre = node.tagName === 'PRE' ? node : node.parentElement;
  if (pre.querySelector('button.copy')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy';
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(pre.querySelector('code').textContent).then(
      () => { button.textContent = 'Copied'; },
      () => { button.textContent = 'Select and copy'; },
    );
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
  pre.classList.add('has-copy');
  pre.prepend(button);
});
