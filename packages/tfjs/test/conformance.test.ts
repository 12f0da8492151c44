import { describeConformance } from '@descent/conformance/jest';
import { createTarget } from '@descent/tfjs/conformance';

describe('tfjs (cpu, fused kernels)', () => describeConformance(() => createTarget('tfjs')));
describe('tfjs (cpu, tf ops)', () => describeConformance(() => createTarget('tfjs', { execution: 'ops' })));
describe('tfjs-wasm (fused on the wasm heap)', () => describeConformance(() => createTarget('tfjs-wasm')));
describe('tfjs-wasm (tf ops)', () => describeConformance(() => createTarget('tfjs-wasm', { execution: 'ops' })));
