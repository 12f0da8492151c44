import { adam } from '@descent/tfjs';
import { run } from './browser-app.mjs';

globalThis.bundleCheck = run(adam({ learningRate: 0.05 }));
