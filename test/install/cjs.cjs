'use strict';
// The packages through require(): their CommonJS builds.
const tf = require('@tensorflow/tfjs');
const core = require('@descent/core');
const tfjs = require('@descent/tfjs');
const brain = { ...require('brain.js'), ...require('@descent/brain') };
const augment = require('@descent/augment');
const augmentTfjs = require('@descent/augment/tfjs');
const work = require('./work.cjs');

const resolved = ['@descent/core', '@descent/tfjs', '@descent/brain', '@descent/augment', '@descent/augment/tfjs'].map((name) => require.resolve(name));
work({ tf, core, tfjs, brain, augment, augmentTfjs }).then((result) => console.log(JSON.stringify({ resolved, result })));
