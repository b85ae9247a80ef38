#!/usr/bin/env node
// The operator CLI. Runs the TypeScript sources directly (tsx), so there is no build step.
import { register } from 'tsx/esm/api';

register();
// `journeys … | head`: the reader went away; what is left to print has no one to read it.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
await import('../services/cli/main.ts');
