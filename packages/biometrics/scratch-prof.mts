import { makeRecord, TEN_FINGERS, initCodec } from './src/index.ts';
await initCodec();
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  for (const position of TEN_FINGERS) await makeRecord({ modality: 'finger', position, purpose: 'Registration', seed: `p${k}` });
  for (const position of ['Left', 'Right']) await makeRecord({ modality: 'iris', position, purpose: 'Registration', seed: `p${k}` });
  await makeRecord({ modality: 'face', purpose: 'Registration', seed: `p${k}` });
  console.log('reg', (performance.now() - t).toFixed(0));
}
