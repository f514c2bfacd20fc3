#!/usr/bin/env node
// The `datapedia` command: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../gateway/cli/index.ts');
