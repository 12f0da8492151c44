'use strict';
/**
 * The playground page: the surface and schedule panels draw at once; the network panel's
 * bundle (tfjs, brain.js and the MNIST digits, most of the page's weight) loads after that
 * first render. `#…&panel=id` scrolls to a panel.
 */
const { surfacePanel } = require('./surface-panel');
const { schedulePanel } = require('./schedule-panel');

surfacePanel(document.getElementById('surfaces'));
schedulePanel(document.getElementById('schedules'));

// A guide's "open in the playground" link names the panel it came from.
const panel = new URLSearchParams(location.hash.slice(1)).get('panel');
if (panel) document.getElementById(panel)?.scrollIntoView();

requestAnimationFrame(() => {
  const script = document.createElement('script');
  script.src = 'playground-network.js';
  document.body.append(script);
});
