'use strict';
/**
 * The playground's network panel, bundled apart (playground-network.js) and loaded after the
 * page's first render; it trains in the worker playground-network-worker.js.
 */
const { networkPanel } = require('./network-panel');

networkPanel(document.getElementById('network'), 'playground-network-worker.js');
