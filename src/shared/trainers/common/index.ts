export * from './types';
export * from './json-object';
export * from './rules';
export * from './schema-walk';
export * from './toml-emitter';
export * from './header';
export * from './define-field';
export * from './world-checks';
