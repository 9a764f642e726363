export { createEngine, type Engine, type EngineOptions } from './engine';
export { APP_VERSION } from './version';
export { defaultActor } from './actor';
