import { describeConformance } from '@descent/conformance/jest';
import { createTarget } from '@descent/augment/conformance';

// Every committed torchvision case, run by the typed-array ops.
describeConformance(() => createTarget('augment'), 'descent-augment/1');
