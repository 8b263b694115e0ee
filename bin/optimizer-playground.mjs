#!/usr/bin/env node
// `npx optimizer-playground …`: the CLI (cli/main.ts), run through tsx like the rest of the project.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
