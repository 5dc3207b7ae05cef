import { synthesizeIris, synthesizeFace, irisQuality, faceQuality } from './src/index.ts';
for (let k = 0; k < 8; k++) {
  for (const eye of [1, 2]) irisQuality(synthesizeIris({ seed: `s${k}`, eyeLabel: eye, width: 640, height: 480, irisRadius: 120, masked: false }), 210);
  faceQuality(synthesizeFace({ seed: `s${k}`, width: 480, height: 640 }));
}
