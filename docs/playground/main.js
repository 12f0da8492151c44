'use strict';
/** The playground page: the surface, schedule and network panels, each on its own section. */
const { surfacePanel } = require('./surface-panel');
const { schedulePanel } = require('./schedule-panel');
const { networkPanel } = require('./network-panel');

surfacePanel(document.getElementById('surfaces'));
schedulePanel(document.getElementById('schedules'));
networkPanel(document.getElementById('network'));
