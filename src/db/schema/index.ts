// Every table of the service; drizzle-kit reads this folder to generate migrations.
export * from './directory.js';
export * from './services.js';
export * from './messages.js';
export * from './compensation.js';
export * from './delegations.js';
export * from './api-clients.js';
export * from './kinds.js';
export * from './providers.js';
export * from './default-provider.js';
export * from './closing.js';
export * from './fees.js';
export * from './idempotency.js';
