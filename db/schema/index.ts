export * from './staff.js';
export * from './customers.js';
export * from './strategies.js';
export * from './calls.js';
export * from './audit.js';
