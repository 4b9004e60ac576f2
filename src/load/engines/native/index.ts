export { NativeEngine } from './native-engine.js';
