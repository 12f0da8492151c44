'use strict';
/** The playground's network panel, bundled apart (playground-network.js) and loaded after the page's first render. */
const { networkPanel } = require('./network-panel');

networkPanel(document.getElementById('network'));
