import { fastAtan2, fastSin } from './src/synth/fastmath.ts';
let e = 0, es = 0;
for (let i = 0; i < 2e6; i++) { const y = Math.random() * 2 - 1, x = Math.random() * 2 - 1; e = Math.max(e, Math.abs(fastAtan2(y, x) - Math.atan2(y, x))); const v = (Math.random() - 0.5) * 2000; es = Math.max(es, Math.abs(fastSin(v) - Math.sin(v))); }
console.log('atan2 err', e, 'sin err', es, fastAtan2(0, -1), fastAtan2(1, 0), fastAtan2(-1e-9, -1));
let t = performance.now(); let s = 0; for (let i = 0; i < 1e7; i++) s += Math.atan2(i % 97 - 48, i % 89 - 44); console.log('Math.atan2', performance.now() - t);
t = performance.now(); for (let i = 0; i < 1e7; i++) s += fastAtan2(i % 97 - 48, i % 89 - 44); console.log('fastAtan2', performance.now() - t);
t = performance.now(); for (let i = 0; i < 1e7; i++) s += Math.sin(i * 0.001); console.log('Math.sin', performance.now() - t);
t = performance.now(); for (let i = 0; i < 1e7; i++) s += fastSin(i * 0.001); console.log('fastSin', performance.now() - t);
t = performance.now(); for (let i = 0; i < 1e7; i++) s += Math.log(i + 1.5); console.log('Math.log', performance.now() - t);
t = performance.now(); for (let i = 0; i < 1e7; i++) s += Math.hypot(i, 3); console.log('Math.hypot', performance.now() - t);
console.log(s > 0);
