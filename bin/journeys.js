#!/usr/bin/env node
// The operator CLI. Runs the TypeScript sources directly (tsx), so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../services/cli/main.ts');
