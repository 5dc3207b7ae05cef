import { makeRecord, TEN_FINGERS, initCodec } from './src/index.ts';
await initCodec();
const set = (seed: string) => [...TEN_FINGERS.map((position) => ({ modality: 'finger' as const, position, purpose: 'Registration' as const, seed })), { modality: 'iris' as const, position: 'Left', purpose: 'Registration' as const, seed }, { modality: 'iris' as const, position: 'Right', purpose: 'Registration' as const, seed }, { modality: 'face' as const, purpose: 'Registration' as const, seed }];
for (let k = 0; k < 5; k++) for (const o of set(`p${k}`)) await makeRecord(o);
